import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WS_CLOSE_FORBIDDEN, WS_MAX_FRAME_BYTES, type WsServerMessage } from '../../../src-shared/ipc/wire.js';
import { createStation, inProcessBackend, type Station } from '../../../src-main/station.js';
import { startWebStation, type WebStation } from '../../../src-main/web/web-station.js';
import { connect, type TestClient } from './ws-test-client.js';

let station: Station;
let web: WebStation;
let good: TestClient;
let nextId = 1;

beforeAll(async () => {
  station = await createStation({ shell: 'web', serial: false, simulatedDevices: 1, reportUnexpected: () => undefined });
  web = await startWebStation({ backend: inProcessBackend(station), rendererDir: 'test/main/web/no-such-dir' });
  good = await connect(web.origin, { token: web.token });
});

afterAll(async () => {
  good.ws.close();
  await web.close();
  await station.close();
});

/** The station still answers the good client and still delivers it events. */
async function stationStillServes(): Promise<void> {
  const list = await good.invoke(nextId++, 'devices.list');
  expect(list.envelope.ok).toBe(true);
  const attach = await good.invoke(nextId++, 'simulator.attach', { label: `probe ${nextId}` });
  expect(attach.envelope.ok).toBe(true);
  const id = attach.envelope.ok ? (attach.envelope.value as { id: string }).id : '';
  const event = await good.next((m) => m.type === 'event' && m.name === 'device.attached' && (m.payload as { id: string }).id === id);
  expect(event.type).toBe('event');
}

function expectRefused(client: TestClient, code: string): Promise<void> {
  return (async () => {
    const refused = await client.next((m) => m.type === 'refused');
    expect(refused).toMatchObject({ type: 'refused', error: { code } });
    expect(await client.closed).toBe(WS_CLOSE_FORBIDDEN);
  })();
}

function errorOf(m: WsServerMessage): string | undefined {
  return m.type === 'result' && !m.envelope.ok ? m.envelope.error.code : undefined;
}

