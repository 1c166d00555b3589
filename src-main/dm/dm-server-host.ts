/**
 * A complete DM server on Node: the engine's package handler at `/dm` (and its CONT session
 * URLs), a data repository at `/repo/…`, optional HTTP Basic/Digest in front of both, on HTTP or
 * HTTPS, plus Package#0 over a {@link NotificationCarrier}.
 */
import type { Clock, Logger, Random } from '../../src-shared/ports/clock.js';
import type { HttpHandler } from '../../src-shared/ports/http.js';
import type { NotificationCarrier } from '../../src-shared/ports/notification-carrier.js';
import { CON_TYPE, encodePackage0, signPackage0, type NotiCredentials } from '../../src-shared/protocol/dm/package0.js';
import {
  DataRepository,
  handleDmRequest,
  MemorySessionStore,
  type DmServerDeps,
  type ServerApp,
  type ServerEvent,
  type SessionStore,
} from '../../src-shared/protocol/dm/session/index.js';
import { withHttpAuth, type HttpAuthScheme } from './http-auth.js';
import { startDmHttpServer, type DmHttpServer } from './http-server.js';
import { nodeSha256 } from './notification-listener.js';
import { emitRefusal, refusalPeerOf, type RefusalListener } from './refusal.js';
import type { ErrorCode } from '../../src-shared/errors/index.js';
import type { DmServerTlsOptions } from './tls-options.js';
import { nodeRandom, systemClock } from '../platform/node-ports.js';

/** Node's clock and CSPRNG (re-exported for the DM modules). */
export { systemClock as nodeClock, nodeRandom };

/** Path of the DM entry point. */
export const DM_ENTRY_PATH = '/dm';

/** Path prefix of the data repository. */
export const REPOSITORY_PREFIX = '/repo/';

/** Options of {@link startDmServerHost}. */
export interface DmServerHostOptions {
  readonly serverId: string;
  readonly host?: string;
  readonly port?: number;
  readonly tls?: DmServerTlsOptions;
  /** HTTP authentication in front of every path (the password lookup keeps secrets in memory). */
  readonly httpAuth?: { readonly realm: string; readonly schemes: readonly HttpAuthScheme[]; readonly lookup: (user: string) => string | undefined };
  readonly app?: ServerApp;
  readonly store?: SessionStore;
  readonly repository?: DataRepository;
  readonly onEvent?: (event: ServerEvent) => void;
  readonly onRefusal?: RefusalListener;
  readonly maxBodyBytes?: number;
  readonly clock?: Clock;
  readonly random?: Random;
  readonly logger?: Logger;
}

/** A running DM server. */
export interface DmServerHost {
  /** DMAcc `SrvURI` devices use, e.g. `https://127.0.0.1:43111/dm`. */
  readonly entryUrl: string;
  /** Base URL of the server. */
  readonly url: string;
  readonly repository: DataRepository;
  readonly store: SessionStore;
  /** The whole server as one handler (origin-form URLs), for other bindings such as the cable link. */
  readonly handler: HttpHandler;
  /** Absolute URL of a repository path (`repositoryUrl('fumo')` → `…/repo/fumo`). */
  repositoryUrl(name: string): string;
  close(): Promise<void>;
}

/** Error code recorded for an HTTP error status. */
export function refusalCodeOf(status: number): ErrorCode {
  if (status === 401 || status === 403) return 'AUTH_FAILED';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409 || status === 503) return 'DEVICE_BUSY';
  if (status >= 500) return 'INTERNAL';
  return 'INVALID_REQUEST';
}

/** Starts the server. */
export async function startDmServerHost(options: DmServerHostOptions): Promise<DmServerHost> {
  const store = options.store ?? new MemorySessionStore();
  const repository = options.repository ?? new DataRepository();
  const clock = options.clock ?? systemClock;
  const random = options.random ?? nodeRandom;
  // The engine's entry URL needs the bound port, so its deps are filled in once the server listens.
  const ready: { deps?: DmServerDeps } = {};
  const dispatch: HttpHandler = async (request, peer) => {
    const path = request.url.replace(/[?#].*$/, '');
    if (path.startsWith(REPOSITORY_PREFIX)) return repository.handler(request, peer);
    const deps = ready.deps;
    if (deps === undefined) return { status: 503, headers: { 'content-type': 'text/plain' }, body: new TextEncoder().encode('starting\n') };
    return handleDmRequest(request, peer, deps);
  };
  // Every 4xx/5xx the engine or repository answers is also a refusal record (audit trail of hostile input).
  const route: HttpHandler = async (request, peer) => {
    const response = await dispatch(request, peer);
    if (response.status >= 400 && options.onRefusal !== undefined) {
      const reason = new TextDecoder().decode(response.body.subarray(0, 300)).trim() || `HTTP ${response.status}`;
      emitRefusal(options.onRefusal, { code: refusalCodeOf(response.status), reason, status: response.status, peer: refusalPeerOf(peer) });
    }
    return response;
  };
  const handler =
    options.httpAuth === undefined
      ? route
      : withHttpAuth(route, { ...options.httpAuth, clock, random, ...(options.onRefusal === undefined ? {} : { onRefusal: options.onRefusal }) });
  const http: DmHttpServer = await startDmHttpServer({
    handler,
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    ...(options.onRefusal === undefined ? {} : { onRefusal: options.onRefusal }),
  });
  const entryUrl = `${http.url}${DM_ENTRY_PATH}`;
  ready.deps = {
    config: { serverId: options.serverId, entryUrl },
    store,
    clock,
    random,
    ...(options.app === undefined ? {} : { app: options.app }),
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  };
  return {
    entryUrl,
    url: http.url,
    repository,
    store,
    handler,
    repositoryUrl: (name) => `${http.url}${REPOSITORY_PREFIX}${name.replace(/^\/+/, '')}`,
    close: () => http.close(),
  };
}

/** What a server puts in a Package#0. */
export interface NotificationRequest {
  readonly serverId: string;
  readonly notificationId: number;
  readonly reqMos?: boolean;
  /** Signs the notification (SHA256-DIGEST) when given. */
  readonly credentials?: NotiCredentials;
  readonly clock?: Clock;
}

/** Encodes, signs and sends one Package#0 with a TIMESTAMP (digest §7.3, §8). */
export async function sendNotification(carrier: NotificationCarrier, request: NotificationRequest): Promise<void> {
  const p = {
    version: 1,
    serverId: request.serverId,
    preferredConType: CON_TYPE.anyAvailable,
    notificationId: request.notificationId,
    timestampS: Math.floor((request.clock ?? systemClock).nowMs() / 1000),
    reqMos: request.reqMos ?? true,
  };
  const bytes = request.credentials === undefined ? encodePackage0(p) : signPackage0(p, request.credentials, nodeSha256);
  await carrier.send(bytes);
}
