/**
 * DM 2.0 sessions (issue #4, part A): the sans-I/O server and client engines.
 *
 * Server: {@link handleDmRequest} is an `HttpHandler`-shaped function; mount it (and a
 * {@link DataRepository} and a {@link ShowEndpoint}) on real HTTP(S). Session state lives in a
 * {@link SessionStore}, so several server processes can serve one session. Client: {@link DmClient}
 * runs sessions over an injected `HttpClient`; {@link NotificationPolicy} decides on Package#0.
 *
 * @example
 * ```ts
 * // Server (part B mounts `handler` at http://127.0.0.1:8080/dm):
 * const store = new MemorySessionStore();
 * const repo = new DataRepository({ onUpload: (u) => log(u.path) });
 * repo.publish('/repo/fumo', entries);
 * const deps: DmServerDeps = {
 *   config: { serverId: 'srv-a', entryUrl: 'http://127.0.0.1:8080/dm' },
 *   store, random, clock,
 *   app: { next: (turn) => (turn.round === 0 ? [dm.get('urn:oma:mo:oma-dm-devinfo:1.2//'), dm.end()] : []) },
 *   onEvent: (e) => { if (e.kind === 'results') console.log(e.results.map((r) => r.sc)); },
 * };
 * const handler: HttpHandler = (req, peer) => handleDmRequest(req, peer, deps);
 * await enqueueCommands(store, 'IMEI:1', [dm.hget('http://127.0.0.1:8080/repo/fumo')]); // next session
 *
 * // Client:
 * const client = new DmClient({ devId: 'IMEI:1', http, tree: new TreeStore(tree), ui, executors });
 * const outcome = await client.openSession('srv-a'); // { kind: 'completed' | 'aborted', ... }
 * ```
 */
export * from './session-decisions.js';
export * from './session-store.js';
export * from './server-session.js';
export * from './server-records.js';
export * from './command-builders.js';
export * from './dm-server.js';
export * from './server-notify.js';
export * from './repository.js';
export * from './client-ports.js';
export * from './dm-client.js';
export * from './configuration-request.js';
export * from './subscriptions.js';
export * from './notification-policy.js';
export * from './show.js';
export { fetchMoData, uploadMoData, type FetchResult, type RepositoryCallContext } from './repository-client.js';
export { readableEntries, readableEntry } from './read-entries.js';
