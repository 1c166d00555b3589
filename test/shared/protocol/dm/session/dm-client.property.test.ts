import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse } from '../../../../../src-shared/ports/http.js';
import { executorRegistry } from '../../../../../src-shared/protocol/dm/session/index.js';
import { APP, DEVINFO, DMACC, FUMO, account, bytes, deviceTree, jsonOf, makeClient, withInstance, MemoryNetwork } from './harness.js';

const A = 'http://127.0.0.1:8001';
const uris = [`${DEVINFO}//`, `${DEVINFO}/di/Man`, `${FUMO}/main/`, `${FUMO}/*/State`, `${FUMO}/main/Update`, `${DMACC}/a/`, `${APP}//`, 'urn:oma:mo:oma-dm-dacmo:1.0/dacmo/', 'bad uri', 'urn:x'];
const servers = [`${A}/repo/x`, `${A}/nowhere`, 'http://127.0.0.1:9/down'];
const names = ['HGET', 'HPUT', 'HPOST', 'DELETE', 'EXEC', 'GET', 'SHOW', 'CONT', 'DEFAULT', 'SUB', 'UNSUB', 'FROB', ''];
const command = fc.tuple(fc.constantFrom(...names), fc.array(fc.oneof(fc.constantFrom(...uris), fc.constantFrom(...servers), fc.string({ maxLength: 8 })), { maxLength: 3 })).map(([n, args]) => [n, ...args]);

describe('client command processing (property)', () => {
  it('any Package#2 gets exactly one status per non-END command, in order, and never crashes the client', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 12 }), async (cmds) => {
        const net = new MemoryNetwork();
        let p3: { Status: { sc: number }[] } | undefined;
        const reply = (cmd: unknown): HttpResponse => ({ status: 200, headers: { 'content-type': 'application/vnd.oma.dm.request+json' }, body: bytes(JSON.stringify({ CMD: cmd })) });
        // Every URL answers: Package#3 (wherever CONT sent it) → END; the first Package#1 → the
        // generated commands; repository GETs → MO data under /repo, 404 elsewhere; uploads → 200.
        let opened = false;
        const anything = (req: HttpRequest): Promise<HttpResponse> => {
          if (req.headers['content-type'] === 'application/vnd.oma.dm.response+json') {
            p3 = jsonOf(req.body) as typeof p3;
            return Promise.resolve(reply([['END']]));
          }
          if (req.headers['content-type'] === 'application/vnd.oma.dm.initiation+json' && !opened) {
            opened = true;
            return Promise.resolve(reply(cmds));
          }
          if (req.method === 'GET' && req.url.startsWith('/repo')) {
            return Promise.resolve({ status: 200, headers: { 'content-type': 'application/vnd.oma.dm.mo+json' }, body: bytes(`[{"ClientURI":"${FUMO}/main/","MOData":{"FUMO":{"State":"20"}}}]`) });
          }
          return Promise.resolve({ status: req.method === 'GET' ? 404 : 200, headers: {}, body: new Uint8Array(0) });
        };
        net.mount(A, anything);
        net.mount('http://127.0.0.1:9', anything);
        let tree = deviceTree([['a', account('srv-a', `${A}/dm`, [DEVINFO, FUMO, APP, DMACC])]]);
        tree = withInstance(tree, FUMO, 'main', 'FUMO', { State: '10', Update: '' }, { kind: 'server', serverId: 'srv-a' });
        const { client } = makeClient(net, tree, { ui: { show: () => Promise.resolve('launched') }, executors: executorRegistry({ [`${FUMO} Update`]: () => ({ kind: 'done', result: { sc: 200 } }) }) });
        const outcome = await client.openSession('srv-a');
        expect(outcome.kind).toBe('completed');
        const sent = p3?.Status ?? (outcome.kind === 'completed' ? outcome.statuses[0] : undefined);
        expect(sent).toHaveLength(cmds.length);
        for (const s of sent!) expect(s.sc >= 200 && s.sc <= 599).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
