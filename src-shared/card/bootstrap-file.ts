import { ProvisioningError } from '../errors/index.js';
import { utf8Decode, utf8Encode } from '../link/utf8.js';
import { parseMoSerializationJson } from '../protocol/dm/serialization.js';
import { bytesEqual, concatBytes } from '../util/bytes.js';
import { err, ok, type Result } from '../util/result.js';

/** SHA-256, injected (src-shared has no crypto). */
export type Sha256 = (data: Uint8Array) => Uint8Array;

/** `DMB2`: magic of an EF(DM_Bootstrap) header. */
export const BOOTSTRAP_MAGIC = Uint8Array.of(0x44, 0x4d, 0x42, 0x32);
/** Header format version. */
export const BOOTSTRAP_FORMAT = 1;
/** Header size: magic 4, format 1, flags 1, generation 4, body length 4, SHA-256 32. */
export const BOOTSTRAP_HEADER_BYTES = 46;
/** Largest body the format allows (READ/UPDATE BINARY offsets are 15-bit). */
export const MAX_BOOTSTRAP_BODY_BYTES = 0x7fff - BOOTSTRAP_HEADER_BYTES;

/** The committed header of EF(DM_Bootstrap). */
export interface BootstrapHeader {
  readonly generation: number;
  readonly lengthBytes: number;
  readonly sha256: Uint8Array;
}

/** Encodes a header (big-endian integers). */
export function encodeBootstrapHeader(header: BootstrapHeader): Uint8Array {
  const out = new Uint8Array(BOOTSTRAP_HEADER_BYTES);
  out.set(BOOTSTRAP_MAGIC, 0);
  out[4] = BOOTSTRAP_FORMAT;
  out[5] = 0;
  const view = new DataView(out.buffer);
  view.setUint32(6, header.generation >>> 0);
  view.setUint32(10, header.lengthBytes >>> 0);
  out.set(header.sha256, 14);
  return out;
}

/**
 * Parses the first bytes of EF(DM_Bootstrap).
 *
 * `blank` means no header was ever committed (all 00 or FF, as on a freshly created EF); an error
 * means something is there but is not our header.
 */
export function parseBootstrapHeader(bytes: Uint8Array): Result<BootstrapHeader | 'blank', string> {
  if (bytes.length < BOOTSTRAP_HEADER_BYTES) return err(`header needs ${BOOTSTRAP_HEADER_BYTES} bytes, got ${bytes.length}`);
  const head = bytes.subarray(0, BOOTSTRAP_HEADER_BYTES);
  if (head.every((b) => b === 0) || head.every((b) => b === 0xff)) return ok('blank');
  if (!bytesEqual(head.subarray(0, 4), BOOTSTRAP_MAGIC)) return err('no DMB2 magic');
  if (head[4] !== BOOTSTRAP_FORMAT) return err(`unknown bootstrap format ${head[4]}`);
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const lengthBytes = view.getUint32(10);
  if (lengthBytes > MAX_BOOTSTRAP_BODY_BYTES) return err(`body length ${lengthBytes} exceeds ${MAX_BOOTSTRAP_BODY_BYTES}`);
  return ok({ generation: view.getUint32(6), lengthBytes, sha256: head.slice(14, 46) });
}

/** What a reader finds in EF(DM_Bootstrap). */
export type BootstrapContent =
  | { readonly state: 'valid'; readonly generation: number; readonly body: Uint8Array; readonly json: string }
  | { readonly state: 'blank' }
  | { readonly state: 'torn'; readonly reason: string };

/**
 * Classifies header + body bytes: `valid` only when the body has exactly the committed length and
 * hash. A write torn anywhere leaves the old header over a partly new body, so the hash no longer
 * matches and the content is `torn` — never reported as valid (issue #6, tearing recovery).
 */
export function classifyBootstrap(header: BootstrapHeader | 'blank', body: Uint8Array, sha256: Sha256): BootstrapContent {
  if (header === 'blank') return { state: 'blank' };
  if (body.length !== header.lengthBytes) return { state: 'torn', reason: `body has ${body.length} of ${header.lengthBytes} bytes` };
  if (!bytesEqual(sha256(body), header.sha256)) return { state: 'torn', reason: 'body hash does not match the committed header' };
  return { state: 'valid', generation: header.generation, body, json: utf8Decode(body) };
}

/**
 * Validates bootstrap JSON (DM 2.0 MO serialization, digest §5.3) and returns its UTF-8 bytes.
 *
 * Throws `INVALID_REQUEST` naming the problem: the input is operator-supplied.
 */
export function bootstrapBody(jsonText: string): Uint8Array {
  try {
    parseMoSerializationJson(jsonText);
  } catch (error) {
    throw new ProvisioningError('INVALID_REQUEST', `bootstrap is not a DM 2.0 MO serialization: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const body = utf8Encode(jsonText);
  if (body.length === 0 || body.length > MAX_BOOTSTRAP_BODY_BYTES) throw new ProvisioningError('INVALID_REQUEST', `bootstrap of ${body.length} bytes is outside 1..${MAX_BOOTSTRAP_BODY_BYTES}`);
  return body;
}

/** The full EF image for a body: header then body. */
export function bootstrapImage(body: Uint8Array, generation: number, sha256: Sha256): Uint8Array {
  return concatBytes([encodeBootstrapHeader({ generation, lengthBytes: body.length, sha256: sha256(body) }), body]);
}
