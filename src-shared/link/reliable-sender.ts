import { FLAG_FIN } from './frame.js';
import type { RtoEstimator } from './rto.js';
import { seqAdd, seqDiff } from './seq.js';

/** One DATA frame waiting for its ack. */
interface InFlight {
  readonly seq: number;
  readonly payload: Uint8Array;
  readonly flags: number;
  readonly firstSentMs: number;
  lastSentMs: number;
  retransmitted: boolean;
  fastRetransmitted: boolean;
  sacked: boolean;
}

/** A DATA frame the sender wants on the wire now (the ack field is filled in by the caller). */
export interface OutgoingData {
  readonly seq: number;
  readonly flags: number;
  readonly payload: Uint8Array;
  readonly isRetransmission: boolean;
}

/** Wire bytes of a DATA frame with `payload` bytes (header, CRC, worst-case COBS, delimiter). */
function wireBytesOf(payload: number): number {
  return payload + 14 + Math.floor((payload + 12) / 254);
}

/**
 * The sending half of the reliable stream: fragmentation, window, retransmission.
 *
 * Messages are queued whole and cut into frames lazily, so a message never interleaves with
 * another. One retransmission timer runs for the oldest unacked frame (RFC 6298 §5); when it
 * fires the oldest unacked, un-SACKed frame is sent again, the RTO doubles, and every ack that
 * advances but stops short of the data in flight at the timeout resends the next hole at once
 * (NewReno partial acks). A SACK that shows a hole below a received frame triggers one fast
 * retransmission of the hole.
 *
 * With a line-rate hint the sender models the line as a queue: a frame counts as sent when its
 * last byte would have left, so neither RTT samples nor the timer include time spent waiting
 * behind earlier frames (which on slow lines exceeds any sane RTO).
 */
export class ReliableSender {
  private readonly queue: Uint8Array[] = [];
  private queueOffset = 0;
  private queuedBytes = 0;
  private readonly inFlight: InFlight[] = [];
  private nextSeq: number;
  private timerStartMs: number | undefined;
  private consecutiveTimeouts = 0;
  private recoverySeq: number | undefined;
  private lineFreeAtMs = 0;
  retransmissions = 0;

  constructor(
    private readonly rto: RtoEstimator,
    initialSeq: number,
    private window: number,
    private maxPayload: number,
    private readonly lineBytesPerMs?: number,
  ) {
    this.nextSeq = initialSeq & 0xffff;
  }

  /** Accounts for other frames (ACK, PING, …) queued on the same line, with a line-rate hint. */
  noteOtherWire(nowMs: number, wireBytes: number): void {
    if (this.lineBytesPerMs !== undefined) this.lineFreeAtMs = Math.max(nowMs, this.lineFreeAtMs) + wireBytes / this.lineBytesPerMs;
  }

  /** When the last byte of a frame queued now leaves the line (now, without a line-rate hint). */
  private departure(nowMs: number, payload: number): number {
    if (this.lineBytesPerMs === undefined) return nowMs;
    this.lineFreeAtMs = Math.max(nowMs, this.lineFreeAtMs) + wireBytesOf(payload) / this.lineBytesPerMs;
    return this.lineFreeAtMs;
  }

  /** Applies negotiated window and frame size (before the first DATA frame is cut). */
  configure(window: number, maxPayload: number): void {
    this.window = window;
    this.maxPayload = maxPayload;
  }

  /** Queues one encoded message for transmission. */
  enqueue(message: Uint8Array): void {
    this.queue.push(message);
    this.queuedBytes += message.length;
  }

  /** True when nothing is queued or in flight. */
  get isIdle(): boolean {
    return this.queue.length === 0 && this.inFlight.length === 0;
  }

  /** Consecutive retransmission timeouts without progress. */
  get timeouts(): number {
    return this.consecutiveTimeouts;
  }

  /** Bytes queued but not yet cut into frames. */
  get pendingBytes(): number {
    return this.queuedBytes;
  }

  /** When the retransmission timer fires (undefined when nothing is in flight). */
  deadline(): number | undefined {
    return this.timerStartMs === undefined ? undefined : this.timerStartMs + this.rto.rtoMs;
  }

