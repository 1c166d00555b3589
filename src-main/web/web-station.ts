import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { realpathSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { ProvisioningError } from '../../src-shared/errors/index.js';
import { WS_MAX_FRAME_BYTES, WS_PATH, WS_SUBPROTOCOL, type WsServerMessage } from '../../src-shared/ipc/wire.js';
import type { StationBackend } from '../ipc/backend.js';
import { allowedOrigins, isAllowedHost, securityHeaders } from './http-policy.js';
import { sendText, serveStatic } from './static-files.js';
import { WsConnection, refuseConnection } from './ws-connection.js';
import { checkHandshake } from './ws-handshake.js';

/** Hosts the station may bind: loopback only, never a routable interface. */
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost'] as const;

/** How long a stopping station waits for clients to acknowledge the close before cutting them off. */
const CLOSE_GRACE_MS = 1000;

/** Frames larger than this are dropped by `ws` itself (close 1009); up to it they get a typed refusal. */
const HARD_FRAME_LIMIT_BYTES = 4 * WS_MAX_FRAME_BYTES;

/** Options of {@link startWebStation}. */
export interface WebStationOptions {
  /** The station's services behind the gate (in-process or device-host child). */
  readonly backend: StationBackend;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** 0 picks a free port. @default 0 */
  readonly port?: number;
  /** Directory of the built renderer. @default 'out/renderer' (relative to the working directory) */
  readonly rendererDir?: string;
  /** Token for this run; tests only. @default 32 random bytes, base64url */
  readonly token?: string;
}

/** A running web station. */
export interface WebStation {
  /** URL to open: the token rides in the fragment, which browsers never send to the server. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly port: number;
  /** Number of authenticated WebSocket clients. */
  clientCount(): number;
  /** Stops accepting, closes every client and the server. Does not close the backend. */
  close(): Promise<void>;
}

/**
 * Serves the built renderer and the IPC contract over a WebSocket on loopback.
 *
 * HTTP: static files from `rendererDir` with a strict CSP, `/healthz` for monitors. WebSocket at
 * {@link WS_PATH}: the client offers subprotocols `bootbench.v1, token.<token>`; see
 * `checkHandshake` for the Origin/token rules. Refused clients get one `refused` message and
 * close code `WS_CLOSE_FORBIDDEN`; other clients are unaffected.
 */
export async function startWebStation(options: WebStationOptions): Promise<WebStation> {
  const host = options.host ?? '127.0.0.1';
  if (!(LOOPBACK_HOSTS as readonly string[]).includes(host)) {
    throw new ProvisioningError('INVALID_REQUEST', `The web station binds loopback only (${LOOPBACK_HOSTS.join(', ')}), not ${host}`);
  }
  const token = options.token ?? randomBytes(32).toString('base64url');
  const rendererDir = realRoot(resolve(options.rendererDir ?? 'out/renderer'));
  const clients = new Map<WebSocket, WsConnection>();
  let nextClient = 1;
  let port = 0;

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: HARD_FRAME_LIMIT_BYTES,
    handleProtocols: (offered) => (offered.has(WS_SUBPROTOCOL) ? WS_SUBPROTOCOL : false),
  });

  const server = createServer((req, res) => void onRequest(req, res));
  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers = securityHeaders(port);
    if (!isAllowedHost(req.headers.host, port)) return sendText(res, 421, 'Misdirected request\n', headers);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed\n', { ...headers, Allow: 'GET, HEAD' });
    if ((req.url ?? '').split('?')[0] === '/healthz') return sendText(res, 200, 'ok\n', headers);
    try {
      await serveStatic(req, res, rendererDir, headers);
    } catch {
      if (!res.headersSent) sendText(res, 500, 'Internal error\n', headers);
      else res.destroy();
    }
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if ((req.url ?? '').split('?')[0] !== WS_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      // Protocol errors (e.g. a frame over the hard limit) end that one client, never the station.
      ws.on('error', () => ws.terminate());
      const verdict = checkHandshake(req, { port, origins: allowedOrigins(port), token });
      if (!verdict.ok) return refuseConnection(ws, new ProvisioningError(verdict.code, verdict.message).toSerialized());
      const connection = new WsConnection(ws, options.backend, `web-${nextClient++}`);
      clients.set(ws, connection);
      ws.on('close', () => clients.delete(ws));
    });
  });
  // A socket error on one client must not take the station down; the socket is already gone.
  server.on('clientError', (_error, socket) => socket.destroy());

  const unsubscribe = options.backend.subscribe((name, payload) => {
    const message: WsServerMessage = { type: 'event', name, payload };
    const text = JSON.stringify(message);
    for (const client of clients.values()) client.sendText(text);
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${host}:${port}`;

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    port,
    clientCount: () => clients.size,
    async close() {
      unsubscribe();
      for (const client of clients.values()) client.close(1001, 'station stopping');
      await closeAll(wss, CLOSE_GRACE_MS);
      await new Promise<void>((done) => wss.close(() => done()));
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };
}

/**
 * Waits for every socket (authenticated or being refused) to finish its closing handshake, and
 * terminates the ones still open after `graceMs` so a silent client cannot hold the station up.
 */
async function closeAll(wss: WebSocketServer, graceMs: number): Promise<void> {
  const open = [...wss.clients];
  if (open.length === 0) return;
  for (const ws of open) if (ws.readyState === ws.OPEN) ws.close(1001, 'station stopping');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(open.map((ws) => (ws.readyState === ws.CLOSED ? undefined : once(ws, 'close')))),
    new Promise<void>((done) => {
      timer = setTimeout(done, graceMs);
    }),
  ]);
  clearTimeout(timer);
  for (const ws of open) if (ws.readyState !== ws.CLOSED) ws.terminate();
}

/** Resolves symlinks of the renderer directory once; a missing directory stays as given (503s). */
function realRoot(dir: string): string {
  try {
    // Sync on purpose: runs once at start-up, before the server listens.
    return realpathSync(dir);
  } catch {
    return dir;
  }
}
