/**
 * The DM server's HTTP glue: an `HttpHandler`-shaped function that turns Package#1/#3 requests
 * into Package#2 responses, driving the session state machine over a shared {@link SessionStore}.
 *
 * Checks at the edge: POST only, OMADM-DevID present and sane, Content-Type a DM package type
 * (415 with OMADM-Accept otherwise), Accept admits Package#2 (406), body size (413), UTF-8 and
 * package syntax (400 with the reason). Session correlation follows session-decisions.ts.
 */
import { ProvisioningError } from '../../../errors/index.js';
import type { Clock, Logger, Random } from '../../../ports/clock.js';
import type { HttpRequest, HttpResponse, PeerIdentity } from '../../../ports/http.js';
import { toHex } from '../../../util/bytes.js';
import type { DmLimits } from '../limits.js';
import type { GenericAlert } from '../packages/alerts.js';
import type { DmCommand } from '../packages/commands.js';
import { DEVID_HEADER, MEDIA_TYPES, OMADM_ACCEPT_HEADER } from '../packages/media-types.js';
import { parsePackage1Json, type MosEntry } from '../packages/package1.js';
import { encodePackage2 } from '../packages/package2.js';
import { parsePackage3Json } from '../packages/package3.js';
import { acceptsType, bodyResponse, bodyText, header, mediaTypeOf, pathOf, textResponse } from './http-util.js';
import { deviceKey, deviceRecordOf, dropQueued, parseStoredSession, peekQueue, sessionKey, updateDevice } from './server-records.js';
import { acceptPackage3, emitPackage2, openSession, supersede, type ActiveTransition, type CommandResult, type ServerEvent, type SessionTrigger } from './server-session.js';
import { MAX_PACKAGE_BYTES, P3_DEVID_FALLBACK, SESSION_PATH_SEGMENT, SESSION_TOKEN_BYTES } from './session-decisions.js';
import type { JsonValue, SessionStore } from './session-store.js';

/** Static configuration of one DM server. */
export interface DmServerConfig {
  /** This server's SrvID (what devices hold in DMAcc `SrvID`). */
  readonly serverId: string;
  /** Public URL of the DM entry point (the DMAcc `SrvURI`), e.g. `https://127.0.0.1:8443/dm`. */
  readonly entryUrl: string;
  /** @default MAX_PACKAGE_BYTES (1 MiB) */
  readonly maxPackageBytes?: number;
  /** Extra MO serialization media types advertised in `OMADM-Accept` on every Package#2. */
  readonly omadmAccept?: readonly string[];
  readonly limits?: Partial<DmLimits>;
  /**
   * A session whose device stays silent longer than this is closed (`expired`) when its next
   * package arrives (answered 404). The protocol sets no timeout (digest §1.3). @default no limit
   */
  readonly sessionIdleTimeoutMs?: number;
}

/** What the server app is asked at each turn: what happened, and what to send next. */
export interface SessionTurn {
  readonly sessionId: string;
  readonly devId: string;
  readonly serverId: string;
  /** Package#2s already sent in this session (0 right after Package#1). */
  readonly round: number;
  readonly trigger: SessionTrigger;
  readonly notificationId: number | null;
  /** Package#1's MOS list (empty on later turns). */
  readonly mos: readonly MosEntry[];
  /** Alerts of this package other than the session alert. */
  readonly alerts: readonly GenericAlert[];
  /** Results of the previous Package#2's commands, in order (empty after Package#1). */
  readonly results: readonly CommandResult[];
  /** The app's own per-session state, as it last returned it (null at first). */
  readonly appState: JsonValue;
  readonly peer: PeerIdentity;
}

/** The app's answer: commands for the next Package#2 (none = END), optionally with new app state. */
export type AppDecision = readonly DmCommand[] | { readonly commands: readonly DmCommand[]; readonly appState: JsonValue };

/**
 * The server application ("script"): decides the commands of each Package#2.
 *
 * It must not keep session state in memory (another server process may serve the next package);
 * keep it in `appState`. It may be called for a turn whose save then loses a race (answered 409),
 * so it should not have side effects beyond returning a decision; side effects belong in `onEvent`.
 */
