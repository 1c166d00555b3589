import { describe, expect, it } from 'vitest';
import { getInstance, leafText, nodeAt, type DmCommand, type TreeNode } from '../../../../../src-shared/protocol/dm/index.js';
import { dm, executorRegistry, type CommandResult, type ServerApp, type ServerEvent, type SessionTurn } from '../../../../../src-shared/protocol/dm/session/index.js';
import { APP, DACMO, FUMO, MemoryNetwork, account, deviceTree, makeClient, mountServer } from './harness.js';

const A = 'http://127.0.0.1:8001';
const B = 'http://127.0.0.1:8002';

/** A server app whose next session plays whatever the test sets; records turns. */
function programmable(): ServerApp & { plan: DmCommand[][]; turns: SessionTurn[] } {
  const app = {
    plan: [] as DmCommand[][],
    turns: [] as SessionTurn[],
    next: (turn: SessionTurn) => {
      app.turns.push(turn);
      return turn.round === 0 ? (app.plan.shift() ?? []) : [];
    },
  };
  return app;
}

const lastResults = (events: readonly ServerEvent[]): CommandResult[] => {
  const e = events.filter((x) => x.kind === 'results').at(-1);
  return e?.kind === 'results' ? [...e.results] : [];
};

describe('multiple management authorities (issue #4 item 6)', () => {
  it('each server sees only its instances; creator rights hold; A delegates one instance to B through the DACMO', async () => {
    const net = new MemoryNetwork();
    const appA = programmable();
    const appB = programmable();
    const a = mountServer(net, A, 'srv-a', appA);
    const b = mountServer(net, B, 'srv-b', appB);
    a.repo.publish('/repo/fumo', `[{"ClientURI":"${FUMO}/main/","MOData":{"FUMO":{"PkgName":"a-fw","Update":""}}}]`);
    b.repo.publish('/repo/fumo', `[{"ClientURI":"${FUMO}/modem/","MOData":{"FUMO":{"PkgName":"b-fw"}}}]`);
    b.repo.publish('/repo/app', `[{"ClientURI":"${APP}//","MOData":{"App":{"Mode":"eco"}}}]`);
    b.repo.publish('/repo/pkg', `[{"ClientURI":"${FUMO}/main/PkgName","MOData":{"PkgName":"b-wrote-this"}}]`);
    a.repo.publish(
      '/repo/delegate',
      `[{"ClientURI":"${DACMO}/dacmo/","MOData":{"DACMO":{"1":{"MOID":"${FUMO}","MIID":"main","Perm":{"1":{"SrvID":"srv-b","Rights":"Read+Write"}}}}}}]`,
    );
    b.repo.publish('/repo/redelegate', `[{"ClientURI":"${DACMO}/dacmo/","MOData":{"DACMO":{"1":{"MOID":"${FUMO}","MIID":"main","Perm":{"1":{"SrvID":"srv-c","Rights":"Read"}}}}}}]`);
    const tree = deviceTree([
      ['a', account('srv-a', `${A}/dm`, [FUMO, DACMO])],
      ['b', account('srv-b', `${B}/dm`, [FUMO, APP, DACMO])],
    ]);
    const { client, store } = makeClient(net, tree, { executors: executorRegistry({ [`${FUMO} Update`]: () => ({ kind: 'done', result: { sc: 200 } }) }) });
    const session = async (srv: 'srv-a' | 'srv-b', app: typeof appA, cmds: DmCommand[]) => {
      app.plan.push(cmds);
      const r = await client.openSession(srv);
      expect(r.kind).toBe('completed');
      return app.turns.at(-2)!; // the round-0 turn of this session
    };

    // Each server creates instances; the creator is recorded.
    await session('srv-a', appA, [dm.hget(`${A}/repo/fumo`)]);
    await session('srv-b', appB, [dm.hget(`${B}/repo/fumo`), dm.hget(`${B}/repo/app`)]);
    expect(getInstance(store.tree, FUMO, 'main')?.creator).toEqual({ kind: 'server', serverId: 'srv-a' });
    expect(getInstance(store.tree, FUMO, 'modem')?.creator).toEqual({ kind: 'server', serverId: 'srv-b' });

    // Package#1 MOS is filtered per server: granted MOIDs, permitted MIIDs only.
    const turnA = await session('srv-a', appA, [dm.get(`${FUMO}/*/PkgName`)]);
    const turnB = await session('srv-b', appB, [dm.get(`${FUMO}/*/PkgName`), dm.get(`${FUMO}/main/`), dm.delete(`${FUMO}/main/`), dm.exec(`${FUMO}/main/Update`)]);
    expect(turnA.mos.map((m) => [m.MOID, m.MIID])).toEqual([
      [FUMO, ['main']],
      [DACMO, ['dacmo']],
    ]);
    expect(turnB.mos.find((m) => m.MOID === FUMO)?.MIID).toEqual(['modem']);
    expect(turnB.mos.find((m) => m.MOID === APP)?.MIID).toEqual(['1']);
    expect(turnA.mos.some((m) => m.MOID === APP)).toBe(false);
    expect(lastResults(a.events).map((r) => [r.sc, r.uris])).toEqual([[200, [`${FUMO}/main/PkgName`]]]);
    // B's wildcard sees only its own instance; A's instance is 403 for every command.
    expect(lastResults(b.events).map((r) => [r.sc, r.uris])).toEqual([
      [200, [`${FUMO}/modem/PkgName`]],
      [403, []],
      [403, []],
      [403, []],
    ]);

    // A delegates Read+Write on FUMO/main to B through the DACMO (HGET into it).
    await session('srv-a', appA, [dm.hget(`${A}/repo/delegate`), dm.get(`${DACMO}/dacmo/`)]);
    expect(lastResults(a.events).map((r) => r.sc)).toEqual([200, 200]);
    const view = lastResults(a.events)[1]!.data[0]!.node;
    const text = (n: TreeNode | undefined) => (n?.kind === 'leaf' ? leafText(n) : undefined);
    const entry = view.kind === 'interior' ? [...view.children.values()].find((e) => text(nodeAt(e, ['MOID'])) === FUMO && text(nodeAt(e, ['MIID'])) === 'main') : undefined;
    const perm = entry === undefined ? undefined : nodeAt(entry, ['Perm']);
    const grants = perm?.kind === 'interior' ? [...perm.children.values()].map((p) => [text(nodeAt(p, ['SrvID'])), text(nodeAt(p, ['Rights']))]) : [];
    expect(grants).toEqual([
      ['srv-a', 'Read+Write+Execute+Delegate'],
      ['srv-b', 'Read+Write'],
    ]);

    // Now B can read and write it (but not execute: Execute was not delegated) and sees it in MOS.
    const turnB2 = await session('srv-b', appB, [dm.get(`${FUMO}/main/PkgName`), dm.hget(`${B}/repo/pkg`), dm.exec(`${FUMO}/main/Update`), dm.hget(`${B}/repo/redelegate`)]);
    expect(turnB2.mos.find((m) => m.MOID === FUMO)?.MIID).toEqual(['main', 'modem']);
    expect(lastResults(b.events).map((r) => r.sc)).toEqual([200, 200, 403, 403]);
    const pkg = nodeAt(getInstance(store.tree, FUMO, 'main')!.root, ['PkgName']);
    expect(pkg?.kind === 'leaf' && leafText(pkg)).toBe('b-wrote-this');
    // The creator keeps full rights.
    await session('srv-a', appA, [dm.exec(`${FUMO}/main/Update`)]);
    expect(lastResults(a.events).map((r) => r.sc)).toEqual([200]);
  });
});
