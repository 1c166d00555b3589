import type { AuditEntry } from './audit-entry.js';

/** The step that closes one unit's run; its result is the unit's result. */
export const RUN_FINISH_STEP = 'run.finish';

/** First-pass yield of one group (profile version, model or station). */
export interface YieldRow {
  readonly key: string;
  /** Units whose first finished run passed. */
  readonly firstPass: number;
  /** Units with at least one finished run. */
  readonly units: number;
  /** firstPass / units (0 when there are no units). */
  readonly yield: number;
}

/** One bar of the failure Pareto. */
export interface ParetoRow {
  readonly error: string;
  readonly count: number;
  /** Share of all failures, cumulative over the rows so far (0..1). */
  readonly cumulative: number;
}

/** Line analytics over a log. */
export interface AuditStats {
  readonly finishedRuns: number;
  readonly passedUnits: number;
  /** Passed units per hour over the span from the first to the last finished run (≥ 1 minute). */
  readonly unitsPerHour: number;
  readonly yieldByProfile: readonly YieldRow[];
  readonly yieldByModel: readonly YieldRow[];
  readonly yieldByStation: readonly YieldRow[];
  readonly failurePareto: readonly ParetoRow[];
}

/** A unit's identity: its device ids in a stable order (IMEI, ICCID, serial, … whatever the run recorded). */
const unitKey = (e: AuditEntry): string =>
  Object.keys(e.deviceIds)
    .sort()
    .map((k) => `${k}=${e.deviceIds[k] ?? ''}`)
    .join(';');

function yieldBy(firstRuns: readonly AuditEntry[], group: (e: AuditEntry) => string): YieldRow[] {
  const rows = new Map<string, { firstPass: number; units: number }>();
  for (const e of firstRuns) {
    const key = group(e);
    const row = rows.get(key) ?? { firstPass: 0, units: 0 };
    row.units += 1;
    if (e.result === 'ok') row.firstPass += 1;
    rows.set(key, row);
  }
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, r]) => ({ key, ...r, yield: r.units === 0 ? 0 : r.firstPass / r.units }));
}

/**
 * Units/hour, first-pass yield per profile version, model and station, and the failure Pareto.
 *
 * Only `run.finish` entries count. A unit's first pass is its earliest finished run; retries of the
 * same unit (same device ids) never raise the yield. Failures without an error code count as `unknown`.
 */
export function auditStats(entries: readonly AuditEntry[]): AuditStats {
  const finished = entries.filter((e) => e.step === RUN_FINISH_STEP && e.result !== 'info');
  const firstRuns = new Map<string, AuditEntry>();
  const passed = new Set<string>();
  for (const e of finished) {
    const key = unitKey(e);
    if (!firstRuns.has(key)) firstRuns.set(key, e);
    if (e.result === 'ok') passed.add(key);
  }
  const ends = finished.map((e) => e.timings.startMs + e.timings.durationMs);
  const spanHours = ends.length === 0 ? 0 : Math.max(60_000, Math.max(...ends) - Math.min(...finished.map((e) => e.timings.startMs))) / 3_600_000;
  const failures = new Map<string, number>();
  for (const e of finished) if (e.result === 'fail') failures.set(e.error ?? 'unknown', (failures.get(e.error ?? 'unknown') ?? 0) + 1);
  const totalFailures = [...failures.values()].reduce((a, b) => a + b, 0);
  let running = 0;
  const failurePareto = [...failures.entries()]
    .sort(([ea, a], [eb, b]) => b - a || (ea < eb ? -1 : 1))
    .map(([error, count]) => {
      running += count;
      return { error, count, cumulative: running / totalFailures };
    });
  const first = [...firstRuns.values()];
  return {
    finishedRuns: finished.length,
    passedUnits: passed.size,
    unitsPerHour: spanHours === 0 ? 0 : passed.size / spanHours,
    yieldByProfile: yieldBy(first, (e) => e.profileVersion ?? 'none'),
    yieldByModel: yieldBy(first, (e) => e.model ?? 'unknown'),
    yieldByStation: yieldBy(first, (e) => e.station),
    failurePareto,
  };
}
