/**
 * {@link HttpClient} over node:http / node:https: keep-alive agent, TLS 1.2+ with CA trust, client
 * certificate or PSK, server-name check and optional certificate pinning, HTTP Basic or Digest,
 * and typed errors (`AUTH_FAILED` with a reason for every TLS authentication failure).
 */
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { ProvisioningError } from '../../src-shared/errors/index.js';
import type { AbortSignalLike } from '../../src-shared/ports/abort.js';
import type { HttpClient, HttpRequest, HttpResponse } from '../../src-shared/ports/http.js';
import { basicAuthorization, digestAuthorization, parseAuthHeader, type DigestAlgorithm } from './digest-auth.js';
import { classifyTransportError } from './http-client-errors.js';
import { dmCipherList, MIN_TLS_VERSION, pem, pems, type PemInput, type TlsVersion } from './tls-options.js';

/** TLS options of {@link NodeHttpClient}. */
export interface DmClientTlsOptions {
  /** Trust anchors for the server certificate (default: Node's bundled roots). */
  readonly ca?: PemInput | readonly PemInput[];
  readonly cert?: PemInput;
  readonly key?: PemInput;
  /** PSK-TLS credentials (identity and key). */
  readonly psk?: { readonly identity: string; readonly key: Uint8Array };
  /** Name checked against the server certificate (default: the URL host). */
  readonly servername?: string;
  /** Accept only server certificates with one of these SHA-256 fingerprints (`AA:BB:…`). */
  readonly pinnedFingerprints256?: readonly string[];
  readonly minVersion?: TlsVersion;
  readonly maxVersion?: TlsVersion;
}

/** HTTP authentication of {@link NodeHttpClient}; the password stays in memory only. */
export interface DmClientAuth {
  readonly user: string;
  readonly password: string;
  /** `basic` sends credentials pre-emptively; `digest` answers the server's challenge. @default 'digest' */
  readonly scheme?: 'basic' | 'digest';
}

/** Options of {@link NodeHttpClient}. */
export interface NodeHttpClientOptions {
  readonly tls?: DmClientTlsOptions;
  readonly auth?: DmClientAuth;
  /** Whole-exchange timeout. @default 30000 */
  readonly timeoutMs?: number;
  /** Largest response body accepted. @default 8 MiB */
  readonly maxResponseBytes?: number;
}

interface DigestState {
  readonly realm: string;
  readonly nonce: string;
  readonly opaque: string | undefined;
  readonly algorithm: DigestAlgorithm;
  nc: number;
}

/** HTTP(S) client with one keep-alive agent per instance; call {@link NodeHttpClient.close} when done. */
export class NodeHttpClient implements HttpClient {
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent: https.Agent;
  private digest: DigestState | undefined;

  constructor(private readonly options: NodeHttpClientOptions = {}) {
    const t = options.tls ?? {};
    const pins = t.pinnedFingerprints256?.map((f) => f.toUpperCase());
    this.httpsAgent = new https.Agent({
      keepAlive: true,
      minVersion: t.minVersion ?? MIN_TLS_VERSION,
      ...(t.maxVersion === undefined ? {} : { maxVersion: t.maxVersion }),
      ...(t.ca === undefined ? {} : { ca: pems(t.ca) }),
      ...(t.cert === undefined ? {} : { cert: pem(t.cert) }),
      ...(t.key === undefined ? {} : { key: pem(t.key) }),
      ...(t.servername === undefined ? {} : { servername: t.servername }),
      ciphers: dmCipherList(t.psk !== undefined),
      ...(t.psk === undefined ? {} : { pskCallback: () => ({ identity: t.psk!.identity, psk: Buffer.from(t.psk!.key) }) }),
      checkServerIdentity: (host: string, cert: PeerCertificate) => {
        // PSK suites authenticate the server by the key; there is no certificate to check.
        if (t.psk !== undefined && !cert.fingerprint256) return undefined;
        const error = checkServerIdentity(t.servername ?? host, cert);
        if (error !== undefined) return error;
        if (pins !== undefined && !pins.includes(cert.fingerprint256.toUpperCase())) {
          return Object.assign(new Error('server certificate does not match the pinned fingerprint'), { code: 'ERR_CERT_PIN_MISMATCH' });
        }
        return undefined;
      },
    });
  }