export interface ServerApp {
  next(turn: SessionTurn): AppDecision | Promise<AppDecision>;
}

/** What the HTTP glue needs. */
export interface DmServerDeps {
  readonly config: DmServerConfig;
  readonly store: SessionStore;
  readonly random: Random;
  readonly clock: Clock;
  /** @default commands queued with `enqueueCommands`, then END */
  readonly app?: ServerApp;
  /** Told every event after the state that produced it is saved. */
  readonly onEvent?: (event: ServerEvent) => void;
  readonly logger?: Logger;
  /**
   * Decides whether the authenticated peer may speak for `devId` (e.g. the TLS client certificate
   * or PSK identity belongs to that device). False → 403. @default every peer may
   */
  readonly authorizeDevice?: (devId: string, peer: PeerIdentity) => boolean | Promise<boolean>;
}

/**
 * A stable key for the identity the transport proved: certificate fingerprint, PSK identity or
 * HTTP user ('' when none). A session is bound to the key of the peer that opened it.
 */
export function peerKeyOf(peer: PeerIdentity): string {
  const cert = peer.tls?.clientCertificate?.fingerprint256;
  if (cert !== undefined) return `x509:${cert}`;
  if (peer.tls?.pskIdentity !== undefined) return `psk:${peer.tls.pskIdentity}`;
  if (peer.httpUser !== undefined) return `user:${peer.httpUser}`;
  return '';
}

function entryPath(config: DmServerConfig): string {
  return pathOf(config.entryUrl).replace(/\/+$/, '');
}

/** The CONT URL pinning a session. */
export function sessionUrl(config: DmServerConfig, sessionId: string): string {
  return `${config.entryUrl.replace(/[?#].*$/, '').replace(/\/+$/, '')}/${SESSION_PATH_SEGMENT}/${sessionId}`;
}

class HttpFailure extends Error {
  constructor(readonly response: HttpResponse) {
    super(`HTTP ${response.status}`);
  }
}

const fail = (status: number, reason: string, headers: Readonly<Record<string, string>> = {}): never => {
  throw new HttpFailure(textResponse(status, reason, headers));
};

function package2Response(config: DmServerConfig, commands: readonly DmCommand[]): HttpResponse {
  const extra = config.omadmAccept !== undefined && config.omadmAccept.length > 0 ? { [OMADM_ACCEPT_HEADER]: config.omadmAccept.join(', ') } : {};
  return bodyResponse(200, MEDIA_TYPES.request, encodePackage2(commands), extra);
}

function decisionOf(d: AppDecision, fallback: JsonValue): { commands: readonly DmCommand[]; appState: JsonValue } {
  return Array.isArray(d) ? { commands: d as readonly DmCommand[], appState: fallback } : (d as { commands: readonly DmCommand[]; appState: JsonValue });
}

async function decide(deps: DmServerDeps, t: ActiveTransition, peer: PeerIdentity): Promise<{ commands: DmCommand[]; queued: number; appState: JsonValue }> {
  const s = t.state.session;
  const queued = await peekQueue(deps.store, s.devId);
  const turn: SessionTurn = { ...s, mos: t.mos, alerts: t.alerts, results: t.results, appState: t.state.appState, peer };
  const d = deps.app === undefined ? { commands: [], appState: t.state.appState } : decisionOf(await deps.app.next(turn), t.state.appState);
  return { commands: [...queued, ...d.commands], queued: queued.length, appState: d.appState };
}

function emitAll(deps: DmServerDeps, events: readonly ServerEvent[]): void {
  for (const e of events) deps.onEvent?.(e);
}

function readBody(request: HttpRequest, deps: DmServerDeps, expectedType: string): string {
  const type = mediaTypeOf(header(request.headers, 'content-type'));
  if (type !== expectedType) {
    fail(415, `Content-Type must be ${expectedType} here, got ${type ?? 'none'}`, { [OMADM_ACCEPT_HEADER]: expectedType });
  }
  const max = deps.config.maxPackageBytes ?? MAX_PACKAGE_BYTES;
  if (request.body.length > max) fail(413, `package of ${request.body.length} bytes exceeds the limit of ${max}`);
  const text = bodyText(request.body);
  if (text === undefined) fail(400, 'package body is not valid UTF-8');
  return text!;
}

