import { describe, expect, it } from 'vitest';
import {
  encodeMoSerialization,
  getInstance,
  leafText,
  nodeAt,
  parseMoSerializationJson,
  setNode,
  makeLeaf,
  type DmCommand,
  type ManagementTree,
} from '../../../../../src-shared/protocol/dm/index.js';
import {
  ShowEndpoint,
  dm,
  executorRegistry,
  postShowAnswer,
  sessionUrl,
  type CommandResult,
  type ExecCompletion,
  type ReceivedAnswer,
  type ServerEvent,
  type SessionTurn,
  type ShowRequest,
  type UserInteraction,
} from '../../../../../src-shared/protocol/dm/session/index.js';
import { APP, CounterRandom, withInstance, DEVINFO, DEV_ID, DMACC, FUMO, MemoryNetwork, account, deviceTree, jsonOf, makeClient, mountServer, scripted, textOf } from './harness.js';

const A = 'http://127.0.0.1:8001';
const fumoMain = (pkg = 'fw-7.1') => encodeMoSerialization(parseMoSerializationJson(`[{"ClientURI":"${FUMO}/main/","MOData":{"FUMO":{"PkgName":"${pkg}","State":"10","Update":"","DownloadAndUpdate":""}}}]`));

function setup(rounds: Parameters<typeof scripted>[0], tree: ManagementTree = deviceTree([['a', account('srv-a', `${A}/dm`, [FUMO, DEVINFO, APP, DMACC])]])) {
  const net = new MemoryNetwork();
  const app = scripted(rounds);
  const server = mountServer(net, A, 'srv-a', app);
  server.repo.publish('/repo/fumo-main', fumoMain());
  return { net, app, server, tree };
}

const leaf = (tree: ManagementTree, moid: string, miid: string, ...path: string[]) => {
  const i = getInstance(tree, moid, miid);
  const n = i === undefined ? undefined : nodeAt(i.root, path);
  return n?.kind === 'leaf' ? leafText(n) : undefined;
};

const resultsOf = (events: readonly ServerEvent[]): CommandResult[] => events.flatMap((e) => (e.kind === 'results' ? [...e.results] : []));