describe('web station WebSocket', () => {
  it('prints a URL with the token in the fragment only', () => {
    expect(web.url).toBe(`http://127.0.0.1:${web.port}/#token=${web.token}`);
    expect(web.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('answers a good client with contract results', async () => {
    const info = await good.invoke(nextId++, 'station.info');
    expect(info.envelope).toMatchObject({ ok: true, value: { name: 'Bootbench', shell: 'web' } });
  });

  it('refuses a wrong Origin with FORBIDDEN_SENDER and keeps serving others', async () => {
    const evil = await connect(web.origin, { token: web.token, origin: 'http://evil.example' });
    await expectRefused(evil, 'FORBIDDEN_SENDER');
    await stationStillServes();
  });

  it('refuses a missing token with AUTH_FAILED', async () => {
    const anon = await connect(web.origin, {});
    await expectRefused(anon, 'AUTH_FAILED');
    await stationStillServes();
  });

  it('refuses a wrong token with AUTH_FAILED, also without an Origin', async () => {
    const wrong = await connect(web.origin, { token: 'x'.repeat(43), origin: null });
    await expectRefused(wrong, 'AUTH_FAILED');
    await stationStillServes();
  });

  it('accepts a non-browser client without Origin when the token is valid', async () => {
    const script = await connect(web.origin, { token: web.token, origin: null });
    expect((await script.invoke(1, 'devices.list')).envelope.ok).toBe(true);
    script.ws.close();
  });

  it('accepts the localhost origin of the same port', async () => {
    const local = await connect(web.origin, { token: web.token, origin: `http://localhost:${web.port}` });
    expect((await local.invoke(1, 'devices.list')).envelope.ok).toBe(true);
    local.ws.close();
  });

  it('answers malformed JSON with INVALID_REQUEST and keeps the connection', async () => {
    const c = await connect(web.origin, { token: web.token });
    c.ws.send('{"type":"invoke",');
    const result = await c.next((m) => m.type === 'result');
    expect(result).toMatchObject({ id: null });
    expect(errorOf(result)).toBe('INVALID_REQUEST');
    expect((await c.invoke(7, 'devices.list')).envelope.ok).toBe(true);
    c.ws.close();
    await stationStillServes();
  });

  it('answers a wrong shape with INVALID_REQUEST, keeping a usable id', async () => {
    const c = await connect(web.origin, { token: web.token });
    c.ws.send(JSON.stringify({ type: 'invoke', id: 5, name: 'devices.list', extra: true }));
    const result = await c.next((m) => m.type === 'result' && m.id === 5);
    expect(errorOf(result)).toBe('INVALID_REQUEST');
    c.ws.send(JSON.stringify({ type: 'invoke', id: 6, name: 'simulator.attach', input: { label: 42 } }));
    expect(errorOf(await c.next((m) => m.type === 'result' && m.id === 6))).toBe('INVALID_REQUEST');
    c.ws.send(JSON.stringify({ __proto__: { polluted: true }, type: 'invoke', id: 'x' }));
    expect(errorOf(await c.next((m) => m.type === 'result' && m.id === null))).toBe('INVALID_REQUEST');
    c.ws.send(Uint8Array.of(1, 2, 3));
    const binary = await c.next((m) => m.type === 'result' && !m.envelope.ok && m.envelope.error.message === 'Binary frames are not accepted');
    expect(errorOf(binary)).toBe('INVALID_REQUEST');
    c.ws.close();
    await stationStillServes();
  });

  it('answers an unknown command with UNKNOWN_COMMAND', async () => {
    const result = await good.invoke(nextId++, 'fs.readFile', { path: '/etc/passwd' });
    expect(errorOf(result)).toBe('UNKNOWN_COMMAND');
    const proto = await good.invoke(nextId++, '__proto__');
    expect(errorOf(proto)).toBe('UNKNOWN_COMMAND');
    await stationStillServes();
  });

  it('answers an oversized frame with INVALID_REQUEST and keeps the connection', async () => {
    const c = await connect(web.origin, { token: web.token });
    c.ws.send(JSON.stringify({ type: 'invoke', id: 1, name: 'devices.list', input: 'x'.repeat(WS_MAX_FRAME_BYTES) }));
    const result = await c.next((m) => m.type === 'result');
    expect(result).toMatchObject({ id: null, envelope: { ok: false, error: { code: 'INVALID_REQUEST', message: 'Frame too large' } } });
    expect((await c.invoke(2, 'devices.list')).envelope.ok).toBe(true);
    c.ws.close();
    await stationStillServes();
  });

  it('drops a client whose frame exceeds the hard limit, and only that client', async () => {
    const c = await connect(web.origin, { token: web.token });
    c.ws.send(new TextEncoder().encode('x'.repeat(4 * WS_MAX_FRAME_BYTES + 1)), { binary: false });
    expect(await c.closed).toBe(1009);
    await stationStillServes();
  });

  it('refuses upgrades on other paths', async () => {
    const ws = new WebSocket(`${web.origin.replace('http', 'ws')}/other`, ['bootbench.v1']);
    const [error] = (await new Promise<unknown[]>((resolve) => ws.once('error', (...a) => resolve(a)))) as [Error];
    expect(error.message).toMatch(/404/);
    await stationStillServes();
  });

  it('fans events out to every authenticated client', async () => {
    const other = await connect(web.origin, { token: web.token });
    const attach = await good.invoke(nextId++, 'simulator.attach', { label: 'fan-out' });
    const id = attach.envelope.ok ? (attach.envelope.value as { id: string }).id : '';
    const seen = await other.next((m) => m.type === 'event' && (m.payload as { id?: string }).id === id);
    expect(seen).toMatchObject({ type: 'event', name: 'device.attached' });
    const detach = await other.invoke(1, 'simulator.detach', { deviceId: id });
    expect(detach.envelope).toEqual({ ok: true, value: null });
    await good.next((m) => m.type === 'event' && m.name === 'device.detached' && (m.payload as { deviceId: string }).deviceId === id);
    other.ws.close();
  });
});

describe('web station shutdown', () => {
  it('cuts off a client that never answers the close handshake, within the grace period', async () => {
    const s = await createStation({ shell: 'web', serial: false, simulatedDevices: 0 });
    const w = await startWebStation({ backend: inProcessBackend(s), rendererDir: 'out/renderer' });
    const silent = await connect(w.origin, { token: w.token });
    // A client whose process is frozen: its socket stays open but it reads nothing.
    (silent.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    // Without the grace period, ws would wait its 30 s close timeout: longer than this test's limit.
    await w.close();
    expect(w.clientCount()).toBe(0);
    silent.ws.terminate();
    await s.close();
  }, 10_000);
});
