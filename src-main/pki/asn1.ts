import { AsnParser, AsnSerializer } from '@peculiar/asn1-schema';
import * as asn1js from 'asn1js';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';

/**
 * The edge between the station and the @peculiar ASN.1 schema layer (asn1js underneath).
 *
 * The libraries throw plain `Error`s (or worse) on hostile bytes; everything here turns them into
 * `CERT_INVALID` with a message naming what was being read.
 */

/** A view of an ArrayBuffer (or a copy of a view) as `Uint8Array`. */
export const bytesOf = (data: ArrayBuffer | ArrayBufferView): Uint8Array =>
  data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

/** A standalone ArrayBuffer holding exactly `bytes` (what the schema layer's byte fields want). */
export const arrayBufferOf = (bytes: Uint8Array): ArrayBuffer =>
  bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
    ? bytes.buffer
    : (bytes.slice().buffer as ArrayBuffer);

/** Short reason text of a library error, safe to show (no input bytes). */
export function reasonOf(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : String(cause);
  return text.replace(/\s+/g, ' ').slice(0, 120) || 'unknown structure error';
}

/** asn1js's parse, whose own exceptions (e.g. a RangeError on a bad length) become `CERT_INVALID`. */
function fromBer(bytes: Uint8Array, what: string): ReturnType<typeof asn1js.fromBER> {
  try {
    return asn1js.fromBER(bytes);
  } catch (cause) {
    throw new ProvisioningError('CERT_INVALID', `Malformed ${what}: ${reasonOf(cause)}`, { cause });
  }
}

/**
 * Reads one complete DER element as an asn1js tree.
 *
 * @throws ProvisioningError `CERT_INVALID` when the bytes are not one well-formed element (trailing
 * bytes included).
 */
export function readElement(der: Uint8Array, what: string): asn1js.AsnType {
  const parsed = fromBer(der, what);
  if (parsed.offset === -1 || parsed.result.error !== '') {
    throw new ProvisioningError('CERT_INVALID', `Malformed ${what}: ${parsed.result.error || 'not a DER element'}`);
  }
  if (parsed.offset !== der.length) throw new ProvisioningError('CERT_INVALID', `Malformed ${what}: trailing bytes after the outer element`);
  return parsed.result;
}

/**
 * Parses DER into an ASN.1 schema class (e.g. `Certificate`, `CertificationRequest`).
 *
 * @throws ProvisioningError `CERT_INVALID` with a clear message for anything the schema refuses.
 */
export function parseDer<T>(der: Uint8Array, type: new () => T, what: string): T {
  const element = readElement(der, what);
  try {
    return AsnParser.fromASN<T>(element, type);
  } catch (cause) {
    throw new ProvisioningError('CERT_INVALID', `Malformed ${what}: ${reasonOf(cause)}`, { cause });
  }
}

/** Serializes a schema object to DER. */
export function toDer(value: unknown): Uint8Array {
  return new Uint8Array(AsnSerializer.serialize(value));
}

/** Universal tag bytes the structure checks look for. */
export const TAG = { integer: 0x02, bitString: 0x03, octetString: 0x04, sequence: 0x30 } as const;

/** The identifier octet of a parsed element (class, constructed bit, low tag number). */
export function tagOf(node: asn1js.AsnType): number {
  const id = node.idBlock;
  return ((id.tagClass - 1) << 6) | (id.isConstructed ? 0x20 : 0) | (id.tagNumber & 0x1f);
}

/** The children of a constructed element (none for a primitive one). */
export function childrenOf(node: asn1js.AsnType): asn1js.AsnType[] {
  if (!node.idBlock.isConstructed) return [];
  const value = (node.valueBlock as { value?: unknown }).value;
  return Array.isArray(value) ? (value as asn1js.AsnType[]) : [];
}

/**
 * The element encapsulated in a primitive OCTET STRING or BIT STRING, when its whole content is one
 * well-formed element (asn1js decodes such content while parsing, so this costs nothing extra).
 */
export function encapsulatedIn(node: asn1js.AsnType): asn1js.AsnType | undefined {
  if (node.idBlock.isConstructed) return undefined;
  const value = (node.valueBlock as { value?: unknown }).value;
  return Array.isArray(value) && value.length === 1 ? (value[0] as asn1js.AsnType) : undefined;
}

/** The content octets of a primitive element. */
export function contentOf(node: asn1js.AsnType): Uint8Array {
  return (node.valueBlock as { valueHexView?: Uint8Array }).valueHexView ?? new Uint8Array(0);
}

/** One element of a DER "chain": its bytes and its parsed tree. */
export interface DerElement {
  readonly der: Uint8Array;
  readonly element: asn1js.AsnType;
}

/**
 * Splits concatenated DER elements (a DER "chain"), parsing each once.
 *
 * @throws ProvisioningError `CERT_INVALID` naming the byte offset where the structure breaks.
 */
export function splitElements(bytes: Uint8Array): DerElement[] {
  const out: DerElement[] = [];
  for (let offset = 0; offset < bytes.length; ) {
    const rest = bytes.subarray(offset);
    const parsed = fromBer(rest, `DER element at byte ${offset}`);
    if (parsed.offset <= 0 || parsed.result.error !== '') {
      throw new ProvisioningError('CERT_INVALID', `The DER structure is broken at byte ${offset} (length runs past the end, or bad header)`);
    }
    out.push({ der: rest.subarray(0, parsed.offset), element: parsed.result });
    offset += parsed.offset;
  }
  return out;
}