async function handlePackage1(request: HttpRequest, peer: PeerIdentity, deps: DmServerDeps, devId: string): Promise<HttpResponse> {
  const p1 = parsePackage1Json(readBody(request, deps, MEDIA_TYPES.initiation), { limits: deps.config.limits ?? {} });
  const { store, config } = deps;
  const events: ServerEvent[] = [];
  const device = deviceRecordOf(devId, await store.load(deviceKey(devId)));
  if (device.sessionId !== null) {
    const old = await store.load(sessionKey(device.sessionId));
    const oldState = old === undefined ? undefined : parseStoredSession(old.value);
    if (oldState !== undefined) events.push(...supersede(oldState).events);
    await store.delete(sessionKey(device.sessionId));
  }
  const sessionId = toHex(deps.random.bytes(SESSION_TOKEN_BYTES));
  const opened = openSession(p1, { sessionId, devId, serverId: config.serverId, nowMs: deps.clock.nowMs(), previous: device.state, peer: peerKeyOf(peer) });
  events.push(...opened.events);
  const d = await decide(deps, opened, peer);
  const emitted = emitPackage2(opened.state, d.commands, sessionUrl(config, sessionId), d.appState);
  const open = emitted.state.kind === 'wait-p3';
  if (open) {
    const saved = await store.save(sessionKey(sessionId), emitted.state, undefined);
    if (!saved.ok) fail(409, 'session token collision; retry');
  }
  await updateDevice(store, devId, () => ({ state: { kind: 'idle', devId }, sessionId: open ? sessionId : null }));
  await dropQueued(store, devId, d.queued);
  emitAll(deps, [...events, ...emitted.events]);
  return package2Response(config, emitted.commands);
}

async function handlePackage3(request: HttpRequest, peer: PeerIdentity, deps: DmServerDeps, devId: string, token: string | undefined): Promise<HttpResponse> {
  const { store, config } = deps;
  let sessionId = token;
  if (sessionId === undefined) {
    if (!P3_DEVID_FALLBACK) fail(404, 'Package#3 must go to the session URL');
    sessionId = deviceRecordOf(devId, await store.load(deviceKey(devId))).sessionId ?? undefined;
    if (sessionId === undefined) fail(404, 'no open session for this device');
  }
  const stored = await store.load(sessionKey(sessionId!));
  if (stored === undefined) fail(404, 'unknown or closed session');
  const parsed = parseStoredSession(stored!.value);
  if (parsed === undefined) {
    deps.logger?.error('DM server: unreadable session record', { sessionId: sessionId! });
    fail(500, 'session record unreadable');
  }
  const waiting = parsed!;
  if (waiting.session.devId !== devId) fail(403, 'OMADM-DevID does not match the session');
  if (waiting.session.peer !== peerKeyOf(peer)) fail(403, 'the authenticated peer differs from the one that opened the session');
  const idleMs = deps.clock.nowMs() - waiting.session.lastActivityMs;
  if (config.sessionIdleTimeoutMs !== undefined && idleMs > config.sessionIdleTimeoutMs) {
    await store.delete(sessionKey(sessionId!));
    await updateDevice(store, devId, (r) => (r.sessionId === sessionId ? { ...r, sessionId: null } : r));
    const s = waiting.session;
    emitAll(deps, [{ kind: 'session-closed', sessionId: s.sessionId, devId: s.devId, reason: { kind: 'expired', idleMs } }]);
    fail(404, 'session expired');
  }
  const p3 = parsePackage3Json(readBody(request, deps, MEDIA_TYPES.response), { limits: config.limits ?? {} });
  const accepted = acceptPackage3(waiting, p3);
  if (accepted.state.kind === 'closed') {
    await store.delete(sessionKey(sessionId!));
    await updateDevice(store, devId, (r) => (r.sessionId === sessionId ? { ...r, sessionId: null } : r));
    emitAll(deps, accepted.events);
    return package2Response(config, [{ name: 'END' }]);
  }
  const active = accepted as ActiveTransition;
  const d = await decide(deps, active, peer);
  const emitted = emitPackage2(active.state, d.commands, sessionUrl(config, sessionId!), d.appState);
  if (emitted.state.kind === 'wait-p3') {
    const fresh = { ...emitted.state, session: { ...emitted.state.session, lastActivityMs: deps.clock.nowMs() } };
    const saved = await store.save(sessionKey(sessionId!), fresh, stored!.version);
    if (!saved.ok) fail(409, 'this Package#3 was already answered by another server');
  } else {
    const saved = await store.save(sessionKey(sessionId!), emitted.state, stored!.version);
    if (!saved.ok) fail(409, 'this Package#3 was already answered by another server');
    await store.delete(sessionKey(sessionId!));
    await updateDevice(store, devId, (r) => (r.sessionId === sessionId ? { ...r, sessionId: null } : r));
  }
  await dropQueued(store, devId, d.queued);
  emitAll(deps, [...active.events, ...emitted.events]);
  return package2Response(config, emitted.commands);
}

