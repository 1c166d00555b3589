import { describe, expect, it } from 'vitest';
import { auditStats } from '../../../src-shared/audit/analytics.js';
import type { AuditEntry } from '../../../src-shared/audit/audit-entry.js';
import { factsFor } from './audit-fixtures.js';

const finish = (imei: string, result: 'ok' | 'fail', atMs: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  ...factsFor(3),
  step: 'run.finish',
  deviceIds: { imei },
  result,
  error: result === 'fail' ? 'AUTH_FAILED' : null,
  timings: { startMs: atMs, durationMs: 60_000 },
  index: 0,
  time: '',
  prevHash: '0'.repeat(64),
  ...extra,
});

describe('auditStats', () => {
  it('counts a retried unit once, with its first result for the yield', () => {
    const h = 3_600_000;
    const stats = auditStats([
      finish('1', 'fail', 0),
      finish('1', 'ok', 0.25 * h),
      finish('2', 'ok', 0.5 * h),
      finish('3', 'fail', 0.75 * h, { error: 'TRANSPORT_TIMEOUT' }),
      finish('4', 'fail', 0.8 * h, { error: 'TRANSPORT_TIMEOUT' }),
      finish('5', 'fail', 2 * h - 60_000, { error: null, model: 'Other' }),
      { ...finish('6', 'ok', 0), step: 'run.start' },
    ]);
    expect(stats.finishedRuns).toBe(6);
    expect(stats.passedUnits).toBe(2);
    expect(stats.unitsPerHour).toBeCloseTo(1, 6);
    expect(stats.yieldByModel).toEqual([
      { key: 'Acme X1', firstPass: 1, units: 4, yield: 0.25 },
      { key: 'Other', firstPass: 0, units: 1, yield: 0 },
    ]);
    expect(stats.failurePareto).toEqual([
      { error: 'TRANSPORT_TIMEOUT', count: 2, cumulative: 0.5 },
      { error: 'AUTH_FAILED', count: 1, cumulative: 0.75 },
      { error: 'unknown', count: 1, cumulative: 1 },
    ]);
  });

  it('is all zeros for an empty log', () => {
    expect(auditStats([])).toEqual({ finishedRuns: 0, passedUnits: 0, unitsPerHour: 0, yieldByProfile: [], yieldByModel: [], yieldByStation: [], failurePareto: [] });
  });
});
