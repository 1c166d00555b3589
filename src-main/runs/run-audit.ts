/** The audit entry of one run step (who, station, slot, profile version, device ids, fingerprints, result, timings). */
import type { AuditFacts, AuditResult } from '../../src-shared/audit/audit-entry.js';
import type { Clock } from '../../src-shared/ports/clock.js';
import type { SlotIdentity } from './slot-identify.js';

/** What one run step reports to the audit log. */
export interface RunStepAudit {
  readonly identity: SlotIdentity;
  readonly slot: string;
  readonly profileVersion: string;
  readonly step: string;
  readonly result: AuditResult;
  readonly error: string | null;
  /** Monotonic start of the run (ms). */
  readonly started: number;
  readonly data: Record<string, string | number | boolean>;
  /** Key/certificate/content fingerprints the step created or used; never secrets. */
  readonly fingerprints?: readonly string[];
}

/** The audit facts of a run step taken by station `stationId` (appended by `AuditLog.append`). */
export function runAuditFacts(stationId: string, clock: Clock, s: RunStepAudit): AuditFacts {
  return {
    who: 'station',
    station: stationId,
    slot: s.slot,
    profileVersion: s.profileVersion,
    model: s.identity.facts['model'] ?? null,
    deviceIds: { ...s.identity.facts, devId: s.identity.devId },
    fingerprints: [...(s.fingerprints ?? [])],
    step: s.step,
    result: s.result,
    error: s.error,
    timings: { startMs: clock.nowMs(), durationMs: Math.max(0, clock.monotonicMs() - s.started) },
    data: s.data,
  };
}
