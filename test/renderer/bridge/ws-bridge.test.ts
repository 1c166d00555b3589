import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createStation, inProcessBackend, type Station } from '../../../src-main/station.js';
import { startWebStation, type WebStation } from '../../../src-main/web/web-station.js';
import type { ConnectionStatus } from '../../../src-renderer/bridge/connection-status.js';
import { createWsBridge, type SocketLike, type WsBridge } from '../../../src-renderer/bridge/ws-bridge.js';

let station: Station;
let web: WebStation;
const bridges: WsBridge[] = [];

/** The bridge over a real `ws` socket, sending the page's Origin like a browser would. */
function bridgeTo(w: WebStation, token: string | undefined, retryDelaysMs: readonly number[] = [20]): WsBridge {
  const bridge = createWsBridge({
    url: `${w.origin.replace('http', 'ws')}/ws`,
    token,
    retryDelaysMs,
    createSocket: (url, protocols) => new WebSocket(url, protocols, { origin: w.origin }) as unknown as SocketLike,
  });
  bridges.push(bridge);
  return bridge;
}

function statusBecomes(bridge: WsBridge, kind: ConnectionStatus['kind']): Promise<ConnectionStatus> {
  return new Promise((resolve) => {
    if (bridge.status.current().kind === kind) return resolve(bridge.status.current());
    const off = bridge.status.subscribe((s) => {
      if (s.kind === kind) {
        off();
        resolve(s);
      }
    });
  });
}

beforeAll(async () => {
  station = await createStation({ shell: 'web', serial: false, simulatedDevices: 1 });
  web = await startWebStation({ backend: inProcessBackend(station), rendererDir: 'out/renderer' });
});
afterEach(() => {
  for (const b of bridges.splice(0)) b.dispose();
});
afterAll(async () => {
  await web.close();
  await station.close();
});

describe('WebSocket bridge against the real web station', () => {
  it('queues calls made while connecting and answers them with contract-checked values', async () => {
    const bridge = bridgeTo(web, web.token);
    expect(bridge.status.current().kind).toBe('connecting');
    const info = await bridge.api.invoke('station.info', undefined);
    expect(info).toMatchObject({ ok: true, value: { name: 'Bootbench', shell: 'web' } });
    expect(bridge.status.current().kind).toBe('connected');
  });

  it('delivers events to subscribers until they unsubscribe', async () => {
    const bridge = bridgeTo(web, web.token);
    const seen: string[] = [];
    // The first announcement of each plugged handset (identification re-announces it, an upsert).
    const off = bridge.api.on('device.attached', (d) => d.identification === 'pending' && seen.push(d.label));
    await bridge.api.invoke('simulator.attach', { label: 'one' });
    await expect.poll(() => seen).toEqual(['one']);
    off();
    const other = bridgeTo(web, web.token);
    const later: string[] = [];
    other.api.on('device.attached', (d) => d.identification === 'pending' && later.push(d.label));
    await statusBecomes(other, 'connected');
    await bridge.api.invoke('simulator.attach', { label: 'two' });
    await expect.poll(() => later).toEqual(['two']);
    expect(seen).toEqual(['one']);
  });

  it('returns error envelopes from the gate as data', async () => {
    const bridge = bridgeTo(web, web.token);
    const result = await bridge.api.invoke('simulator.detach', { deviceId: 'simulated:nope' as never });
    expect(result).toMatchObject({ ok: false, error: { code: 'DEVICE_NOT_FOUND' } });
  });

  it('throws TypeError for names outside the contract, like the preload', () => {
    const bridge = bridgeTo(web, web.token);
    expect(() => bridge.api.invoke('fs.readFile' as never, undefined as never)).toThrow(TypeError);
    expect(() => bridge.api.on('ipc.raw' as never, () => undefined)).toThrow(TypeError);
    expect(Object.keys(bridge.api).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(bridge.api)).toBe(true);
  });

  it('goes to the refused state with the station’s error on a wrong token, and answers calls with it', async () => {
    const bridge = bridgeTo(web, 'wrong');
    const status = await statusBecomes(bridge, 'refused');
    expect(status).toMatchObject({ kind: 'refused', error: { code: 'AUTH_FAILED' } });
    expect(await bridge.api.invoke('devices.list', undefined)).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' } });
  });

  it('reports STATION_UNREACHABLE for pending calls when the station goes away, then reconnects', async () => {
    const s2 = await createStation({ shell: 'web', serial: false, simulatedDevices: 0 });
    const w2 = await startWebStation({ backend: inProcessBackend(s2), token: 'fixed-token-for-this-test', rendererDir: 'out/renderer' });
    const port = w2.port;
    const bridge = bridgeTo(w2, 'fixed-token-for-this-test');
    await statusBecomes(bridge, 'connected');
    await w2.close();
    await statusBecomes(bridge, 'disconnected');
    const pending = bridge.api.invoke('devices.list', undefined);
    const w3 = await startWebStation({ backend: inProcessBackend(s2), token: 'fixed-token-for-this-test', port, rendererDir: 'out/renderer' });
    try {
      expect(await pending).toMatchObject({ ok: true, value: [] });
      expect(bridge.status.current().kind).toBe('connected');
    } finally {
      await w3.close();
      await s2.close();
    }
  });
});
