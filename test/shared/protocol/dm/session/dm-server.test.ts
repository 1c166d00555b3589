import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HttpRequest, PeerIdentity } from '../../../../../src-shared/ports/http.js';
import {
  MemorySessionStore,
  dm,
  enqueueCommands,
  handleDmRequest,
  peekQueue,
  peerKeyOf,
  sessionUrl,
  type DmServerDeps,
  type ServerApp,
  type ServerEvent,
} from '../../../../../src-shared/protocol/dm/session/index.js';
import { CounterRandom, DEVINFO, DEV_ID, FakeClock, MemoryNetwork, account, bytes, deviceTree, jsonOf, makeClient, mountServer, scripted, textOf } from './harness.js';

const A = 'http://127.0.0.1:8001';
const P1 = 'application/vnd.oma.dm.initiation+json';
const P3 = 'application/vnd.oma.dm.response+json';
const peer = { transport: 'memory' } as const;

function deps(app: ServerApp = scripted([[dm.get(`${DEVINFO}//`)], [dm.get(`${DEVINFO}//`)]]), store = new MemorySessionStore(), seed = 1): DmServerDeps & { events: ServerEvent[] } {
  const events: ServerEvent[] = [];
  return { config: { serverId: 'srv-a', entryUrl: `${A}/dm`, omadmAccept: ['application/json'] }, store, random: new CounterRandom(seed), clock: new FakeClock(), app, onEvent: (e) => events.push(e), events };
}

function post(url: string, type: string | undefined, body: string, extra: Record<string, string> = {}): HttpRequest {
  const headers: Record<string, string> = { 'omadm-devid': DEV_ID, accept: 'application/vnd.oma.dm.request+json', ...extra };
  if (type !== undefined) headers['content-type'] = type;
  return { method: 'POST', url, headers, body: bytes(body) };
}

async function open(d: DmServerDeps): Promise<string> {
  const r = await handleDmRequest(post('/dm', P1, '{"Alert":[{"AlertType":"urn:oma:at:dm:2.0:ClientInitiatedMgmt"}]}'), peer, d);
  expect(r.status).toBe(200);
  const cmd = (jsonOf(r.body) as { CMD: string[][] }).CMD;
  expect(cmd[0]![0]).toBe('CONT');
  return cmd[0]![1]!.slice(A.length);
}

