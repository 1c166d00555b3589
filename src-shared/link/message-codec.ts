import { assertNever } from '../util/assert-never.js';
import { utf8Decode, utf8Encode } from './utf8.js';

/** Header fields in order; names are case-insensitive, duplicates allowed (HTTP semantics). */
export type LinkHeaders = readonly (readonly [name: string, value: string])[];

/** An HTTP request carried over the link. */
export interface LinkHttpRequest {
  readonly method: string;
  /** Request target, e.g. `/dm2/session` or an absolute URI. */
  readonly target: string;
  readonly headers: LinkHeaders;
  readonly body: Uint8Array;
}

/** An HTTP response carried over the link. */
export interface LinkHttpResponse {
  readonly status: number;
  readonly headers: LinkHeaders;
  readonly body: Uint8Array;
}

/** One application message: the unit the link fragments into DATA frames. */
export type LinkMessage =
  | { readonly kind: 'request'; readonly exchangeId: number; readonly request: LinkHttpRequest }
  | { readonly kind: 'response'; readonly exchangeId: number; readonly response: LinkHttpResponse }
  | { readonly kind: 'notification'; readonly payload: Uint8Array };

/** Message kind octets (docs/link-protocol.md §6). */
const Kind = { request: 1, response: 2, notification: 3 } as const;

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,255}$/;

/** Checks a request/response for what the encoding can carry; returns a reason or undefined. */
export function validateMessage(message: LinkMessage): string | undefined {
  if (message.kind === 'notification') return undefined;
  if (message.exchangeId < 0 || message.exchangeId > 0xffff || !Number.isInteger(message.exchangeId)) return 'bad exchange id';
  const headers = message.kind === 'request' ? message.request.headers : message.response.headers;
  if (message.kind === 'request') {
    if (!TOKEN.test(message.request.method)) return 'bad method';
    if (message.request.target.length === 0 || utf8Encode(message.request.target).length > 0xffff) return 'bad target';
  } else if (!Number.isInteger(message.response.status) || message.response.status < 100 || message.response.status > 999) {
    return 'bad status';
  }
  if (headers.length > 0xffff) return 'too many headers';
  for (const [name, value] of headers) {
    if (!TOKEN.test(name)) return `bad header name`;
    if (/[\r\n\0]/.test(value) || utf8Encode(value).length > 0xffff) return `bad header value`;
  }
  return undefined;
}

class Writer {
  private readonly parts: Uint8Array[] = [];
  length = 0;
  bytes(b: Uint8Array): void {
    this.parts.push(b);
    this.length += b.length;
  }
  u8(n: number): void {
    this.bytes(Uint8Array.of(n));
  }
  u16(n: number): void {
    this.bytes(Uint8Array.of(n >> 8, n & 0xff));
  }
  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

function writeHeaders(w: Writer, headers: LinkHeaders): void {
  w.u16(headers.length);
  for (const [name, value] of headers) {
    const n = utf8Encode(name);
    const v = utf8Encode(value);
    w.u8(n.length);
    w.bytes(n);
    w.u16(v.length);
    w.bytes(v);
  }
}

/** Encodes a message; call {@link validateMessage} first (the link does). */
export function encodeMessage(message: LinkMessage): Uint8Array {
  const w = new Writer();
  switch (message.kind) {
    case 'request': {
      w.u8(Kind.request);
      w.u16(message.exchangeId);
      const method = utf8Encode(message.request.method);
      w.u8(method.length);
      w.bytes(method);
      const target = utf8Encode(message.request.target);
      w.u16(target.length);
      w.bytes(target);
      writeHeaders(w, message.request.headers);
      w.bytes(message.request.body);
      break;
    }
    case 'response':
      w.u8(Kind.response);
      w.u16(message.exchangeId);
      w.u16(message.response.status);
      writeHeaders(w, message.response.headers);
      w.bytes(message.response.body);
      break;
    case 'notification':
      w.u8(Kind.notification);
      w.u16(0);
      w.bytes(message.payload);
      break;
    default:
      assertNever(message, 'unknown message kind');
  }
  return w.finish();
}

class Reader {
  at = 0;
  constructor(private readonly b: Uint8Array) {}
  u8(): number | undefined {
    return this.at < this.b.length ? this.b[this.at++] : undefined;
  }
  u16(): number | undefined {
    if (this.at + 2 > this.b.length) return undefined;
    const v = (this.b[this.at]! << 8) | this.b[this.at + 1]!;
    this.at += 2;
    return v;
  }
  take(n: number): Uint8Array | undefined {
    if (this.at + n > this.b.length) return undefined;
    const v = this.b.subarray(this.at, this.at + n);
    this.at += n;
    return v;
  }
  rest(): Uint8Array {
    return this.b.slice(this.at);
  }
}

function readHeaders(r: Reader): LinkHeaders | undefined {
  const count = r.u16();
  if (count === undefined) return undefined;
  const headers: (readonly [string, string])[] = [];
  for (let i = 0; i < count; i++) {
    const nameLength = r.u8();
    const name = nameLength === undefined ? undefined : r.take(nameLength);
    const valueLength = r.u16();
    const value = valueLength === undefined ? undefined : r.take(valueLength);
    if (name === undefined || value === undefined) return undefined;
    headers.push([utf8Decode(name), utf8Decode(value)]);
  }
  return headers;
}

/** Decodes a reassembled message; returns a reason for malformed input, never throws. */
export function decodeMessage(bytes: Uint8Array): { ok: true; value: LinkMessage } | { ok: false; reason: string } {
  const r = new Reader(bytes);
  const kind = r.u8();
  const exchangeId = r.u16();
  if (kind === undefined || exchangeId === undefined) return { ok: false, reason: 'truncated message header' };
  switch (kind) {
    case Kind.request: {
      const methodLength = r.u8();
      const method = methodLength === undefined ? undefined : r.take(methodLength);
      const targetLength = r.u16();
      const target = targetLength === undefined ? undefined : r.take(targetLength);
      const headers = readHeaders(r);
      if (method === undefined || target === undefined || headers === undefined) return { ok: false, reason: 'truncated request' };
      const message: LinkMessage = { kind: 'request', exchangeId, request: { method: utf8Decode(method), target: utf8Decode(target), headers, body: r.rest() } };
      const invalid = validateMessage(message);
      return invalid === undefined ? { ok: true, value: message } : { ok: false, reason: invalid };
    }
    case Kind.response: {
      const status = r.u16();
      const headers = readHeaders(r);
      if (status === undefined || headers === undefined) return { ok: false, reason: 'truncated response' };
      const message: LinkMessage = { kind: 'response', exchangeId, response: { status, headers, body: r.rest() } };
      const invalid = validateMessage(message);
      return invalid === undefined ? { ok: true, value: message } : { ok: false, reason: invalid };
    }
    case Kind.notification:
      return { ok: true, value: { kind: 'notification', payload: r.rest() } };
    default:
      return { ok: false, reason: `unknown message kind ${kind}` };
  }
}
