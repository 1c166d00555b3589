import { describe, expect, it } from 'vitest';
import { serveHost, type ParentLink } from '../../../src-main/device-host/host-server.js';
import type { HostToParent } from '../../../src-main/device-host/host-protocol.js';
import { createStation, inProcessBackend } from '../../../src-main/station.js';

/** An in-memory parent link: what the host sends is recorded; `deliver` plays the parent. */
function memoryLink(): ParentLink & { sent: HostToParent[]; deliver(raw: unknown): void; next(): Promise<HostToParent> } {
  let listener: (raw: unknown) => void = () => undefined;
  const waiters: ((m: HostToParent) => void)[] = [];
  const sent: HostToParent[] = [];
  return {
    sent,
    send(message) {
      sent.push(message);
      waiters.shift()?.(message);
    },
    onMessage: (l) => void (listener = l),
    deliver: (raw) => listener(raw),
    next: () => new Promise((resolve) => waiters.push(resolve)),
  };
}

async function served() {
  const station = await createStation({ shell: 'web', serial: false, simulatedDevices: 0 });
  const link = memoryLink();
  const bad: unknown[] = [];
  let shutdowns = 0;
  serveHost(inProcessBackend(station), link, { onShutdown: () => shutdowns++, onBadMessage: (raw) => bad.push(raw) });
  return { link, bad, shutdowns: () => shutdowns };
}

describe('serveHost', () => {
  it('answers invokes through the gate, relays events and reports bad messages', async () => {
    const { link, bad } = await served();
    let answer = link.next();
    link.deliver({ type: 'invoke', id: 1, name: 'simulator.attach', input: {} });
    const event = await answer;
    expect(event).toMatchObject({ type: 'event', name: 'device.attached' });
    expect(await link.next()).toMatchObject({ type: 'result', id: 1, envelope: { ok: true } });

    answer = link.next();
    link.deliver({ type: 'invoke', id: 2, name: 'simulator.attach', input: { label: 5 } });
    expect(await answer).toMatchObject({ type: 'result', id: 2, envelope: { ok: false, error: { code: 'INVALID_REQUEST' } } });

    link.deliver({ type: 'invoke', id: 'three', name: 'devices.list' });
    link.deliver('hello');
    expect(bad).toEqual([{ type: 'invoke', id: 'three', name: 'devices.list' }, 'hello']);
  });

  it('closes the backend on shutdown and refuses later calls', async () => {
    const { link, shutdowns } = await served();
    link.deliver({ type: 'shutdown' });
    const answer = link.next();
    link.deliver({ type: 'invoke', id: 9, name: 'devices.list', input: undefined });
    expect(await answer).toMatchObject({ type: 'result', id: 9, envelope: { ok: false, error: { code: 'DEVICE_DISCONNECTED' } } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(shutdowns()).toBe(1);
  });
});