describe('DM server HTTP glue', () => {
  it('answers Package#1 with Package#2, media type and OMADM-Accept', async () => {
    const d = deps();
    const r = await handleDmRequest(post('/dm', P1, '{}'), peer, d);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/vnd.oma.dm.request+json');
    expect(r.headers['OMADM-Accept']).toBe('application/json');
    expect(d.events.map((e) => e.kind)).toEqual(['session-opened']);
  });

  it.each([
    ['GET on the entry', { ...post('/dm', P1, '{}'), method: 'GET' }, 405, /POST/],
    ['unknown path', post('/other', P1, '{}'), 404, /not a DM endpoint/],
    ['no DevID', { ...post('/dm', P1, '{}'), headers: { 'content-type': P1 } }, 400, /OMADM-DevID/],
    ['DevID with CR/LF', post('/dm', P1, '{}', { 'omadm-devid': 'a\r\nx: y' }), 400, /OMADM-DevID/],
    ['wrong media type', post('/dm', 'application/json', '{}'), 415, /Content-Type/],
    ['no media type', post('/dm', undefined, '{}'), 415, /Content-Type/],
    ['Accept excludes Package#2', post('/dm', P1, '{}', { accept: 'text/html' }), 406, /answers with/],
    ['not UTF-8', { ...post('/dm', P1, ''), body: new Uint8Array([0x7b, 0xff, 0x7d]) }, 400, /UTF-8/],
    ['not JSON', post('/dm', P1, '{"MOS":'), 400, /not valid JSON/],
    ['schema violation', post('/dm', P1, '{"MOS":[{"MIID":"x"}]}'), 400, /Package#1/],
    ['prototype key', post('/dm', P1, '{"__proto__":{"x":1}}'), 400, /forbidden key/],
    ['deep nesting', post('/dm', P1, `${'['.repeat(5000)}${']'.repeat(5000)}`), 400, /nesting|Package#1/],
    ['too large', post('/dm', P1, `{"MOS":[],"x":"${'a'.repeat(1 << 20)}"}`), 413, /exceeds/],
    ['Package#1 on a session URL', post('/dm/s/abcd', P1, '{}'), 400, /entry URL/],
    ['Package#3 for an unknown session', post('/dm/s/abcd', P3, '{"Status":[]}'), 404, /unknown or closed/],
    ['Package#3 with no session at all', post('/dm', P3, '{"Status":[]}'), 404, /no open session/],
  ])('rejects %s with a readable reason', async (_name, request, status, reason) => {
    const d = deps();
    const r = await handleDmRequest(request as HttpRequest, peer, d);
    expect(r.status).toBe(status);
    expect(textOf(r.body)).toMatch(reason);
    // …and keeps serving.
    expect((await handleDmRequest(post('/dm', P1, '{}'), peer, d)).status).toBe(200);
  });

  it('correlates Package#3 by the CONT token and checks the DevID', async () => {
    const d = deps();
    const url = await open(d);
    const wrongDevice = await handleDmRequest(post(url, P3, '{"Status":[{"sc":200},{"sc":200}]}', { 'omadm-devid': 'IMEI:1' }), peer, d);
    expect(wrongDevice.status).toBe(403);
    const ok = await handleDmRequest(post(url, P3, '{"Status":[{"sc":200},{"sc":200,"MOS":[]}]}'), peer, d);
    expect(ok.status).toBe(200);
    expect(jsonOf(ok.body)).toEqual({ CMD: [['GET', `${DEVINFO}//`]] });
    // The second Package#3 answers round 2's one GET; the app has nothing more, so END closes it.
    const results = d.events.filter((e) => e.kind === 'results').length;
    const second = await handleDmRequest(post(url, P3, '{"Status":[{"sc":200}]}'), peer, d);
    expect(jsonOf(second.body)).toEqual({ CMD: [['END']] });
    expect(d.events.filter((e) => e.kind === 'results').length).toBe(results + 1);
    // A late or replayed Package#3 for the closed session is refused.
    const after = await handleDmRequest(post(url, P3, '{"Status":[{"sc":200}]}'), peer, d);
    expect(after.status).toBe(404);
  });

  it('falls back to the DevID when Package#3 comes to the entry URL', async () => {
    const d = deps();
    await open(d);
    const r = await handleDmRequest(post('/dm', P3, '{"Status":[{"sc":200},{"sc":200}]}'), peer, d);
    expect(r.status).toBe(200);
    expect(d.events.filter((e) => e.kind === 'results')).toHaveLength(1);
  });

  it('ends the session on a status-count mismatch with a typed reason and an END package', async () => {
    const d = deps();
    const url = await open(d);
    const r = await handleDmRequest(post(url, P3, '{"Status":[{"sc":200}]}'), peer, d);
    expect(r.status).toBe(200);
    expect(jsonOf(r.body)).toEqual({ CMD: [['END']] });
    expect(d.events.at(-1)).toMatchObject({ kind: 'session-closed', reason: { kind: 'status-count-mismatch', expected: 2, received: 1 } });
    expect((await handleDmRequest(post(url, P3, '{"Status":[{"sc":200},{"sc":200}]}'), peer, d)).status).toBe(404);
  });

  it('closes a session whose device stayed silent past the idle timeout (fake clock)', async () => {
    const clock = new FakeClock();
    const d = { ...deps(), clock, config: { serverId: 'srv-a', entryUrl: `${A}/dm`, sessionIdleTimeoutMs: 60_000 } };
    const url = await open(d);
    clock.now += 60_000;
    const inTime = await handleDmRequest(post(url, P3, '{"Status":[{"sc":200},{"sc":200}]}'), peer, d);
    expect(inTime.status).toBe(200);
    clock.now += 60_001;
    const late = await handleDmRequest(post(url, P3, '{"Status":[{"sc":200}]}'), peer, d);
    expect(late.status).toBe(404);
    expect(textOf(late.body)).toMatch(/expired/);
    expect(d.events.at(-1)).toMatchObject({ kind: 'session-closed', reason: { kind: 'expired', idleMs: 60_001 } });
  });

  it('never trusts a corrupt session record from the store', async () => {
    const d = deps();
    await d.store.save('session:abcd', { kind: 'wait-p3', session: { devId: DEV_ID }, outstanding: 'x' }, undefined);
    const r = await handleDmRequest(post('/dm/s/abcd', P3, '{"Status":[]}'), peer, d);
    expect(r.status).toBe(500);
    expect(textOf(r.body)).toMatch(/unreadable/);
    expect((await handleDmRequest(post('/dm', P1, '{}'), peer, d)).status).toBe(200);
  });

  it('a new Package#1 supersedes the device’s open session', async () => {
    const d = deps();
    const first = await open(d);
    await open(d);
    expect(d.events.filter((e) => e.kind === 'session-closed')).toMatchObject([{ reason: { kind: 'superseded' } }]);
    expect((await handleDmRequest(post(first, P3, '{"Status":[{"sc":200},{"sc":200}]}'), peer, d)).status).toBe(404);
  });

  it('sends queued commands first, once, and removes them from the queue', async () => {
    const d = deps(scripted([[dm.end()]]));
    await enqueueCommands(d.store, DEV_ID, [dm.get(`${DEVINFO}/di/DevID`), dm.delete(`${DEVINFO}/di/Mod`)]);
    const r = await handleDmRequest(post('/dm', P1, '{}'), peer, d);
    expect(jsonOf(r.body)).toEqual({ CMD: [['GET', `${DEVINFO}/di/DevID`], ['DELETE', `${DEVINFO}/di/Mod`], ['END']] });
    expect(await peekQueue(d.store, DEV_ID)).toEqual([]);
  });

  it('answers 500 without details when the server app throws (never rejects)', async () => {
    const d = deps({ next: () => Promise.reject(new Error('secret detail')) });
    const r = await handleDmRequest(post('/dm', P1, '{}'), peer, d);
    expect(r.status).toBe(500);
    expect(textOf(r.body)).not.toContain('secret');
  });

  it('two servers sharing one store serve alternating packages of one session', async () => {
    const store = new MemorySessionStore();
    const net = new MemoryNetwork();
    const B = 'http://127.0.0.1:8002';
    // Both run the same stateless app; the round counter comes from the shared session state.
    const app = { next: (t: { round: number; sessionId: string }) => (t.round < 4 ? [dm.get(`${DEVINFO}//`), dm.cont(`${t.round % 2 === 0 ? B : A}/dm/s/${t.sessionId}`)] : []) };
    const a = mountServer(net, A, 'srv-a', app, { store, random: new CounterRandom(1) });
    const b = mountServer(net, B, 'srv-a', app, { store, random: new CounterRandom(2) });
    const { client } = makeClient(net, deviceTree([['a', account('srv-a', `${A}/dm`, [DEVINFO])]]));
    expect(await client.openSession('srv-a')).toMatchObject({ kind: 'completed', packages: 5 });
    const hosts = net.log.filter((e) => e.request.url.includes('/dm')).map((e) => e.request.url.slice(0, B.length));
    expect(hosts).toEqual([A, B, A, B, A]);
    expect(a.events.filter((e) => e.kind === 'results').length + b.events.filter((e) => e.kind === 'results').length).toBe(4);
    expect(b.events.filter((e) => e.kind === 'results')).toHaveLength(2);
    expect([...a.events, ...b.events].filter((e) => e.kind === 'session-closed')).toMatchObject([{ reason: { kind: 'completed' } }]);
    expect(sessionUrl(a.deps.config, 'x')).toBe(`${A}/dm/s/x`);
  });

  it('two server instances behind one URL (round-robin) share a store and serve one session', async () => {
    const store = new MemorySessionStore();
    const app = scripted([[dm.get(`${DEVINFO}//`)], [dm.get(`${DEVINFO}//`)], [dm.get(`${DEVINFO}//`)]]);
    const d1 = deps(app, store, 1);
    const d2 = deps(app, store, 2);
    const net = new MemoryNetwork();
    let n = 0;
    const served: number[] = [];
    net.mount(`${A}/dm`, (req, p) => {
      const which = n++ % 2;
      served.push(which);
      return handleDmRequest(req, p, which === 0 ? d1 : d2);
    });
    const { client } = makeClient(net, deviceTree([['a', account('srv-a', `${A}/dm`, [DEVINFO])]]));
    expect(await client.openSession('srv-a')).toMatchObject({ kind: 'completed', packages: 4 });
    expect(served).toEqual([0, 1, 0, 1]);
    expect(d1.events.filter((e) => e.kind === 'results')).toHaveLength(1);
    expect(d2.events.filter((e) => e.kind === 'results')).toHaveLength(2);
    expect(d2.events.at(-1)).toMatchObject({ kind: 'session-closed', reason: { kind: 'completed' } });
    expect(store.keys().filter((k) => k.startsWith('session:'))).toEqual([]);
  });

  it('optimistic concurrency: of two servers answering the same Package#3, one gets 409', async () => {
    const store = new MemorySessionStore();
    const d1 = deps(undefined, store, 1);
    const d2 = deps(undefined, store, 2);
    const url = await open(d1);
    const body = '{"Status":[{"sc":200},{"sc":200}]}';
    const [r1, r2] = await Promise.all([handleDmRequest(post(url, P3, body), peer, d1), handleDmRequest(post(url, P3, body), peer, d2)]);
    expect([r1.status, r2.status].sort()).toEqual([200, 409]);
    expect([...d1.events, ...d2.events].filter((e) => e.kind === 'results')).toHaveLength(1);
  });

  it('binds a session to the transport identity that opened it and lets the app authorise devices', async () => {
    const d = deps();
    const alice = { transport: 'https', tls: { protocol: 'TLSv1.2', cipher: 'x', pskIdentity: 'alice' } } as const;
    const mallory = { transport: 'https', tls: { protocol: 'TLSv1.2', cipher: 'x', pskIdentity: 'mallory' } } as const;
    const r = await handleDmRequest(post('/dm', P1, '{}'), alice, d);
    const url = (jsonOf(r.body) as { CMD: string[][] }).CMD[0]![1]!.slice(A.length);
    const stolen = await handleDmRequest(post(url, P3, '{"Status":[{"sc":200},{"sc":200}]}'), mallory, d);
    expect(stolen.status).toBe(403);
    expect(textOf(stolen.body)).toMatch(/peer differs/);
    expect(peerKeyOf(alice)).toBe('psk:alice');
    expect(peerKeyOf({ transport: 'http', httpUser: 'u' })).toBe('user:u');
    expect((await handleDmRequest(post(url, P3, '{"Status":[{"sc":200},{"sc":200}]}'), alice, d)).status).toBe(200);
    const guarded = { ...deps(), authorizeDevice: (devId: string, p: PeerIdentity) => p.tls?.pskIdentity === 'alice' && devId === DEV_ID };
    expect((await handleDmRequest(post('/dm', P1, '{}'), mallory, guarded)).status).toBe(403);
    expect((await handleDmRequest(post('/dm', P1, '{}'), alice, guarded)).status).toBe(200);
  });

  it('hostile input never makes the handler reject or answer outside 200/4xx (fuzz)', async () => {
    const d = deps();
    const types = [P1, P3, 'application/json', 'text/plain'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...types), fc.oneof(fc.json(), fc.string(), fc.jsonValue().map((v) => JSON.stringify({ CMD: v, Status: v, MOS: v, Alert: v }))), fc.constantFrom('/dm', '/dm/s/00', '/dm/s/zz', '/x'), async (type, body, url) => {
        const started = performance.now();
        const r = await handleDmRequest(post(url, type, body), peer, d);
        expect(r.status === 200 || (r.status >= 400 && r.status < 500)).toBe(true);
        // A guard against pathological (super-linear) inputs, loose enough for a loaded 2-core CI box.
        expect(performance.now() - started).toBeLessThan(500);
      }),
      { numRuns: 400 },
    );
    expect((await handleDmRequest(post('/dm', P1, '{}'), peer, d)).status).toBe(200);
  });
});
