/** The timed phases of a run, in order (the states a run spends time in). */
export const TIMED_PHASES = ['identifying', 'bootstrapping', 'first-contact'] as const;

/** One timed phase of a run. */
export type TimedPhase = (typeof TIMED_PHASES)[number];

/** Options of {@link EtaEstimator}. */
export interface EtaOptions {
  /** Weight of the newest sample in the moving average (0 < alpha ≤ 1). @default 0.3 */
  readonly alpha?: number;
  /** Phase durations assumed before any sample (ms). */
  readonly priorMs?: Readonly<Record<TimedPhase, number>>;
}

const DEFAULT_PRIOR: Readonly<Record<TimedPhase, number>> = { identifying: 200, bootstrapping: 1_500, 'first-contact': 100 };

/**
 * Estimates remaining time from observed phase durations (exponential moving average per phase).
 * Pure: callers pass times in; nothing here reads a clock.
 */
export class EtaEstimator {
  readonly #alpha: number;
  readonly #mean: Record<TimedPhase, number>;
  readonly #samples: Record<TimedPhase, number> = { identifying: 0, bootstrapping: 0, 'first-contact': 0 };

  constructor(options: EtaOptions = {}) {
    const alpha = options.alpha ?? 0.3;
    this.#alpha = alpha > 0 && alpha <= 1 ? alpha : 0.3;
    this.#mean = { ...(options.priorMs ?? DEFAULT_PRIOR) };
  }

  /** Records how long one phase took (negative or non-finite samples are ignored). */
  observe(phase: TimedPhase, durationMs: number): void {
    if (!Number.isFinite(durationMs) || durationMs < 0) return;
    const n = this.#samples[phase];
    this.#mean[phase] = n === 0 ? durationMs : this.#mean[phase] + this.#alpha * (durationMs - this.#mean[phase]);
    this.#samples[phase] = n + 1;
  }

  /** The current mean of a phase (ms). */
  meanMs(phase: TimedPhase): number {
    return this.#mean[phase];
  }

  /** Expected time for a whole run (ms). */
  runMs(): number {
    return TIMED_PHASES.reduce((sum, p) => sum + this.#mean[p], 0);
  }

  /**
   * Remaining time of one slot that is in `phase` and has spent `elapsedInPhaseMs` there: the rest
   * of this phase (never below zero) plus the later phases.
   */
  slotRemainingMs(phase: TimedPhase, elapsedInPhaseMs: number): number {
    const index = TIMED_PHASES.indexOf(phase);
    let rest = Math.max(0, this.#mean[phase] - Math.max(0, elapsedInPhaseMs));
    for (const p of TIMED_PHASES.slice(index + 1)) rest += this.#mean[p];
    return rest;
  }

  /**
   * Remaining time of a batch: the longest active slot, then the queued runs spread over the
   * concurrency limit (whole waves of `runMs`).
   */
  batchRemainingMs(activeRemainingMs: readonly number[], queued: number, concurrency: number): number {
    const slots = Math.max(1, Math.floor(concurrency));
    const longest = activeRemainingMs.reduce((m, r) => Math.max(m, r), 0);
    const waves = Math.ceil(Math.max(0, queued) / slots);
    return longest + waves * this.runMs();
  }
}