  /** Performs one exchange; adds Basic/Digest authorization and answers one Digest challenge. */
  async send(request: HttpRequest, signal?: AbortSignalLike): Promise<HttpResponse> {
    const auth = this.options.auth;
    const first = await this.exchange(request, this.authorization(request), signal);
    if (first.status !== 401 || auth === undefined || (auth.scheme ?? 'digest') !== 'digest') return first;
    const challenge = parseAuthHeader(first.headers['www-authenticate'] ?? '');
    if (challenge === undefined || challenge.scheme.toLowerCase() !== 'digest') return first;
    const { realm, nonce, opaque } = challenge.params;
    const algorithm = (challenge.params['algorithm'] ?? 'MD5').toUpperCase();
    if (realm === undefined || nonce === undefined || (algorithm !== 'SHA-256' && algorithm !== 'MD5')) return first;
    // One retry with the fresh nonce: covers the first challenge, expired (stale) and unknown nonces;
    // a second 401 (wrong password) is returned as data.
    this.digest = { realm, nonce, opaque, algorithm, nc: 0 };
    return this.exchange(request, this.authorization(request), signal);
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private authorization(request: HttpRequest): string | undefined {
    const auth = this.options.auth;
    if (auth === undefined) return undefined;
    if ((auth.scheme ?? 'digest') === 'basic') return basicAuthorization(auth.user, auth.password);
    const d = this.digest;
    if (d === undefined) return undefined;
    d.nc += 1;
    const url = new URL(request.url);
    return digestAuthorization(
      { algorithm: d.algorithm, user: auth.user, realm: d.realm, password: auth.password, method: request.method, uri: `${url.pathname}${url.search}`, nonce: d.nonce, nc: d.nc.toString(16).padStart(8, '0'), cnonce: randomBytes(8).toString('hex') },
      d.opaque,
    );
  }

  private exchange(request: HttpRequest, authorization: string | undefined, signal: AbortSignalLike | undefined): Promise<HttpResponse> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return Promise.reject(new ProvisioningError('INVALID_REQUEST', 'request URL is not absolute'));
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new ProvisioningError('INVALID_REQUEST', `unsupported URL scheme ${url.protocol}`));
    if (signal?.aborted === true) return Promise.reject(new ProvisioningError('CANCELLED', 'request cancelled'));
    const maxBytes = this.options.maxResponseBytes ?? 8 * 1024 * 1024;
    const headers: Record<string, string | number> = { ...request.headers, 'content-length': request.body.byteLength };
    if (authorization !== undefined) headers['authorization'] = authorization;
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      const finish = (error: ProvisioningError | undefined, response?: HttpResponse) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        if (error !== undefined) reject(error);
        else resolve(response!);
      };
      const req = lib.request(url, { method: request.method, headers, agent: url.protocol === 'https:' ? this.httpsAgent : this.httpAgent, timeout: this.options.timeoutMs ?? 30_000 });
      const onAbort = () => {
        finish(new ProvisioningError('CANCELLED', 'request cancelled'));
        req.destroy();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('timeout', () => {
        finish(new ProvisioningError('TRANSPORT_TIMEOUT', `no response from ${url.host} in ${this.options.timeoutMs ?? 30_000} ms`, { retryable: true }));
        req.destroy();
      });
      req.on('error', (error: NodeJS.ErrnoException) => finish(classifyTransportError(error, url.host, this.options.tls?.cert !== undefined)));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let total = 0;
        res.on('data', (chunk: Buffer) => {
          total += chunk.length;
          if (total > maxBytes) {
            finish(new ProvisioningError('PROTOCOL_VIOLATION', `response body exceeds ${maxBytes} bytes`));
            req.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (error: NodeJS.ErrnoException) => finish(classifyTransportError(error, url.host, false)));
        res.on('end', () => {
          const out: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
          const body = Buffer.concat(chunks, total);
          finish(undefined, { status: res.statusCode ?? 0, headers: out, body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) });
        });
      });
      req.end(Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength));
    });
  }
}