async function route(request: HttpRequest, peer: PeerIdentity, deps: DmServerDeps): Promise<HttpResponse> {
  const base = entryPath(deps.config);
  const path = pathOf(request.url).replace(/\/+$/, '');
  let token: string | undefined;
  if (path !== base) {
    const prefix = `${base}/${SESSION_PATH_SEGMENT}/`;
    if (!path.startsWith(prefix) || !/^[0-9a-f]{1,64}$/.test(path.slice(prefix.length))) fail(404, 'not a DM endpoint');
    token = path.slice(prefix.length);
  }
  if (request.method !== 'POST') fail(405, 'DM packages are sent with POST', { allow: 'POST' });
  const devId = header(request.headers, DEVID_HEADER);
  if (devId === undefined || !/^[\x21-\x7e]{1,256}$/.test(devId)) fail(400, `${DEVID_HEADER} header missing or malformed`);
  if (!acceptsType(header(request.headers, 'accept'), MEDIA_TYPES.request)) fail(406, `this server answers with ${MEDIA_TYPES.request} only`);
  if (deps.authorizeDevice !== undefined && !(await deps.authorizeDevice(devId!, peer))) fail(403, 'this peer may not manage the device it names');
  const type = mediaTypeOf(header(request.headers, 'content-type'));
  if (type === MEDIA_TYPES.initiation) {
    if (token !== undefined) fail(400, 'Package#1 must go to the entry URL, not a session URL');
    return handlePackage1(request, peer, deps, devId!);
  }
  if (type === MEDIA_TYPES.response) return handlePackage3(request, peer, deps, devId!, token);
  return fail(415, `Content-Type must be ${MEDIA_TYPES.initiation} or ${MEDIA_TYPES.response}`, { [OMADM_ACCEPT_HEADER]: `${MEDIA_TYPES.initiation}, ${MEDIA_TYPES.response}` });
}

/**
 * Answers one DM package request. Never rejects: malformed input becomes a 4xx with a readable
 * reason, store or app failures a 5xx (details logged, not sent).
 */
export async function handleDmRequest(request: HttpRequest, peer: PeerIdentity, deps: DmServerDeps): Promise<HttpResponse> {
  try {
    return await route(request, peer, deps);
  } catch (error) {
    if (error instanceof HttpFailure) return error.response;
    if (error instanceof ProvisioningError && (error.code === 'PROTOCOL_VIOLATION' || error.code === 'INVALID_REQUEST')) return textResponse(400, error.message);
    if (error instanceof ProvisioningError && error.code === 'DEVICE_BUSY') return textResponse(503, 'server busy; retry later');
    deps.logger?.error('DM server failed to answer a package', { error: error instanceof Error ? error.message : String(error) });
    return textResponse(500, 'internal server error');
  }
}
