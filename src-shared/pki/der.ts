import { ProvisioningError } from '../errors/provisioning-error.js';
import { concatBytes } from '../util/bytes.js';

/**
 * Minimal DER (ITU-T X.690) writer and reader for the fixed X.509 / PKCS#10 shapes the station builds.
 *
 * Pure byte logic, so the fast issuance path and a future device-side CSR builder share it. The reader
 * never trusts lengths: every read is bounds-checked and malformed input raises `CERT_INVALID`.
 */

/** Universal tag numbers (with the constructed bit where it applies). */
export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

/** UTF-8 encoding of a string (no TextEncoder in the pure layer). */
export function utf8Encode(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return Uint8Array.from(out);
}

/** Encodes a DER length. */
function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Uint8Array.from([0x80 | bytes.length, ...bytes]);
}

/** One TLV with the given tag byte and content. */
export function tlv(tag: number, content: Uint8Array): Uint8Array {
  return concatBytes([Uint8Array.of(tag), encodeLength(content.length), content]);
}

/** SEQUENCE of already-encoded items. */
export const derSequence = (items: readonly Uint8Array[]): Uint8Array => tlv(TAG.sequence, concatBytes(items));
/** SET of already-encoded items (caller keeps DER order; single-element sets need none). */
export const derSet = (items: readonly Uint8Array[]): Uint8Array => tlv(TAG.set, concatBytes(items));
/** Context-specific tag `[n]`, constructed (explicit) or primitive (implicit). */
export const derContext = (n: number, content: Uint8Array, constructed = true): Uint8Array =>
  tlv((constructed ? 0xa0 : 0x80) | n, content);
/** NULL. */
export const derNull = (): Uint8Array => Uint8Array.of(TAG.null, 0);
/** BOOLEAN. */
export const derBoolean = (value: boolean): Uint8Array => Uint8Array.of(TAG.boolean, 1, value ? 0xff : 0);
/** OCTET STRING. */
export const derOctetString = (bytes: Uint8Array): Uint8Array => tlv(TAG.octetString, bytes);
/** BIT STRING with zero unused bits. */
export const derBitString = (bytes: Uint8Array): Uint8Array => tlv(TAG.bitString, concatBytes([Uint8Array.of(0), bytes]));
/** UTF8String. */
export const derUtf8 = (text: string): Uint8Array => tlv(TAG.utf8String, utf8Encode(text));
/** PrintableString (caller guarantees the character set). */
export const derPrintable = (text: string): Uint8Array => tlv(TAG.printableString, utf8Encode(text));

/** INTEGER from unsigned big-endian magnitude bytes (minimal form, positive). */
export function derUnsignedInteger(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  const needsPad = trimmed.length === 0 || (trimmed[0] ?? 0) >= 0x80;
  return tlv(TAG.integer, needsPad ? concatBytes([Uint8Array.of(0), trimmed]) : trimmed);
}

/** INTEGER from a small non-negative number. */
export function derSmallInteger(value: number): Uint8Array {
  const bytes: number[] = [];
  for (let n = value; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return derUnsignedInteger(Uint8Array.from(bytes.length === 0 ? [0] : bytes));
}

/** OBJECT IDENTIFIER from dotted text. */
export function derOid(oid: string): Uint8Array {
  const arcs = oid.split('.').map(Number);
  const [a = 0, b = 0, ...rest] = arcs;
  const out: number[] = [a * 40 + b];
  for (const arc of rest) {
    const groups: number[] = [arc & 0x7f];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) groups.unshift(0x80 | (n & 0x7f));
    out.push(...groups);
  }
  return tlv(TAG.oid, Uint8Array.from(out));
}

/**
 * Time as UTCTime before 2050 and GeneralizedTime from 2050 on (RFC 5280 §4.1.2.5).
 */
export function derTime(epochMs: number): Uint8Array {
  const d = new Date(epochMs);
  const p = (n: number) => String(n).padStart(2, '0');
  const year = d.getUTCFullYear();
  const rest = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return year < 2050 && year >= 1950
    ? tlv(TAG.utcTime, utf8Encode(`${p(year % 100)}${rest}`))
    : tlv(TAG.generalizedTime, utf8Encode(`${String(year).padStart(4, '0')}${rest}`));
}

/** A parsed TLV: its tag, where it sits in the source, and its content bytes. */
export interface DerNode {
  readonly tag: number;
  /** The whole TLV, header included (a view into the source). */
  readonly raw: Uint8Array;
  /** The content octets (a view into the source). */
  readonly content: Uint8Array;
}

const malformed = (what: string): ProvisioningError =>
  new ProvisioningError('CERT_INVALID', `Malformed DER: ${what}`);

/**
 * Reads one TLV at `offset` (definite lengths only, as DER requires).
 *
 * @throws ProvisioningError `CERT_INVALID` when the header or length runs past the input.
 */
export function readTlv(bytes: Uint8Array, offset = 0): DerNode {
  const tag = bytes[offset];
  if (tag === undefined) throw malformed('truncated tag');
  if ((tag & 0x1f) === 0x1f) throw malformed('multi-byte tags are not used in certificates');
  const first = bytes[offset + 1];
  if (first === undefined) throw malformed('truncated length');
  let length = first;
  let header = 2;
  if (first >= 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw malformed('indefinite or oversized length');
    length = 0;
    for (let i = 0; i < count; i++) {
      const b = bytes[offset + 2 + i];
      if (b === undefined) throw malformed('truncated length');
      length = length * 256 + b;
    }
    header += count;
  }
  const end = offset + header + length;
  if (end > bytes.length) throw malformed('length runs past the end of the input');
  return { tag, raw: bytes.subarray(offset, end), content: bytes.subarray(offset + header, end) };
}

/** Reads a complete TLV that must span the whole input. */
export function readWhole(bytes: Uint8Array): DerNode {
  const node = readTlv(bytes, 0);
  if (node.raw.length !== bytes.length) throw malformed('trailing bytes after the outer element');
  return node;
}

/** The children of a constructed node. */
export function childrenOf(node: DerNode): DerNode[] {
  if ((node.tag & 0x20) === 0) throw malformed('expected a constructed element');
  const out: DerNode[] = [];
  for (let offset = 0; offset < node.content.length; ) {
    const child = readTlv(node.content, offset);
    out.push(child);
    offset += child.raw.length;
  }
  return out;
}

/** Child `index` of a constructed node, checked for its tag. */
export function childAt(node: DerNode, index: number, tag?: number): DerNode {
  const child = childrenOf(node)[index];
  if (child === undefined) throw malformed(`missing element ${index}`);
  if (tag !== undefined && child.tag !== tag) throw malformed(`element ${index} has tag 0x${child.tag.toString(16)}`);
  return child;
}

/** Decodes OBJECT IDENTIFIER content to dotted text. */
export function oidText(node: DerNode): string {
  if (node.tag !== TAG.oid || node.content.length === 0) throw malformed('expected an OBJECT IDENTIFIER');
  const arcs: number[] = [];
  let value = 0;
  for (const b of node.content) {
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      if (arcs.length === 0) arcs.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else arcs.push(value);
      value = 0;
    }
  }
  return arcs.join('.');
}
