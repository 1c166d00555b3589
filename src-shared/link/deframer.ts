import { cobsMaxEncodedLength } from './cobs.js';
import { decodeFrame, FRAME_CRC_BYTES, FRAME_HEADER_BYTES, type Frame, type FrameRejection } from './frame.js';

/** Counters a deframer keeps about what it threw away. */
export interface DeframerStats {
  /** Frames accepted. */
  framesOk: number;
  /** Delimited blocks rejected (bad COBS, CRC, length, type, or over the size limit). */
  framesRejected: number;
  /** Bytes discarded (rejected blocks and oversize runs). */
  bytesDiscarded: number;
}

/** What a deframer produced from one chunk. */
export type DeframerItem = { readonly ok: true; readonly frame: Frame } | { readonly ok: false; readonly reason: FrameRejection };

/**
 * Splits a byte stream into frames at 0x00 delimiters and validates each one.
 *
 * Resynchronisation is structural: whatever garbage precedes a delimiter is one rejected block,
 * and the frame after it decodes normally. Blocks longer than the largest frame the local side
 * accepts are discarded while they stream in, so memory stays bounded under garbage.
 */
export class Deframer {
  readonly stats: DeframerStats = { framesOk: 0, framesRejected: 0, bytesDiscarded: 0 };
  private readonly maxBlock: number;
  private buffer: Uint8Array;
  private length = 0;
  private overflowing = false;

  /** `maxPayloadBytes` is the largest frame payload this side accepts. */
  constructor(maxPayloadBytes: number) {
    this.maxBlock = cobsMaxEncodedLength(FRAME_HEADER_BYTES + maxPayloadBytes + FRAME_CRC_BYTES);
    this.buffer = new Uint8Array(Math.min(this.maxBlock, 4096));
  }

  /** Feeds received bytes; returns the frames (and rejections) completed by them, in order. */
  push(chunk: Uint8Array): DeframerItem[] {
    const items: DeframerItem[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] !== 0) continue;
      this.append(chunk.subarray(start, i));
      start = i + 1;
      const item = this.finishBlock();
      if (item !== undefined) items.push(item);
    }
    this.append(chunk.subarray(start));
    return items;
  }

  private append(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.overflowing || this.length + bytes.length > this.maxBlock) {
      this.stats.bytesDiscarded += bytes.length + (this.overflowing ? 0 : this.length);
      this.overflowing = true;
      this.length = 0;
      return;
    }
    if (this.length + bytes.length > this.buffer.length) {
      const grown = new Uint8Array(Math.min(this.maxBlock, Math.max(this.buffer.length * 2, this.length + bytes.length)));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  private finishBlock(): DeframerItem | undefined {
    if (this.overflowing) {
      this.overflowing = false;
      this.stats.framesRejected++;
      return { ok: false, reason: 'oversize' };
    }
    if (this.length === 0) return undefined; // back-to-back delimiters are idle fill, not errors
    const block = this.buffer.subarray(0, this.length);
    this.length = 0;
    const result = decodeFrame(block);
    if (result.ok) {
      this.stats.framesOk++;
      return result;
    }
    this.stats.framesRejected++;
    this.stats.bytesDiscarded += block.length;
    return result;
  }
}
