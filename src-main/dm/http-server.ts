/**
 * Node HTTP/HTTPS binding of an {@link HttpHandler}: loopback by default, body limit (413 before
 * the body is read), header/request timeouts, keep-alive, TLS 1.2+ with X.509 client
 * authentication (EKU clientAuth enforced) or PSK-TLS, and a structured refusal for every
 * connection or request turned away. The server keeps serving after any refusal.
 */
import { once } from 'node:events';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { HttpHandler, HttpHeaders, HttpResponse } from '../../src-shared/ports/http.js';
import { clientCertificateOf, hasClientAuthEku, peerIdentityOf, pskIdentityOf, rememberPskIdentity, remoteOf } from './peer-identity.js';
import { certificateReason, emitRefusal, type Refusal, type RefusalListener } from './refusal.js';
import { dmCipherList, MIN_TLS_VERSION, pem, pems, type DmServerTlsOptions } from './tls-options.js';

/** Default largest request body accepted (bytes). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Options of {@link startDmHttpServer}. */
export interface DmHttpServerOptions {
  readonly handler: HttpHandler;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** 0 picks a free port. @default 0 */
  readonly port?: number;
  /** HTTPS when present. */
  readonly tls?: DmServerTlsOptions;
  /** @default DEFAULT_MAX_BODY_BYTES */
  readonly maxBodyBytes?: number;
  /** Time allowed to receive the request headers. @default 10000 */
  readonly headersTimeoutMs?: number;
  /** Time allowed to receive the whole request. @default 30000 */
  readonly requestTimeoutMs?: number;
  /** Idle time before a keep-alive connection is closed. @default 5000 */
  readonly keepAliveTimeoutMs?: number;
  readonly onRefusal?: RefusalListener;
}

/** A running server. */
export interface DmHttpServer {
  /** Base URL, e.g. `https://127.0.0.1:43211`. */
  readonly url: string;
  readonly port: number;
  /**
   * Stops accepting and closes idle connections; requests in flight may finish for `graceMs`
   * (default 2000) before their connections are cut. Resolves when closed.
   */
  close(graceMs?: number): Promise<void>;
}

function headersOf(req: http.IncomingMessage): HttpHeaders {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function refuseRequest(res: http.ServerResponse, status: number, reason: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = `${reason}\n`;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' });
  res.end(body);
}

function writeResponse(res: http.ServerResponse, response: HttpResponse): void {
  const headers: Record<string, string | number> = { ...response.headers, 'content-length': response.body.byteLength };
  res.writeHead(response.status, headers);
  res.end(Buffer.from(response.body.buffer, response.body.byteOffset, response.body.byteLength));
}

/** Reads the body up to `max` bytes; resolves undefined when it is larger (the caller answers 413). */
function readBody(req: http.IncomingMessage, max: number): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > max) {
        req.off('data', onData);
        req.off('end', onEnd);
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
      resolve(new Uint8Array(all.buffer, all.byteOffset, all.byteLength));
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', reject);
  });
}

function tlsServerOptions(tls: DmServerTlsOptions, refuse: (socket: Socket, reason: string) => void): https.ServerOptions {
  const psk = tls.psk;
  return {
    ...(tls.cert === undefined ? {} : { cert: pem(tls.cert) }),
    ...(tls.key === undefined ? {} : { key: pem(tls.key) }),
    ...(tls.ca === undefined ? {} : { ca: pems(tls.ca) }),
    minVersion: tls.minVersion ?? MIN_TLS_VERSION,
    ...(tls.maxVersion === undefined ? {} : { maxVersion: tls.maxVersion }),
    ciphers: dmCipherList(psk !== undefined),
    requestCert: tls.requireClientCert === true,
    rejectUnauthorized: tls.requireClientCert === true,
    ...(psk === undefined
      ? {}
      : {
          dhparam: 'auto',
          ...(psk.hint === undefined ? {} : { pskIdentityHint: psk.hint }),
          pskCallback: (socket: TLSSocket, identity: string) => {
            rememberPskIdentity(socket, identity);
            const key = psk.lookup(identity);
            if (key === undefined) {
              refuse(socket, 'unknown PSK identity');
              return null;
            }
            return Buffer.from(key);
          },
        }),
  };
}

