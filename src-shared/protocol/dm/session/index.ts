/**
 * DM 2.0 sessions (issue #4, part A): the sans-I/O server and client engines.
 *
 * Server: {@link DmServer} (or {@link handleDmRequest}, an `HttpHandler`-shaped function); mount it (and a
 * {@link DataRepository} and a {@link ShowEndpoint}) on real HTTP(S). Session state lives in a
 * {@link SessionStore}, so several server processes can serve one session. Client: {@link DmClient}
 * runs sessions over an injected `HttpClient`; {@link NotificationPolicy} decides on Package#0.
 *
 * @example
 * ```ts
 * // Server (part B mounts these on http(s)://127.0.0.1:8443):
 * const store = new MemorySessionStore();                       // or a file/SQL SessionStore
 * const repo = new DataRepository({ onUpload: (u) => audit(u.path, u.entries) });
 * repo.publish('/repo/fumo', '[{"ClientURI":"urn:oma:mo:oma-fumo:1.0/main/","MOData":{"FUMO":{}}}]');
 * const deps: DmServerDeps = {
 *   config: { serverId: 'srv-a', entryUrl: 'https://127.0.0.1:8443/dm' },
 *   store, random, clock,
 *   app: { next: (turn) => (turn.round === 0 ? [dm.get('urn:oma:mo:oma-dm-devinfo:1.2//')] : []) }, // [] = END
 *   onEvent: (e) => { if (e.kind === 'results') show(e.results.map((r) => [r.command.name, r.sc])); },
 *   authorizeDevice: (devId, peer) => peer.tls?.pskIdentity === devId,   // optional
 * };
 * const server = new DmServer({ ...deps, sha256 }); // or handleDmRequest(req, peer, deps) directly
 * // mount server.handler at /dm (it also serves /dm/s/<token>), repo.handler at /repo
 * await server.enqueue('IMEI:1', [dm.hget('https://127.0.0.1:8443/repo/fumo')]); // next Package#2
 * const { bytes } = await server.notify('IMEI:1', { credentials }); // Package#0 to send over UDP
 *
 * // Client (the station's simulated device):
 * const client = new DmClient({ devId: 'IMEI:1', http, tree: new TreeStore(tree), ui, executors });
 * const d = new NotificationPolicy({ clock, sha256 }).evaluate(bytes, client_tree);
 * if (d.accept && d.notificationId !== null) {
 *   const outcome = await client.openSession(d.serverId, { start: { kind: 'server-initiated', notificationId: d.notificationId } });
 *   // outcome.kind: 'completed' (tree committed at END) | 'aborted' (tree rolled back)
 * }
 * ```
 */
export * from './session-decisions.js';
export * from './session-store.js';
export * from './server-session.js';
export * from './server-records.js';
export * from './command-builders.js';
export * from './dm-server.js';
export * from './dm-server-instance.js';
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
