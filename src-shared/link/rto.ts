/** Bounds and start value of the retransmission timeout. */
export interface RtoOptions {
  /** @default 1000 */
  readonly initialRtoMs: number;
  /** @default 100 */
  readonly minRtoMs: number;
  /** @default 8000 */
  readonly maxRtoMs: number;
}

/**
 * Retransmission-timeout estimator after Jacobson/Karels as written down in RFC 6298.
 *
 * SRTT ← 7/8·SRTT + 1/8·R, RTTVAR ← 3/4·RTTVAR + 1/4·|SRTT − R|, RTO = SRTT + 4·RTTVAR, clamped.
 * Karn's rule is the caller's job: only frames sent once yield samples. Each timeout doubles the
 * RTO (exponential backoff) until the next valid sample.
 */
export class RtoEstimator {
  private srtt: number | undefined;
  private rttvar = 0;
  private backoff = 0;

  constructor(private readonly options: RtoOptions) {}

  /** Current smoothed round-trip time (undefined before the first sample). */
  get smoothedRttMs(): number | undefined {
    return this.srtt;
  }

  /** Current RTO including backoff. */
  get rtoMs(): number {
    const base = this.srtt === undefined ? this.options.initialRtoMs : this.srtt + Math.max(1, 4 * this.rttvar);
    const clamped = Math.min(this.options.maxRtoMs, Math.max(this.options.minRtoMs, base));
    return Math.min(this.options.maxRtoMs, clamped * 2 ** this.backoff);
  }

  /** Feeds one RTT measurement of a frame that was transmitted exactly once. */
  sample(rttMs: number): void {
    const r = Math.max(0, rttMs);
    if (this.srtt === undefined) {
      this.srtt = r;
      this.rttvar = r / 2;
    } else {
      this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - r);
      this.srtt = 0.875 * this.srtt + 0.125 * r;
    }
    this.backoff = 0;
  }

  /** Records a timeout: the next RTO doubles (capped at maxRtoMs). */
  onTimeout(): void {
    if (this.backoff < 16) this.backoff++;
  }
}
