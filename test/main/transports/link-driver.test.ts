import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLinkEndpoint } from '../../../src-shared/link/link-endpoint.js';
import type { LinkEvent } from '../../../src-shared/link/link-types.js';
import { utf8Decode, utf8Encode } from '../../../src-shared/link/utf8.js';
import type { Random } from '../../../src-shared/ports/clock.js';
import { LinkDriver } from '../../../src-main/transports/link-driver.js';
import { openSerialChannel, type SerialPortChannel } from '../../../src-main/transports/serial-channel.js';
import { startSocatPair, type SocatPair } from './socat-pair.js';

const random: Random = { bytes: (n) => new Uint8Array(randomBytes(n)) };

describe('Bootbench link over a real socat pty pair', () => {
  let pair: SocatPair;
  let channels: SerialPortChannel[] = [];
  let station: LinkDriver;
  let device: LinkDriver;

  beforeEach(async () => {
    pair = await startSocatPair();
    channels = [await openSerialChannel({ path: pair.a }), await openSerialChannel({ path: pair.b })];
    station = new LinkDriver({ channel: channels[0]!, endpoint: createLinkEndpoint({ role: 'station', identity: { model: 'Bootbench' }, random }) });
    device = new LinkDriver({ channel: channels[1]!, endpoint: createLinkEndpoint({ role: 'device', identity: { imei: '490154203237518', model: 'bootbench-sim' }, random }) });
    // The device answers every request by echoing the body with 200.
    device.onEvent((e: LinkEvent) => {
      if (e.kind === 'request') device.respond(e.exchangeId, { status: 200, headers: [['Content-Type', 'application/octet-stream']], body: e.request.body });
    });
  });

  afterEach(async () => {
    for (const c of channels) await c.close();
    await pair.stop();
  });

  it('completes HELLO, exchanges HTTP both ways and delivers a Package#0', async () => {
    const [hello] = await Promise.all([station.next('hello-complete'), device.next('hello-complete')]);
    expect(hello.peer.identity).toEqual({ imei: '490154203237518', model: 'bootbench-sim' });

    const body = new Uint8Array(randomBytes(20_000));
    const response = await station.request({ method: 'POST', target: '/dm2/session', headers: [['Content-Type', 'application/json']], body });
    expect(response.status).toBe(200);
    expect(response.body).toEqual(body);

    // Device-initiated request (HGET towards the station's data repository).
    const stationGot = station.next('request');
    const deviceAsk = device.request({ method: 'GET', target: '/repo/dmacc.json', headers: [], body: new Uint8Array(0) });
    const incoming = await stationGot;
    expect(incoming.request.target).toBe('/repo/dmacc.json');
    station.respond(incoming.exchangeId, { status: 200, headers: [['Content-Type', 'application/json']], body: utf8Encode('{"DMAcc":{}}') });
    expect(utf8Decode((await deviceAsk).body)).toBe('{"DMAcc":{}}');

    const note = device.next('notification');
    station.notify(Uint8Array.of(0x10, 0x00, 0x01));
    await station.drained();
    expect(station.endpoint.isIdle).toBe(true);
    expect((await note).payload).toEqual(Uint8Array.of(0x10, 0x00, 0x01));
    // A graceful close: the device sees closed {byPeer: true}.
    const closed = device.next('closed');
    await station.close();
    expect(await closed).toEqual({ kind: 'closed', byPeer: true });
    expect(station.endpoint.stats().framesRejected).toBe(0);
  });

  it('detects killing socat as a disconnect on both ends', async () => {
    await Promise.all([station.next('hello-complete'), device.next('hello-complete')]);
    const failures = Promise.all([station.next('closed').catch((e: unknown) => e), device.next('closed').catch((e: unknown) => e)]);
    const t0 = performance.now();
    process.kill(pair.pid, 'SIGTERM');
    const [s, d] = await failures;
    const detectMs = performance.now() - t0;
    expect(s).toMatchObject({ code: 'DEVICE_DISCONNECTED' });
    expect(d).toMatchObject({ code: 'DEVICE_DISCONNECTED' });
    expect(detectMs).toBeLessThan(1000);
    console.info(`link disconnect detected ${detectMs.toFixed(1)} ms after killing socat`);
  });
});
