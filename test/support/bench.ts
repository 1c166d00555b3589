/** One row of the `npm run bench` table. */
export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The figure measured side by side in the same run that `value` is compared with. */
  readonly baseline?: number;
  /** value / baseline (or the ratio the goal is stated in). */
  readonly ratio?: number;
  /** Human statement of the goal, e.g. "<= 1.5x". */
  readonly goal?: string;
  readonly pass?: boolean;
}

/** Median of a sample. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile of a sample. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