/** Starts the server and resolves once it listens. */
export async function startDmHttpServer(options: DmHttpServerOptions): Promise<DmHttpServer> {
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const transport = options.tls === undefined ? 'http' : 'https';
  const refused = new WeakSet<Socket>();
  const refuse = (refusal: Refusal) => emitRefusal(options.onRefusal, refusal);
  const refuseTls = (socket: Socket, reason: string) => {
    refused.add(socket);
    const psk = pskIdentityOf(socket);
    const remote = remoteOf(socket);
    refuse({ code: 'AUTH_FAILED', reason, peer: { transport: 'https', ...(remote === undefined ? {} : { remote }), ...(psk === undefined ? {} : { pskIdentity: psk }) } });
  };

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    void (async () => {
      const peer = peerIdentityOf(req.socket);
      const refuseHttp = (status: number, reason: string, code: Refusal['code']) => {
        const remote = remoteOf(req.socket);
        refuse({ code, reason, status, peer: { transport, ...(remote === undefined ? {} : { remote }), ...(peer.tls === undefined ? {} : { tlsProtocol: peer.tls.protocol }) } });
        refuseRequest(res, status, reason);
      };
      const declared = req.headers['content-length'];
      if (declared !== undefined && Number(declared) > maxBody) {
        refuseHttp(413, `request body of ${declared} bytes exceeds the limit of ${maxBody} bytes`, 'INVALID_REQUEST');
        return;
      }
      const body = await readBody(req, maxBody);
      if (body === undefined) {
        refuseHttp(413, `request body exceeds the limit of ${maxBody} bytes`, 'INVALID_REQUEST');
        return;
      }
      let response: HttpResponse;
      try {
        response = await options.handler({ method: req.method ?? 'GET', url: req.url ?? '/', headers: headersOf(req), body }, peer);
      } catch {
        refuseHttp(500, 'internal error while handling the request', 'INTERNAL');
        return;
      }
      try {
        writeResponse(res, response);
      } catch {
        refuseHttp(500, 'handler produced an invalid response', 'INTERNAL');
      }
    })().catch(() => {
      if (!res.headersSent) refuseRequest(res, 400, 'request could not be read');
      else res.destroy();
    });
  };

  const timeouts = { connectionsCheckingInterval: Math.min(1_000, options.headersTimeoutMs ?? 10_000, options.requestTimeoutMs ?? 30_000) };
  const server: http.Server =
    options.tls === undefined
      ? http.createServer({ keepAlive: true, ...timeouts }, onRequest)
      : https.createServer({ ...tlsServerOptions(options.tls, refuseTls), ...timeouts }, onRequest);
  server.headersTimeout = options.headersTimeoutMs ?? 10_000;
  server.requestTimeout = options.requestTimeoutMs ?? 30_000;
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 5_000;

  if (options.tls !== undefined) {
    const requireCert = options.tls.requireClientCert === true;
    server.on('tlsClientError', (error: NodeJS.ErrnoException, socket: TLSSocket) => {
      if (refused.has(socket)) return;
      const authError = (socket as TLSSocket & { authorizationError?: string | Error }).authorizationError;
      const authCode = typeof authError === 'string' ? authError : authError?.message;
      let reason: string;
      if (authCode !== undefined) reason = `client ${certificateReason(authCode)}`;
      else if (error.code === 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE') reason = 'client certificate required but none was presented';
      else if (/UNSUPPORTED_PROTOCOL|VERSION/i.test(error.code ?? '')) reason = `TLS version refused (minimum ${options.tls?.minVersion ?? MIN_TLS_VERSION})`;
      else if (pskIdentityOf(socket) !== undefined) reason = `PSK handshake failed: wrong key for the identity (${error.code ?? 'handshake error'})`;
      else if (/NO_SHARED_CIPHER|NO_SUITABLE/i.test(error.code ?? '')) reason = 'no shared cipher suite';
      else reason = `TLS handshake failed (${error.code ?? 'unknown'})`;
      refuseTls(socket, reason);
    });
    server.on('secureConnection', (socket: TLSSocket) => {
      if (!requireCert) return;
      const cert = clientCertificateOf(socket);
      if (cert !== undefined && !hasClientAuthEku(cert)) {
        refuseTls(socket, 'client certificate extended key usage lacks clientAuth');
        socket.destroy();
      }
    });
  }
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if ((error.code ?? '').startsWith('ERR_SSL_') || refused.has(socket)) {
      socket.destroy(); // TLS failures are reported once, by the tlsClientError handler.
      return;
    }
    const remote = remoteOf(socket);
    const timedOut = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    const reason = timedOut ? 'request not received in time' : `malformed HTTP request (${error.code ?? 'parse error'})`;
    const status = timedOut ? 408 : 400;
    refuse({ code: timedOut ? 'TRANSPORT_TIMEOUT' : 'INVALID_REQUEST', reason, status, peer: { transport, ...(remote === undefined ? {} : { remote }) } });
    const head = timedOut ? '408 Request Timeout' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${head}\r\nconnection: close\r\ncontent-type: text/plain\r\ncontent-length: ${reason.length + 1}\r\n\r\n${reason}\n`);
    else socket.destroy();
  });

  server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `${transport}://${host}:${address.port}`,
    port: address.port,
    async close(graceMs = 2_000) {
      const closed = once(server, 'close');
      server.close();
      server.closeIdleConnections();
      const cut = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(cut);
    },
  };
}
