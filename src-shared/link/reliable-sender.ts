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

/**
 * The sending half of the reliable stream: fragmentation, window, retransmission.
 *
 * Messages are queued whole and cut into frames lazily, so a message never interleaves with
 * another. One retransmission timer runs for the oldest unacked frame (RFC 6298 §5); when it
 * fires every unacked, un-SACKed frame is sent again and the RTO doubles. A SACK that shows a hole
 * below a received frame triggers one fast retransmission of the hole.
 */
export class ReliableSender {
  private readonly queue: Uint8Array[] = [];
  private queueOffset = 0;
  private queuedBytes = 0;
  private readonly inFlight: InFlight[] = [];
  private nextSeq: number;
  private timerStartMs: number | undefined;
  private consecutiveTimeouts = 0;
  retransmissions = 0;

  constructor(
    private readonly rto: RtoEstimator,
    initialSeq: number,
    private window: number,
    private maxPayload: number,
  ) {
    this.nextSeq = initialSeq & 0xffff;
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
    const first = this.inFlight[0];
    if (first !== undefined) {
      const advance = seqDiff(ack, first.seq);
      if (advance > 0 && advance <= this.inFlight.length) {
        const acked = this.inFlight.splice(0, advance);
        const newest = acked[acked.length - 1]!;
        if (!newest.retransmitted) this.rto.sample(nowMs - newest.firstSentMs); // Karn's rule
        this.consecutiveTimeouts = 0;
        this.timerStartMs = this.inFlight.length > 0 ? nowMs : undefined;
      }
    }
    if (sack === undefined || sack === 0) return [];
    let highest = -1;
    for (const f of this.inFlight) {
      const bit = seqDiff(f.seq, ack) - 1;
      if (bit >= 0 && bit < 32 && (sack >>> bit) & 1) {
        f.sacked = true;
        highest = Math.max(highest, bit);
      }
    }
    const out: OutgoingData[] = [];
    for (const f of this.inFlight) {
      const bit = seqDiff(f.seq, ack) - 1;
      if (bit >= highest) break;
      if (f.sacked || f.fastRetransmitted) continue;
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
    const out: OutgoingData[] = [];
    for (const f of this.inFlight) {
      if (f.sacked) continue;
      f.fastRetransmitted = false;
      out.push(this.resend(f, nowMs));
    }
    this.timerStartMs = nowMs;
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
      const frame: InFlight = {
        seq: this.nextSeq,
        payload,
        flags: fin ? FLAG_FIN : 0,
        firstSentMs: nowMs,
        lastSentMs: nowMs,
        retransmitted: false,
        fastRetransmitted: false,
        sacked: false,
      };
      this.nextSeq = seqAdd(this.nextSeq, 1);
      this.inFlight.push(frame);
      if (this.timerStartMs === undefined) this.timerStartMs = nowMs;
      out.push({ seq: frame.seq, flags: frame.flags, payload, isRetransmission: false });
    }
    return out;
  }

  private resend(f: InFlight, nowMs: number): OutgoingData {
    f.retransmitted = true;
    f.lastSentMs = nowMs;
    this.retransmissions++;
    return { seq: f.seq, flags: f.flags, payload: f.payload, isRetransmission: true };
  }
}
