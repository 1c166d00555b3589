/**
 * HTTP Digest (RFC 7616, qop=auth, SHA-256 and MD5) and Basic (RFC 7617) building blocks shared by
 * the client and the server wrapper.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Digest algorithms supported (RFC 7616 §3.3; MD5 for compatibility only). */
export type DigestAlgorithm = 'SHA-256' | 'MD5';

/** Parsed `key=value` / `key="quoted"` parameters of a challenge or credentials header. */
export interface AuthHeader {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

/** Parses `Scheme k=v, k="v"` (RFC 9110 §11); undefined when the header is not of that shape. */
export function parseAuthHeader(header: string): AuthHeader | undefined {
  const m = /^\s*([A-Za-z][A-Za-z0-9._~+/-]*)\s*(.*)$/s.exec(header);
  if (m === null) return undefined;
  const params: Record<string, string> = {};
  const re = /\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))\s*(?:,|$)/gy;
  const rest = m[2] ?? '';
  let pos = 0;
  while (pos < rest.length) {
    re.lastIndex = pos;
    const p = re.exec(rest);
    if (p === null || p[0].length === 0) return undefined;
    const key = p[1]!.toLowerCase();
    if (key === '__proto__' || Object.hasOwn(params, key)) return undefined;
    params[key] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? '');
    pos = re.lastIndex;
  }
  return { scheme: m[1]!, params };
}

/** Hex hash with the Digest algorithm. */
export function digestHash(algorithm: DigestAlgorithm, text: string): string {
  return createHash(algorithm === 'SHA-256' ? 'sha256' : 'md5').update(text, 'utf8').digest('hex');
}

/** Inputs of the `response` value (RFC 7616 §3.4.1, qop=auth). */
export interface DigestInputs {
  readonly algorithm: DigestAlgorithm;
  readonly user: string;
  readonly realm: string;
  readonly password: string;
  readonly method: string;
  readonly uri: string;
  readonly nonce: string;
  readonly nc: string;
  readonly cnonce: string;
}

/** The `response` value for qop=auth. */
export function digestResponse(i: DigestInputs): string {
  const ha1 = digestHash(i.algorithm, `${i.user}:${i.realm}:${i.password}`);
  const ha2 = digestHash(i.algorithm, `${i.method}:${i.uri}`);
  return digestHash(i.algorithm, `${ha1}:${i.nonce}:${i.nc}:${i.cnonce}:auth:${ha2}`);
}

/** Quotes a value for a header parameter. */
export function quote(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** The `Authorization: Digest …` value. */
export function digestAuthorization(i: DigestInputs, opaque: string | undefined): string {
  const parts = [
    `username=${quote(i.user)}`,
    `realm=${quote(i.realm)}`,
    `uri=${quote(i.uri)}`,
    `algorithm=${i.algorithm}`,
    `nonce=${quote(i.nonce)}`,
    `nc=${i.nc}`,
    `cnonce=${quote(i.cnonce)}`,
    'qop=auth',
    `response=${quote(digestResponse(i))}`,
  ];
  if (opaque !== undefined) parts.push(`opaque=${quote(opaque)}`);
  return `Digest ${parts.join(', ')}`;
}

/** The `Authorization: Basic …` value. */
export function basicAuthorization(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** Constant-time comparison of two strings (false on different lengths). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
