/**
 * Server-side HTTP authentication as a wrapper handler: Basic (RFC 7617) and Digest (RFC 7616,
 * qop=auth, SHA-256 or MD5) with expiring server nonces and replay detection by nonce count.
 * Success adds `httpUser` to the peer identity; every failure is a 401 and a refusal record.
 */
import type { Clock, Random } from '../../src-shared/ports/clock.js';
import type { HttpHandler, HttpRequest, HttpResponse, PeerIdentity } from '../../src-shared/ports/http.js';
import { toHex } from '../../src-shared/util/bytes.js';
import { digestResponse, parseAuthHeader, quote, safeEqual, type DigestAlgorithm } from './digest-auth.js';
import { emitRefusal, refusalPeerOf, type RefusalListener } from './refusal.js';

/** HTTP authentication schemes the wrapper accepts. */
export type HttpAuthScheme = 'basic' | 'digest';

/** Options of {@link withHttpAuth}. */
export interface HttpAuthOptions {
  readonly realm: string;
  /** Accepted schemes; the first one is the scheme challenged with. */
  readonly schemes: readonly HttpAuthScheme[];
  /** The password of a user, undefined for an unknown user. */
  readonly lookup: (user: string) => string | undefined;
  /** Digest algorithm challenged with. @default 'SHA-256' */
  readonly algorithm?: DigestAlgorithm;
  /** Nonce lifetime. @default 300000 */
  readonly nonceTtlMs?: number;
  /** Most outstanding nonces kept (oldest dropped first). @default 10000 */
  readonly maxNonces?: number;
  readonly clock: Clock;
  readonly random: Random;
  readonly onRefusal?: RefusalListener;
}

interface NonceState {
  readonly issuedMs: number;
  lastNc: number;
}

const TEXT = { 'content-type': 'text/plain; charset=utf-8' };

/** Wraps `handler` so that only authenticated requests reach it. */
export function withHttpAuth(handler: HttpHandler, options: HttpAuthOptions): HttpHandler {
  const ttl = options.nonceTtlMs ?? 300_000;
  const maxNonces = options.maxNonces ?? 10_000;
  const algorithm = options.algorithm ?? 'SHA-256';
  const nonces = new Map<string, NonceState>();
  const challengeScheme = options.schemes[0] ?? 'digest';

  const challenge = (stale: boolean): string => {
    if (challengeScheme === 'basic') return `Basic realm=${quote(options.realm)}, charset="UTF-8"`;
    const nonce = toHex(options.random.bytes(16));
    if (nonces.size >= maxNonces) {
      const oldest = nonces.keys().next();
      if (oldest.done !== true) nonces.delete(oldest.value);
    }
    nonces.set(nonce, { issuedMs: options.clock.monotonicMs(), lastNc: 0 });
    return `Digest realm=${quote(options.realm)}, qop="auth", algorithm=${algorithm}, nonce=${quote(nonce)}${stale ? ', stale=true' : ''}`;
  };

  const refuse = (peer: PeerIdentity, reason: string, user?: string, stale = false): HttpResponse => {
    emitRefusal(options.onRefusal, { code: 'AUTH_FAILED', reason, status: 401, peer: { ...refusalPeerOf(peer), ...(user === undefined ? {} : { httpUser: user }) } });
    return { status: 401, headers: { ...TEXT, 'www-authenticate': challenge(stale) }, body: new TextEncoder().encode(`${reason}\n`) };
  };

  const basic = (req: HttpRequest, peer: PeerIdentity, token: string): Promise<HttpResponse> | HttpResponse => {
    const decoded = Buffer.from(token, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0 || !/^[A-Za-z0-9+/]+=*$/.test(token)) return refuse(peer, 'malformed Basic credentials');
    const user = decoded.slice(0, colon);
    const password = options.lookup(user);
    if (password === undefined) return refuse(peer, 'unknown user', user);
    if (!safeEqual(password, decoded.slice(colon + 1))) return refuse(peer, 'wrong password', user);
    return handler(req, { ...peer, httpUser: user });
  };

  const digest = (req: HttpRequest, peer: PeerIdentity, p: Readonly<Record<string, string>>): Promise<HttpResponse> | HttpResponse => {
    const user = p['username'];
    const { realm, nonce, uri, response, nc, cnonce, qop } = p;
    if (user === undefined || realm === undefined || nonce === undefined || uri === undefined || response === undefined || nc === undefined || cnonce === undefined) {
      return refuse(peer, 'incomplete Digest credentials', user);
    }
    const alg = (p['algorithm'] ?? 'MD5').toUpperCase();
    if (alg !== 'SHA-256' && alg !== 'MD5') return refuse(peer, `unsupported Digest algorithm ${alg}`, user);
    if (qop !== 'auth') return refuse(peer, 'Digest qop must be auth', user);
    if (realm !== options.realm) return refuse(peer, 'wrong realm', user);
    if (uri !== req.url) return refuse(peer, 'Digest uri does not match the request', user);
    if (!/^[0-9a-fA-F]{8}$/.test(nc)) return refuse(peer, 'malformed nonce count', user);
    const state = nonces.get(nonce);
    if (state === undefined) return refuse(peer, 'unknown or forged nonce', user);
    if (options.clock.monotonicMs() - state.issuedMs > ttl) {
      nonces.delete(nonce);
      return refuse(peer, 'nonce expired', user, true);
    }
    const password = options.lookup(user);
    if (password === undefined) return refuse(peer, 'unknown user', user);
    const expected = digestResponse({ algorithm: alg, user, realm, password, method: req.method, uri, nonce, nc, cnonce });
    if (!safeEqual(expected, response.toLowerCase())) return refuse(peer, 'wrong password (Digest response mismatch)', user);
    const count = Number.parseInt(nc, 16);
    if (count <= state.lastNc) return refuse(peer, `replayed request (nonce count ${count} already used)`, user);
    state.lastNc = count;
    return handler(req, { ...peer, httpUser: user });
  };

  return async (req, peer) => {
    const header = req.headers['authorization'];
    if (header === undefined) return refuse(peer, 'authentication required');
    const scheme = /^\s*([A-Za-z]+)/.exec(header)?.[1]?.toLowerCase();
    if (scheme !== 'basic' && scheme !== 'digest') return refuse(peer, 'unsupported authentication scheme');
    if (!options.schemes.includes(scheme)) return refuse(peer, `${scheme} authentication is not accepted here`);
    if (scheme === 'basic') return basic(req, peer, header.trim().slice(5).trim());
    const parsed = parseAuthHeader(header);
    if (parsed === undefined) return refuse(peer, 'malformed Digest credentials');
    return digest(req, peer, parsed.params);
  };
}
