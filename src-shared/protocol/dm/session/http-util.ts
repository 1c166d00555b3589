/**
 * Small HTTP helpers shared by the session engines: media types, Accept matching, paths and
 * plain-text error responses with readable reasons.
 */
import type { HttpHeaders, HttpResponse } from '../../../ports/http.js';
import { utf8Decode, utf8Encode } from '../text.js';

/** A header value by case-insensitive name (adapters lower-case names; tests may not). */
export function header(headers: HttpHeaders, name: string): string | undefined {
  const lower = name.toLowerCase();
  if (Object.hasOwn(headers, lower)) return headers[lower];
  for (const key of Object.keys(headers)) if (key.toLowerCase() === lower) return headers[key];
  return undefined;
}

/** The bare media type of a Content-Type value (`type/subtype`, lower case), or undefined. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const t = contentType.split(';')[0]!.trim().toLowerCase();
  return /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(t) ? t : undefined;
}

/** Media types listed in an Accept-style header (ranges with `q=0` dropped), lower case. */
export function acceptedTypes(value: string | undefined): string[] {
  if (value === undefined) return [];
  const out: string[] = [];
  for (const part of value.split(',')) {
    const [type, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (type === undefined || type.length === 0) continue;
    if (params.some((p) => /^q=0(\.0*)?$/.test(p))) continue;
    out.push(type);
  }
  return out;
}

/** True when an Accept header admits `type` (absent header admits everything). */
export function acceptsType(acceptHeader: string | undefined, type: string): boolean {
  if (acceptHeader === undefined || acceptHeader.trim() === '') return true;
  const major = type.split('/')[0];
  return acceptedTypes(acceptHeader).some((r) => r === type || r === '*/*' || r === `${major}/*`);
}

/** The path of a request URL (origin-form or absolute), without query or fragment. */
export function pathOf(url: string): string {
  const noOrigin = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  const path = noOrigin.split(/[?#]/)[0]!;
  return path.length === 0 ? '/' : path;
}

/** The query string of a URL (without `?`), or ''. */
export function queryOf(url: string): string {
  const i = url.indexOf('?');
  if (i < 0) return '';
  return url.slice(i + 1).split('#')[0]!;
}

/** A plain-text response whose body is a readable reason. */
export function textResponse(status: number, reason: string, headers: Readonly<Record<string, string>> = {}): HttpResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body: utf8Encode(reason) };
}

/** A response carrying text of a given media type. */
export function bodyResponse(status: number, contentType: string, text: string, headers: Readonly<Record<string, string>> = {}): HttpResponse {
  return { status, headers: { 'content-type': contentType, ...headers }, body: utf8Encode(text) };
}

/** Decodes a UTF-8 body; undefined when the bytes are not UTF-8. */
export function bodyText(body: Uint8Array): string | undefined {
  return utf8Decode(body);
}
