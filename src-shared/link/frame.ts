import { cobsDecode, cobsEncode } from './cobs.js';
import { crc32 } from './crc.js';

/**
 * Frame types of the Bootbench link (docs/link-protocol.md §3).
 *
 * Values are on the wire; never renumber.
 */
export const FrameType = {
  HELLO: 0x01,
  HELLO_ACK: 0x02,
  DATA: 0x03,
  ACK: 0x04,
  PING: 0x05,
  RESET: 0x06,
} as const;

/** One of the {@link FrameType} values. */
export type FrameTypeValue = (typeof FrameType)[keyof typeof FrameType];

/** Frame flag: this DATA frame carries the last fragment of a message. */
export const FLAG_FIN = 0x01;

/** Bytes of the fixed header: type, flags, seq (u16), ack (u16), length (u16). */
export const FRAME_HEADER_BYTES = 8;
/** Bytes of the CRC-32 trailer. */
export const FRAME_CRC_BYTES = 4;
/** Largest payload the length field can describe. */
export const FRAME_MAX_PAYLOAD = 0xffff;

/** A decoded frame (header fields plus payload). */
export interface Frame {
  readonly type: FrameTypeValue;
  readonly flags: number;
  readonly seq: number;
  readonly ack: number;
  readonly payload: Uint8Array;
}

/** Why a received block was not accepted as a frame. */
export type FrameRejection = 'cobs' | 'too-short' | 'length-mismatch' | 'crc' | 'unknown-type' | 'oversize';

/** Result of decoding one delimited block. */
export type FrameDecodeResult = { readonly ok: true; readonly frame: Frame } | { readonly ok: false; readonly reason: FrameRejection };

const KNOWN_TYPES: ReadonlySet<number> = new Set(Object.values(FrameType));

/** Serialises header + payload + CRC (before COBS). */
export function encodeFrameBody(frame: Frame): Uint8Array {
  if (frame.payload.length > FRAME_MAX_PAYLOAD) throw new RangeError('frame payload exceeds 65535 bytes');
  const body = new Uint8Array(FRAME_HEADER_BYTES + frame.payload.length + FRAME_CRC_BYTES);
  const view = new DataView(body.buffer);
  body[0] = frame.type;
  body[1] = frame.flags & 0xff;
  view.setUint16(2, frame.seq & 0xffff);
  view.setUint16(4, frame.ack & 0xffff);
  view.setUint16(6, frame.payload.length);
  body.set(frame.payload, FRAME_HEADER_BYTES);
  const crcAt = FRAME_HEADER_BYTES + frame.payload.length;
  view.setUint32(crcAt, crc32(body.subarray(0, crcAt)));
  return body;
}

/**
 * Encodes a frame for the wire: COBS(header ‖ payload ‖ CRC-32) followed by the 0x00 delimiter.
 *
 * Throws RangeError only for a local programming error (payload over 65535 bytes); peer input
 * never reaches this function.
 */
export function encodeFrame(frame: Frame): Uint8Array {
  const stuffed = cobsEncode(encodeFrameBody(frame));
  const wire = new Uint8Array(stuffed.length + 1);
  wire.set(stuffed, 0);
  return wire;
}

/** Parses an un-stuffed frame body; never throws. */
export function decodeFrameBody(body: Uint8Array): FrameDecodeResult {
  if (body.length < FRAME_HEADER_BYTES + FRAME_CRC_BYTES) return { ok: false, reason: 'too-short' };
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const length = view.getUint16(6);
  if (FRAME_HEADER_BYTES + length + FRAME_CRC_BYTES !== body.length) return { ok: false, reason: 'length-mismatch' };
  const crcAt = FRAME_HEADER_BYTES + length;
  if (view.getUint32(crcAt) !== crc32(body.subarray(0, crcAt))) return { ok: false, reason: 'crc' };
  const type = body[0]!;
  if (!KNOWN_TYPES.has(type)) return { ok: false, reason: 'unknown-type' };
  return {
    ok: true,
    frame: {
      type: type as FrameTypeValue,
      flags: body[1]!,
      seq: view.getUint16(2),
      ack: view.getUint16(4),
      payload: body.slice(FRAME_HEADER_BYTES, crcAt),
    },
  };
}

/** Decodes one COBS block (delimiter already removed); never throws. */
export function decodeFrame(block: Uint8Array): FrameDecodeResult {
  const body = cobsDecode(block);
  if (body === undefined) return { ok: false, reason: 'cobs' };
  return decodeFrameBody(body);
}