describe('DM client ↔ server sessions (in-memory HTTP)', () => {
  it('runs all twelve commands end to end across rounds, then commits at END', async () => {
    const shows: ShowRequest[] = [];
    const ui: UserInteraction = { show: (r) => (shows.push(r), Promise.resolve('launched')) };
    const execs: string[] = [];
    const { net, server, tree } = setup([
      [
        dm.hget(`${A}/repo/fumo-main`),
        dm.get(`${DEVINFO}//`),
        dm.hpost(`${A}/repo/inv`, `${DEVINFO}//`),
        dm.hput(`${A}/repo/fumo-copy`, `${FUMO}/main/PkgName`),
        dm.exec(`${FUMO}/main/Update`),
        dm.show(`${A}/ui?ui=00`),
        dm.default(APP, `${A}/repo/app-default`),
        dm.sub(`${A}/repo/sub`, `${FUMO}/main/`),
      ],
      [dm.delete(`${FUMO}/main/State`), dm.unsub(`${FUMO}/main/`), dm.sub(`${A}/repo/sub`, `${FUMO}/main/`), dm.get(`${FUMO}/main/State`), dm.end()],
    ]);
    const { client, store } = makeClient(net, tree, { ui, executors: executorRegistry({ [`${FUMO} Update`]: (ctx) => (execs.push(ctx.uri), { kind: 'done', result: { sc: 200 } }) }) });
    const outcome = await client.openSession('srv-a');
    expect(outcome).toMatchObject({ kind: 'completed', packages: 2 });
    const results = resultsOf(server.events);
    expect(results.map((r) => [r.command.name, r.sc])).toEqual([
      ['HGET', 200],
      ['GET', 200],
      ['HPOST', 200],
      ['HPUT', 200],
      ['EXEC', 200],
      ['SHOW', 200],
      ['DEFAULT', 200],
      ['SUB', 200],
    ]);
    expect(results[0]!.uris).toEqual([`${FUMO}/main/`]);
    expect(results[1]!.data[0]!.name).toBe('DevInfo');
    expect(results[1]!.uris).toEqual([`${DEVINFO}/di/`]);
    expect(server.repo.uploads('/repo/inv')[0]!.entries[0]!.name).toBe('DevInfo');
    expect(server.repo.uploads('/repo/fumo-copy')[0]!.method).toBe('PUT');
    expect(execs).toEqual([`${FUMO}/main/Update`]);
    expect(shows).toEqual([{ url: `${A}/ui?ui=00`, serverId: 'srv-a' }]);
    // The second round's statuses arrive with the session closing at END: no Package#3 after it.
    const p3s = net.log.filter((e) => e.request.headers['Content-Type'] === 'application/vnd.oma.dm.response+json');
    expect(p3s).toHaveLength(1);
    expect(outcome.kind === 'completed' && outcome.statuses[1]!.map((s) => s.sc)).toEqual([200, 200, 200, 404]);
    expect(server.events.at(-1)).toMatchObject({ kind: 'session-closed', reason: { kind: 'completed' } });
    // Committed: the instance exists with srv-a as creator, State deleted; DEFAULT and SUB remembered.
    expect(getInstance(store.tree, FUMO, 'main')?.creator).toEqual({ kind: 'server', serverId: 'srv-a' });
    expect(leaf(store.tree, FUMO, 'main', 'State')).toBeUndefined();
    expect(client.state.defaults).toEqual([{ moid: APP, serverUri: `${A}/repo/app-default`, serverId: 'srv-a' }]);
    expect(client.state.subscriptions).toEqual([{ serverId: 'srv-a', serverUri: `${A}/repo/sub`, clientUri: `${FUMO}/main/` }]);
  });

  it('pins the session with CONT: every Package#3 goes to the token URL, Package#1 to SrvURI', async () => {
    const { net, server, tree } = setup([[dm.get(`${DEVINFO}//`)], [dm.get(`${DEVINFO}//`)], []]);
    const { client } = makeClient(net, tree);
    expect(await client.openSession('srv-a')).toMatchObject({ kind: 'completed', packages: 3 });
    const dmPosts = net.sentTo(`${A}/dm`).map((e) => e.request.url);
    const opened = server.events.find((e) => e.kind === 'session-opened')!;
    const pinned = sessionUrl(server.deps.config, (opened as { sessionId: string }).sessionId);
    expect(dmPosts).toEqual([`${A}/dm`, pinned, pinned]);
    expect(jsonOf(net.sentTo(`${A}/dm`)[0]!.response.body)).toEqual({ CMD: [['CONT', pinned], ['GET', `${DEVINFO}//`]] });
    // The pinning CONT is answered but not shown to the app.
    expect(resultsOf(server.events).map((r) => r.command.name)).toEqual(['GET', 'GET']);
  });

  it('END in the first Package#2: commands before and after it run, no Package#3 is sent', async () => {
    const { net, tree } = setup([[dm.end(), dm.hget(`${A}/repo/fumo-main`)]]);
    const { client, store } = makeClient(net, tree);
    expect(await client.openSession('srv-a')).toMatchObject({ kind: 'completed', packages: 1 });
    expect(net.sentTo(`${A}/dm`)).toHaveLength(1);
    expect(getInstance(store.tree, FUMO, 'main')).toBeDefined();
  });

  it('denies every command outside the server’s grants and rights with 403', async () => {
    const { net, server } = setup([[dm.hget(`${A}/repo/fumo-main`), dm.get(`${FUMO}/main/`), dm.delete(`${DMACC}/a/`), dm.exec(`${FUMO}/main/State`), dm.get(`${DEVINFO}/di/`)]]);
    // srv-b's account grants DEVINFO only; FUMO/main was created by srv-a; DMAcc a is srv-a's.
    let t = deviceTree([
      ['a', account('srv-a', `${A}/dm`, [FUMO])],
      ['b', account('srv-b', `${A}/dm`, [DEVINFO])],
    ]);
    t = withInstance(t, FUMO, 'main', 'FUMO', { State: '10' }, { kind: 'server', serverId: 'srv-a' });
    const { client, store } = makeClient(net, t);
    await client.openSession('srv-b');
    expect(resultsOf(server.events).map((r) => r.sc)).toEqual([403, 403, 403, 403, 200]);
    expect(store.tree.instances.get(FUMO)?.get('main')?.root.children.has('PkgName')).toBe(false);
  });

  it('answers malformed and unknown commands with 400/501 and keeps processing in order', async () => {
    const net = new MemoryNetwork();
    let calls = 0;
    net.mount(`${A}/dm`, async (req) => {
      calls++;
      if (calls === 1) return { status: 200, headers: { 'content-type': 'application/vnd.oma.dm.request+json' }, body: new TextEncoder().encode(JSON.stringify({ CMD: [['FROB', 'x'], ['GET'], ['GET', `${DEVINFO}//`]] })) };
      expect(req.headers['omadm-devid']).toBe(DEV_ID);
      expect(req.url).toBe('/dm');
      const p3 = jsonOf(req.body) as { Status: { sc: number }[] };
      expect(p3.Status.map((s) => s.sc)).toEqual([501, 400, 200]);
      return { status: 200, headers: { 'content-type': 'application/vnd.oma.dm.request+json' }, body: new TextEncoder().encode('{"CMD":[["END"]]}') };
    });
    const { client } = makeClient(net, deviceTree([['a', account('srv-a', `${A}/dm`, [DEVINFO])]]));
    expect(await client.openSession('srv-a')).toMatchObject({ kind: 'completed', packages: 2 });
    expect(calls).toBe(2);
  });

  it('asynchronous EXEC: 202 now, the Generic Alert opens a later session at the EXEC ServerURI', async () => {
    let finish!: (c: ExecCompletion) => void;
    const { net, server, tree } = setup([[dm.hget(`${A}/repo/fumo-main`), dm.exec(`${FUMO}/main/DownloadAndUpdate`, `${A}/dm`), dm.end()]]);
    const executors = executorRegistry({
      [`${FUMO} DownloadAndUpdate`]: () => ({ kind: 'async', completion: new Promise<ExecCompletion>((r) => (finish = r)) }),
    });
    const { client } = makeClient(net, tree, { executors });
    const first = await client.openSession('srv-a');
    expect(first.kind === 'completed' && first.statuses[0]!.map((s) => s.sc)).toEqual([200, 202]);
    expect(client.state.pendingAlerts).toEqual([]);
    finish({ sc: 200, alertType: 'urn:oma:at:fumo:1.0:DownloadAndUpdate', mark: 'informational' });
    await client.settled();
    expect(client.state.pendingAlerts).toHaveLength(1);
    const later = await client.sendPendingAlerts();
    expect(later).toMatchObject([{ kind: 'completed' }]);
    const alerts = server.events.filter((e) => e.kind === 'alerts');
    expect(alerts).toMatchObject([{ alerts: [{ AlertType: 'urn:oma:at:fumo:1.0:DownloadAndUpdate', SourceURI: `${FUMO}/main/DownloadAndUpdate`, Mark: 'informational', Data: { Result: 200 } }] }]);
    expect(client.state.pendingAlerts).toEqual([]);
    // The alert session was a new session, opened client-initiated.
    expect(server.events.filter((e) => e.kind === 'session-opened')).toHaveLength(2);
  });

  it('EXEC with a ServerURI reports asynchronously even when the executor finishes at once', async () => {
    const { net, tree } = setup([[dm.hget(`${A}/repo/fumo-main`), dm.exec(`${FUMO}/main/Update`, `${A}/dm`), dm.exec(`${FUMO}/main/State`), dm.end()]]);
    const { client } = makeClient(net, tree, { executors: executorRegistry({ [`${FUMO} Update`]: () => ({ kind: 'done', result: { sc: 500 } }) }) });
    const r = await client.openSession('srv-a');
    expect(r.kind === 'completed' && r.statuses[0]!.map((s) => s.sc)).toEqual([200, 202, 405]);
    expect(client.state.pendingAlerts.map((p) => p.alert.Data)).toEqual([{ Result: 500 }]);
  });

  it('SHOW reaches the UI port; the user’s answer reaches the server app, which acts on it next session', async () => {
    const answers: ReceivedAnswer[] = [];
    const net = new MemoryNetwork();
    const ui = new ShowEndpoint({ baseUrl: `${A}/ui`, random: new CounterRandom(9), onAnswer: (a) => answers.push(a) });
    net.mount(`${A}/ui`, ui.handler);
    const showUrl = ui.open({ title: 'Firmware update', question: 'Install now?', choices: ['yes', 'later'] });
    const app = {
      next: () => (answers.length > 0 && answers[0]!.answer.choice === 'yes' ? [dm.exec(`${FUMO}/main/Update`), dm.end()] : [dm.show(showUrl), dm.end()]),
    };
    mountServer(net, A, 'srv-a', app).repo.publish('/repo/fumo-main', fumoMain());
    const seen: string[] = [];
    // The station's UI port: shows the page (fetches it), and later posts the user's answer.
    const port: UserInteraction = {
      show: async (r) => {
        const page = await net.send({ method: 'GET', url: r.url, headers: {}, body: new Uint8Array(0) });
        seen.push(textOf(page.body));
        return page.status === 200 ? 'launched' : 'failed';
      },
    };
    const tree = deviceTree([['a', account('srv-a', `${A}/dm`, [FUMO])]]);
    const { client } = makeClient(net, tree, { ui: port, executors: executorRegistry({ [`${FUMO} Update`]: () => ({ kind: 'done', result: { sc: 200 } }) }) });
    await client.update((t) => {
      const r = setNode(t, DMACC, 'a', ['Name'], makeLeaf({ format: 'chr', value: 'A' }));
      return r;
    });
    const first = await client.openSession('srv-a');
    expect(first.kind === 'completed' && first.statuses[0]).toEqual([{ sc: 200 }]);
    expect(seen[0]).toContain('Install now?');
    expect(await postShowAnswer(net, showUrl, { choice: 'yes' })).toBe(200);
    expect(await postShowAnswer(net, showUrl, { choice: 'yes' })).toBe(409);
    expect(await postShowAnswer(net, `${A}/ui?ui=ffff`, { choice: 'yes' })).toBe(404);
    expect(answers).toMatchObject([{ answer: { choice: 'yes' } }]);
    const second = await client.openSession('srv-a');
    // No FUMO instance → the EXEC the answer triggered is a 404, proving the server acted on the answer.
    expect(second.kind === 'completed' && second.statuses[0]).toEqual([{ sc: 404 }]);
  });

  it('SHOW without a UI port answers 501; a failed launch answers 500', async () => {
    const { net, tree } = setup([[dm.show(`${A}/ui?ui=1`), dm.end()]]);
    const headless = makeClient(net, tree);
    const r1 = await headless.client.openSession('srv-a');
    expect(r1.kind === 'completed' && r1.statuses[0]).toEqual([{ sc: 501 }]);
    const failing = makeClient(net, tree, { ui: { show: () => Promise.resolve('failed') } });
    const r2 = await failing.client.openSession('srv-a');
    expect(r2.kind === 'completed' && r2.statuses[0]).toEqual([{ sc: 500 }]);
  });

  it('SUB: a committed change is PUT to the subscriber, retrying with a type from OMADM-Accept on 415', async () => {
    const { net, server, tree } = setup([[dm.hget(`${A}/repo/fumo-main`), dm.sub(`${A}/sub/fumo`, `${FUMO}/main/`), dm.end()]]);
    // The subscriber accepts only application/json.
    const { DataRepository } = await import('../../../../../src-shared/protocol/dm/session/index.js');
    const subRepo = new DataRepository({ accept: ['application/json'] });
    net.mount(`${A}/sub`, subRepo.handler);
    const { client } = makeClient(net, tree, { moMediaTypes: ['application/vnd.oma.dm.mo+json', 'application/json'] });
    await client.openSession('srv-a');
    const changed = await client.update((t) => setNode(t, FUMO, 'main', ['PkgName'], makeLeaf({ format: 'chr', value: 'fw-7.2' })));
    expect(changed).toMatchObject({ status: 'ok', value: [{ sc: 200 }] });
    const puts = net.sentTo(`${A}/sub/fumo`).map((e) => [e.request.headers['content-type'], e.response.status]);
    // One report when the session that created the data committed, one for the local change.
    expect(puts).toEqual([
      ['application/vnd.oma.dm.mo+json', 415],
      ['application/json', 200],
      ['application/vnd.oma.dm.mo+json', 415],
      ['application/json', 200],
    ]);
    expect(subRepo.uploads('/sub/fumo')).toHaveLength(2);
    const reported = subRepo.uploads('/sub/fumo')[1]!.entries[0]!;
    expect(reported.node.kind === 'interior' && nodeAt(reported.node, ['PkgName'])).toMatchObject({ value: 'fw-7.2' });
    // A change elsewhere is not reported; after UNSUB nothing is reported.
    const other = await client.update((t) => setNode(t, DMACC, 'a', ['Name'], makeLeaf({ format: 'chr', value: 'renamed' })));
    expect(other).toEqual({ status: 'ok', value: [] });
    void server;
  });

  it('a client supporting none of the subscriber’s types reports 406', async () => {
    const { net, tree } = setup([[dm.hget(`${A}/repo/fumo-main`), dm.sub(`${A}/sub/fumo`, `${FUMO}/main/`), dm.end()]]);
    const { DataRepository } = await import('../../../../../src-shared/protocol/dm/session/index.js');
    net.mount(`${A}/sub`, new DataRepository({ accept: ['application/cbor'] }).handler);
    const { client } = makeClient(net, tree);
    await client.openSession('srv-a');
    const changed = await client.update((t) => setNode(t, FUMO, 'main', ['PkgName'], makeLeaf({ format: 'chr', value: 'x' })));
    expect(changed).toMatchObject({ status: 'ok', value: [{ sc: 406 }] });
  });

  it('DEFAULT fallback: a missing configuration is fetched from the DEFAULT URI; without one, an alert asks for it', async () => {
    const { net, server, tree } = setup([[dm.default(APP, `${A}/repo/app-default`), dm.end()], []]);
    server.repo.publish('/repo/app-default', `[{"ClientURI":"${APP}//","MOData":{"App":{"Mode":"eco"}}}]`);
    const { client, store } = makeClient(net, tree);
    // Before any DEFAULT: nothing to fetch; srv-a is granted APP, so a request alert is queued.
    expect(await client.requestConfiguration(APP)).toMatchObject({ kind: 'requested', serverIds: ['srv-a'] });
    expect(await client.requestConfiguration('urn:oma:mo:nobody:1.0')).toMatchObject({ kind: 'unavailable' });
    await client.openSession('srv-a'); // carries the request alert; srv-a answers with DEFAULT
    expect(server.events.find((e) => e.kind === 'alerts')).toMatchObject({ alerts: [{ AlertType: 'urn:oma:at:dm:2.0:ConfigurationRequest', Data: { MOID: APP } }] });
    const fetched = await client.requestConfiguration(APP);
    expect(fetched).toMatchObject({ kind: 'fetched', uris: [`${APP}/1/`] });
    expect(getInstance(store.tree, APP, '1')?.creator).toEqual({ kind: 'server', serverId: 'srv-a' });
    expect(await client.requestConfiguration(APP)).toEqual({ kind: 'present', miids: ['1'] });
  });

  it('HGET without ClientURI creates an instance with a client-assigned MIID and reports it', async () => {
    const { net, server, tree } = setup([[dm.hget(`${A}/repo/new-app`), dm.hget(`${A}/repo/new-app`), dm.end()]]);
    server.repo.publish('/repo/new-app', `[{"ClientURI":"${APP}//","MOData":{"App":{"Mode":"eco"}}}]`);
    const { client, store } = makeClient(net, tree);
    const r = await client.openSession('srv-a');
    // The second HGET targets the now-existing single instance (replace), not a new one.
    expect(r.kind === 'completed' && r.statuses[0]).toEqual([{ sc: 200, URI: [`${APP}/1/`] }, { sc: 200, URI: [`${APP}/1/`] }]);
    expect([...(store.tree.instances.get(APP)?.keys() ?? [])]).toEqual(['1']);
  });

  it('never serializes DMAcc secrets (No Get leaves) to a server', async () => {
    const secretTree = deviceTree([['a', account('srv-a', `${A}/dm`, [DMACC], { Auth: { Trsp: { Data: 'cert', Secret: 'S3CRET' } } })]]);
    // srv-a needs rights on its own DMAcc: created locally, so grant via creator rights → use a server-created account.
    const { net, server } = setup([[dm.get(`${DMACC}/a/`), dm.get(`${DMACC}/a/Auth/Trsp/Secret`)]], secretTree);
    const { setPermissions } = await import('../../../../../src-shared/protocol/dm/index.js');
    const granted = setPermissions(secretTree, DMACC, 'a', 'srv-a', ['Read']);
    if (granted.status !== 'ok') throw new Error(granted.detail);
    const { client } = makeClient(net, granted.value);
    await client.openSession('srv-a');
    const results = resultsOf(server.events);
    expect(results.map((r) => r.sc)).toEqual([200, 403]);
    const text = encodeMoSerialization(results[0]!.data);
    expect(text).toContain('cert');
    expect(text).not.toContain('S3CRET');
    expect(net.log.map((e) => textOf(e.request.body)).join('\n')).not.toContain('S3CRET');
  });

  it('aborts on an HTTP error for a DM package and rolls the whole session back (nothing half-provisioned)', async () => {
    const net = new MemoryNetwork();
    let n = 0;
    const app = { next: () => (n++ === 0 ? [dm.hget(`${A}/repo/dmacc-b`), dm.hget(`${A}/repo/fumo-main`)] : [dm.end()]) };
    const server = mountServer(net, A, 'srv-a', app);
    server.repo.publish('/repo/fumo-main', fumoMain());
    server.repo.publish('/repo/dmacc-b', `[{"ClientURI":"${DMACC}/b/","MOData":{"DMAcc":{"SrvID":"srv-b","SrvURI":"http://127.0.0.1:8002/dm"}}}]`);
    // The server fails on the Package#3 (e.g. it crashed mid-bootstrap).
    net.mount(`${A}/dm/s`, () => Promise.resolve({ status: 500, headers: {}, body: new TextEncoder().encode('boom') }));
    const tree = deviceTree([['a', account('srv-a', `${A}/dm`, [FUMO, DMACC])]]);
    const { client, store } = makeClient(net, tree);
    expect(await client.requestConfiguration(FUMO)).toMatchObject({ kind: 'requested' });
    const r = await client.openSession('srv-a');
    expect(r).toEqual({ kind: 'aborted', packages: 1, reason: { kind: 'http-status', status: 500, detail: 'boom' } });
    expect(store.tree).toBe(tree);
    // The alert that rode the aborted session is queued again (at-least-once).
    expect(client.state.pendingAlerts.map((p) => p.alert.AlertType)).toEqual(['urn:oma:at:dm:2.0:ConfigurationRequest']);
    // A transport failure also rolls back and rejects with a typed error.
    const lost = makeClient(new MemoryNetwork(), tree);
    await expect(lost.client.openSession('srv-a')).rejects.toMatchObject({ code: 'DEVICE_DISCONNECTED' });
    expect(lost.store.tree).toBe(tree);
    // And the tree is usable again (no transaction left open).
    expect(await client.update((t) => setNode(t, DMACC, 'a', ['Name'], makeLeaf({ format: 'chr', value: 'x' })))).toMatchObject({ status: 'ok' });
  });

  it('aborts on a Package#2 with the wrong media type or bad JSON', async () => {
    for (const [type, body] of [
      ['text/html', '<html>'],
      ['application/vnd.oma.dm.request+json', '{"CMD":'],
      ['application/vnd.oma.dm.request+json', '{"CMD":[]}'],
    ] as const) {
      const net = new MemoryNetwork();
      net.mount(`${A}/dm`, () => Promise.resolve({ status: 200, headers: { 'content-type': type }, body: new TextEncoder().encode(body) }));
      const { client } = makeClient(net, deviceTree([['a', account('srv-a', `${A}/dm`, [])]]));
      expect(await client.openSession('srv-a')).toMatchObject({ kind: 'aborted', reason: { kind: 'bad-package' } });
    }
  });

  it('cache validators: GET and HPUT with a valid cv answer 304 without data; a stale cv returns data with the CV', async () => {
    const net = new MemoryNetwork();
    const app = { plan: [] as DmCommand[][], next: (t: SessionTurn) => (t.round === 0 ? (app.plan.shift() ?? []) : []) };
    const server = mountServer(net, A, 'srv-a', app);
    server.repo.publish('/repo/fumo-main', fumoMain());
    const { client, store } = makeClient(net, deviceTree([['a', account('srv-a', `${A}/dm`, [FUMO])]]));
    app.plan.push([dm.hget(`${A}/repo/fumo-main`)]);
    await client.openSession('srv-a');
    const cv = getInstance(store.tree, FUMO, 'main')!.cv;
    expect(cv).not.toBe('');
    app.plan.push([dm.get(`${FUMO}/main/?cv=${cv}`), dm.hput(`${A}/repo/copy`, `${FUMO}/main/?cv=${cv}`), dm.get(`${FUMO}/main/?cv=stale`)]);
    await client.openSession('srv-a');
    const [fresh, put, stale] = resultsOf(server.events).slice(-3);
    expect([fresh!.sc, fresh!.data]).toEqual([304, []]);
    expect(put!.sc).toBe(304);
    expect(server.repo.uploads('/repo/copy')).toEqual([]);
    expect(stale!.sc).toBe(200);
    expect(stale!.data[0]!.cv).toBe(cv);
  });

  it('sends the BootstrapComplete session alert; an async result without ServerURI rides the next Package#3', async () => {
    const { net, server, tree } = setup([[dm.hget(`${A}/repo/fumo-main`), dm.exec(`${FUMO}/main/DownloadAndUpdate`)], [dm.get(`${DEVINFO}//`)]]);
    const executors = executorRegistry({ [`${FUMO} DownloadAndUpdate`]: () => ({ kind: 'async', completion: Promise.resolve({ sc: 200 }) }) });
    const { client } = makeClient(net, tree, { executors });
    expect(await client.openSession('srv-a', { start: { kind: 'bootstrap-complete' } })).toMatchObject({ kind: 'completed', packages: 3 });
    expect(server.events[0]).toMatchObject({ kind: 'session-opened', trigger: 'bootstrap-complete' });
    // The EXEC had no ServerURI: its result goes to srv-a's own SrvURI, here in the very next Package#3.
    const p3s = net.log.filter((e) => e.request.headers['Content-Type'] === 'application/vnd.oma.dm.response+json').map((e) => jsonOf(e.request.body) as { Alert?: unknown[] });
    expect(p3s.map((p) => p.Alert?.length ?? 0)).toEqual([1, 0]);
    expect(server.events.filter((e) => e.kind === 'alerts')).toMatchObject([{ alerts: [{ AlertType: 'urn:oma:at:dm:2.0:ExecResult', Data: { Result: 200 } }] }]);
  });

  it('gives up on a server that never sends END (package limit), rolling back', async () => {
    const endless = { next: () => [dm.get(`${DEVINFO}//`)] };
    const net = new MemoryNetwork();
    mountServer(net, A, 'srv-a', endless);
    const tree = deviceTree([['a', account('srv-a', `${A}/dm`, [DEVINFO])]]);
    const { client, store } = makeClient(net, tree, { maxPackages: 5 });
    expect(await client.openSession('srv-a')).toMatchObject({ kind: 'aborted', packages: 6, reason: { kind: 'package-limit' } });
    expect(store.tree).toBe(tree);
  });

  it('cancellation rejects with CANCELLED and rolls back', async () => {
    const { net, tree } = setup([[dm.hget(`${A}/repo/fumo-main`), dm.get(`${DEVINFO}//`)]]);
    const controller = new AbortController();
    const ui: UserInteraction = { show: () => Promise.resolve('launched') };
    const executors = executorRegistry({});
    const { client, store } = makeClient(net, tree, { ui, executors });
    const http = net.send.bind(net);
    // Abort as soon as the repository answers (between two commands).
    net.send = async (req) => {
      const r = await http(req);
      if (req.url.includes('/repo/')) controller.abort();
      return r;
    };
    await expect(client.openSession('srv-a', { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(store.tree).toBe(tree);
  });

  it('uploads in the type the server advertised in OMADM-Accept; a repository 406 is reported as 406', async () => {
    const net = new MemoryNetwork();
    const { DataRepository } = await import('../../../../../src-shared/protocol/dm/session/index.js');
    const repo = new DataRepository({ accept: ['application/json', 'application/vnd.oma.dm.mo+json'] });
    const server = mountServer(net, A, 'srv-a', scripted([[dm.hpost(`${A}/repo/inv`, `${DEVINFO}//`), dm.hget(`${A}/repo/x`)]]), { repo, omadmAccept: ['application/json'] });
    server.repo.publish('/repo/x', `[{"ClientURI":"${APP}//","MOData":{"App":{}}}]`);
    const { client } = makeClient(net, deviceTree([['a', account('srv-a', `${A}/dm`, [DEVINFO, APP])]]), { moMediaTypes: ['application/json'] });
    await client.openSession('srv-a');
    expect(net.sentTo(`${A}/repo/inv`).map((e) => e.request.headers['content-type'])).toEqual(['application/json']);
    // The repository serves only the MO type, which this client does not read.
    expect(resultsOf(server.events).map((r) => r.sc)).toEqual([200, 406]);
  });

  it('DELETE of a permanent node answers 405 and leaves it; deleting a whole instance reports its URI', async () => {
    let t = deviceTree([['a', account('srv-a', `${A}/dm`, [FUMO])]]);
    t = withInstance(t, FUMO, 'main', 'FUMO', { State: '10', PkgName: 'x' }, { kind: 'server', serverId: 'srv-a' });
    const fixed = setNode(t, FUMO, 'main', ['State'], makeLeaf({ format: 'chr', value: '10' }, true));
    if (fixed.status !== 'ok') throw new Error(fixed.detail);
    const { net } = setup([[dm.delete(`${FUMO}/main/State`), dm.delete(`${FUMO}/main/PkgName`), dm.delete(`${FUMO}/main/`), dm.end()]], fixed.value);
    const { client, store } = makeClient(net, fixed.value);
    const r = await client.openSession('srv-a');
    // The instance root is not permanent, so the whole instance (permanent leaf included) goes.
    expect(r.kind === 'completed' && r.statuses[0]).toEqual([{ sc: 405 }, { sc: 200, URI: [`${FUMO}/main/PkgName`] }, { sc: 200, URI: [`${FUMO}/main/`] }]);
    expect(getInstance(store.tree, FUMO, 'main')).toBeUndefined();
  });

  it('rejects opening a session with a server it has no account for', async () => {
    const { client } = makeClient(new MemoryNetwork(), deviceTree([]));
    await expect(client.openSession('srv-x')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    void DEV_ID;
  });
});
