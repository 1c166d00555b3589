import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse } from '../../../../../src-shared/ports/http.js';
import { getInstance } from '../../../../../src-shared/protocol/dm/index.js';
import { dm, handleDmRequest, type ServerApp } from '../../../../../src-shared/protocol/dm/session/index.js';
import { DEVINFO, DMACC, FUMO, MemoryNetwork, account, bytes, deviceTree, makeClient, mountServer, textOf, type Exchange } from './harness.js';

/**
 * A golden transcript of one provisioning session (test/fixtures/dm-session/provisioning.json):
 * the engines must reproduce it byte for byte, and each side must interoperate with the other's
 * recorded half. Part B replays the same file over real HTTP(S).
 * Regenerate after an intended change with UPDATE_DM_FIXTURES=1.
 */
const FIXTURE = fileURLToPath(new URL('../../../../fixtures/dm-session/provisioning.json', import.meta.url));
const A = 'http://127.0.0.1:8001';

interface Recorded {
  readonly request: { readonly method: string; readonly url: string; readonly headers: Record<string, string>; readonly body: string };
  readonly response: { readonly status: number; readonly headers: Record<string, string>; readonly body: string };
}

const lower = (h: Readonly<Record<string, string>>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]).sort(([a], [b]) => a!.localeCompare(b!)));
const record = (e: Exchange): Recorded => ({
  request: { method: e.request.method, url: e.request.url, headers: lower(e.request.headers), body: textOf(e.request.body) },
  response: { status: e.response.status, headers: lower(e.response.headers), body: textOf(e.response.body) },
});

const app: ServerApp = {
  next: (t) => {
    switch (t.round) {
      case 0:
        return [dm.hpost(`${A}/repo/inventory`, `${DEVINFO}//`), dm.hget(`${A}/repo/dmacc-b`), dm.hget(`${A}/repo/fumo`)];
      case 1:
        return [dm.get(`${DMACC}/b/SrvURI`), dm.default(FUMO, `${A}/repo/fumo`), dm.end()];
      default:
        return [];
    }
  },
};

function world() {
  const net = new MemoryNetwork();
  const server = mountServer(net, A, 'srv-a', app);
  server.repo.publish('/repo/dmacc-b', `[{"ClientURI":"${DMACC}/b/","MOData":{"DMAcc":{"SrvID":"srv-b","SrvURI":"http://127.0.0.1:8002/dm","Perm":{"1":{"MOID":"${FUMO}"}}}}}]`);
  server.repo.publish('/repo/fumo', `[{"ClientURI":"${FUMO}/main/","MOData":{"FUMO":{"PkgName":"fw-7.1","State":"10"}}}]`);
  const tree = deviceTree([['a', account('srv-a', `${A}/dm`, [DEVINFO, DMACC, FUMO])]]);
  return { net, server, tree };
}

async function run(): Promise<Recorded[]> {
  const { net, tree } = world();
  const { client, store } = makeClient(net, tree);
  expect(await client.openSession('srv-a')).toMatchObject({ kind: 'completed', packages: 2 });
  expect(getInstance(store.tree, DMACC, 'b')?.creator).toEqual({ kind: 'server', serverId: 'srv-a' });
  return net.log.map(record);
}

describe('golden session transcript', () => {
  it('the engines reproduce the recorded transcript exactly', async () => {
    const transcript = await run();
    if (process.env.UPDATE_DM_FIXTURES === '1') writeFileSync(FIXTURE, `${JSON.stringify(transcript, null, 2)}\n`);
    const golden = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Recorded[];
    expect(transcript).toEqual(golden);
    // Sanity of the recording itself: P1, repository calls, P3 to the pinned URL, END without P3.
    expect(golden.map((e) => `${e.request.method} ${e.request.url.slice(A.length)} ${e.response.status}`)).toEqual([
      'POST /dm 200',
      'POST /repo/inventory 201',
      'GET /repo/dmacc-b 200',
      'GET /repo/fumo 200',
      `POST ${(JSON.parse(golden[0]!.response.body) as { CMD: string[][] }).CMD[0]![1]!.slice(A.length)} 200`,
    ]);
  });

  it('a fresh server answers the recorded client packages with the recorded responses', async () => {
    const golden = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Recorded[];
    const { server } = world();
    for (const e of golden.filter((x) => x.request.url.startsWith(`${A}/dm`))) {
      const req: HttpRequest = { method: e.request.method, url: e.request.url.slice(A.length), headers: e.request.headers, body: bytes(e.request.body) };
      const res = await handleDmRequest(req, { transport: 'memory' }, server.deps);
      expect({ status: res.status, headers: lower(res.headers), body: textOf(res.body) }).toEqual(e.response);
    }
    expect(server.events.map((e) => e.kind)).toEqual(['session-opened', 'results', 'session-closed']);
  });

  it('a fresh client sends the recorded requests when served the recorded responses', async () => {
    const golden = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Recorded[];
    const { tree } = world();
    let i = 0;
    const replay = {
      send: (req: HttpRequest): Promise<HttpResponse> => {
        const e = golden[i++];
        if (e === undefined) throw new Error('client sent more requests than recorded');
        expect({ method: req.method, url: req.url, headers: lower(req.headers), body: textOf(req.body) }).toEqual(e.request);
        return Promise.resolve({ status: e.response.status, headers: e.response.headers, body: bytes(e.response.body) });
      },
    };
    const { client } = makeClient(new MemoryNetwork(), tree, { http: replay });
    expect(await client.openSession('srv-a')).toMatchObject({ kind: 'completed' });
    expect(i).toBe(golden.length);
  });
});