  /**
   * Handles a cumulative ack (`ack` = next sequence number the peer expects) and an optional
   * SACK bitmap (bit i set: `ack + 1 + i` received). Returns frames to fast-retransmit.
   */
  onAck(ack: number, sack: number | undefined, nowMs: number): OutgoingData[] {
    const partial: OutgoingData[] = [];
    const first = this.inFlight[0];
    if (first !== undefined) {
      const advance = seqDiff(ack, first.seq);
      if (advance > 0 && advance <= this.inFlight.length) {
        const acked = this.inFlight.splice(0, advance);
        const newest = acked[acked.length - 1]!;
        if (!newest.retransmitted) this.rto.sample(nowMs - newest.firstSentMs); // Karn's rule
        this.consecutiveTimeouts = 0;
        const oldest = this.inFlight[0];
        this.timerStartMs = oldest === undefined ? undefined : Math.max(nowMs, oldest.lastSentMs);
        if (this.recoverySeq !== undefined && oldest !== undefined && seqDiff(this.recoverySeq, ack) > 0) {
          if (!oldest.sacked) partial.push(this.resend(oldest, nowMs));
        } else {
          this.recoverySeq = undefined;
        }
      }
    }
    if (sack === undefined || sack === 0) return partial;
    let highest = -1;
    for (const f of this.inFlight) {
      const bit = seqDiff(f.seq, ack) - 1;
      if (bit >= 0 && bit < 32 && (sack >>> bit) & 1) {
        f.sacked = true;
        highest = Math.max(highest, bit);
      }
    }
    const out: OutgoingData[] = partial;
    for (const f of this.inFlight) {
      const bit = seqDiff(f.seq, ack) - 1;
      if (bit >= highest) break;
      if (f.sacked || f.fastRetransmitted || partial.some((p) => p.seq === f.seq)) continue;
      f.fastRetransmitted = true;
      out.push(this.resend(f, nowMs));
    }
    return out;
  }

  /** Retransmits on timer expiry; returns undefined when the retry budget is exhausted. */
  onTimer(nowMs: number, maxRetries: number): OutgoingData[] | undefined {
    const deadline = this.deadline();
    if (deadline === undefined || nowMs < deadline) return [];
    this.consecutiveTimeouts++;
    if (this.consecutiveTimeouts > maxRetries) return undefined;
    this.rto.onTimeout();
    this.recoverySeq = this.nextSeq;
    const oldest = this.inFlight.find((f) => !f.sacked);
    if (oldest === undefined) {
      this.timerStartMs = nowMs;
      return [];
    }
    oldest.fastRetransmitted = false;
    const out = [this.resend(oldest, nowMs)];
    this.timerStartMs = Math.max(nowMs, oldest.lastSentMs);
    return out;
  }

  /** Cuts new frames while the window has room. */
  takeNew(nowMs: number): OutgoingData[] {
    const out: OutgoingData[] = [];
    while (this.inFlight.length < this.window && this.queue.length > 0) {
      const message = this.queue[0]!;
      const end = Math.min(message.length, this.queueOffset + this.maxPayload);
      const payload = message.subarray(this.queueOffset, end);
      const fin = end === message.length;
      this.queuedBytes -= payload.length;
      if (fin) {
        this.queue.shift();
        this.queueOffset = 0;
      } else {
        this.queueOffset = end;
      }
      const departsMs = this.departure(nowMs, payload.length);
      const frame: InFlight = {
        seq: this.nextSeq,
        payload,
        flags: fin ? FLAG_FIN : 0,
        firstSentMs: departsMs,
        lastSentMs: departsMs,
        retransmitted: false,
        fastRetransmitted: false,
        sacked: false,
      };
      this.nextSeq = seqAdd(this.nextSeq, 1);
      this.inFlight.push(frame);
      if (this.timerStartMs === undefined) this.timerStartMs = departsMs;
      out.push({ seq: frame.seq, flags: frame.flags, payload, isRetransmission: false });
    }
    return out;
  }

  private resend(f: InFlight, nowMs: number): OutgoingData {
    f.retransmitted = true;
    f.lastSentMs = this.departure(nowMs, f.payload.length);
    this.retransmissions++;
    return { seq: f.seq, flags: f.flags, payload: f.payload, isRetransmission: true };
  }
}
