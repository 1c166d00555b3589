import { FLAG_FIN } from './frame.js';
import { seqAdd, seqDiff } from './seq.js';

/** A fragment delivered in order. */
export interface DeliveredFragment {
  readonly payload: Uint8Array;
  readonly fin: boolean;
}

/**
 * The receiving half of the reliable stream: reorder buffer, duplicate suppression, ack policy.
 *
 * Frames inside the window are kept until the gap before them fills; frames before the window
 * are duplicates and frames beyond it are dropped. Acks are cumulative (`rcvNext`) with a 32-bit
 * SACK bitmap. The ack policy keeps acks few: immediately after a gap, a duplicate, or half a
 * window of unacked frames; otherwise after `ackDelayMs`, unless outgoing DATA carries it first.
 */
export class ReliableReceiver {
  private readonly buffer = new Map<number, { payload: Uint8Array; fin: boolean }>();
  private unacked = 0;
  private ackDueMs: number | undefined;
  private ackNow = false;

  constructor(
    private rcvNext: number,
    private readonly window: number,
    private readonly ackDelayMs: number,
  ) {}

  /** The cumulative ack value: the next sequence number expected. */
  get ackValue(): number {
    return this.rcvNext;
  }

  /** Bitmap of buffered frames after the next expected one (bit i: `rcvNext + 1 + i`). */
  sackBitmap(): number {
    let bits = 0;
    for (const seq of this.buffer.keys()) {
      const bit = seqDiff(seq, this.rcvNext) - 1;
      if (bit >= 0 && bit < 32) bits |= 1 << bit;
    }
    return bits >>> 0;
  }

  /** Handles one DATA frame; returns fragments now deliverable in order. */
  onData(seq: number, flags: number, payload: Uint8Array, nowMs: number): DeliveredFragment[] {
    const offset = seqDiff(seq, this.rcvNext);
    if (offset < 0 || offset >= this.window) {
      this.ackNow = true; // duplicate (our ack was lost) or beyond the window: re-announce state
      return [];
    }
    if (offset > 0) {
      this.buffer.set(seq, { payload, fin: (flags & FLAG_FIN) !== 0 });
      this.ackNow = true; // a gap: tell the sender at once (SACK drives fast retransmit)
      return [];
    }
    const out: DeliveredFragment[] = [{ payload, fin: (flags & FLAG_FIN) !== 0 }];
    this.rcvNext = seqAdd(this.rcvNext, 1);
    this.unacked++;
    for (let next = this.buffer.get(this.rcvNext); next !== undefined; next = this.buffer.get(this.rcvNext)) {
      this.buffer.delete(this.rcvNext);
      out.push(next);
      this.rcvNext = seqAdd(this.rcvNext, 1);
      this.unacked++;
      this.ackNow = true; // a gap just closed
    }
    if (this.unacked >= Math.max(1, Math.ceil(this.window / 2))) this.ackNow = true;
    this.ackDueMs ??= nowMs + this.ackDelayMs;
    return out;
  }

  /** Requests an immediate ack (e.g. on PING). */
  requestAck(): void {
    this.ackNow = true;
  }

  /** True when a standalone ACK should be sent at `nowMs`. */
  ackDue(nowMs: number): boolean {
    return this.ackNow || (this.ackDueMs !== undefined && nowMs >= this.ackDueMs);
  }

  /** When a delayed ack falls due. */
  deadline(): number | undefined {
    return this.ackNow ? undefined : this.ackDueMs;
  }

  /** Records that the current ack state went out (standalone or piggybacked). */
  markAcked(): void {
    this.unacked = 0;
    this.ackDueMs = undefined;
    this.ackNow = false;
  }
}
