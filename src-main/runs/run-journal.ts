import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import { nextRunState, parseRunState, type RunEvent, type RunState } from '../../src-shared/runs/run-state.js';
import type { AllocatedIdentity, IdentityKind } from '../storage/identity-store.js';
import { identityOwnerTag } from '../storage/device-identity-store.js';
import type { Storage } from '../storage/open-storage.js';
import type { StoredRun } from '../storage/run-store.js';

/** A run as the manager sees it: the stored row with a parsed state. */
export interface RunRecord extends Omit<StoredRun, 'state'> {
  readonly state: RunState;
}

/** The id of the one run of a device under a profile version: a device is provisioned once per version. */
export function runIdOf(profileVersion: string, devId: string): string {
  return `run:${profileVersion}:${devId}`;
}

export { identityOwnerTag } from '../storage/device-identity-store.js';

const toRecord = (r: StoredRun): RunRecord => {
  const state = parseRunState(r.state);
  if (!state.ok) throw state.error;
  return { ...r, state: state.value };
};

/**
 * The durable run journal over storage: run rows whose state changes only through checked
 * transitions, a journal entry written before each state change and each non-idempotent step,
 * and identity allocation that is idempotent per device.
 */
export class RunJournal {
  constructor(
    private readonly storage: Storage,
    private readonly stationId: string,
    private readonly nowIso: () => string,
  ) {}

  /** The run of a device under a profile version, if there is one. */
  async get(runId: string): Promise<RunRecord | undefined> {
    const r = await this.storage.runs.getRun(runId);
    return r === undefined ? undefined : toRecord(r);
  }

  /**
   * Opens the run of an identified device: creates it (state `identifying`) or returns the one that
   * exists (any state: the caller decides whether it is done, resumable or retryable).
   */
  async open(devId: string, profileVersion: string, slot: string, facts: Readonly<Record<string, string>>): Promise<{ readonly run: RunRecord; readonly created: boolean }> {
    const id = runIdOf(profileVersion, devId);
    await this.storage.runs.upsertDevice({ id: devId, model: facts['model'] ?? null, facts }, this.nowIso());
    const existing = await this.get(id);
    if (existing !== undefined) return { run: existing, created: false };
    await this.storage.runs.createRun({ id, deviceId: devId, profileVersion, stationId: this.stationId, slot, state: 'identifying', startedAt: this.nowIso() });
    await this.record(id, 'run.created', 'done', { slot });
    const run = await this.get(id);
    if (run === undefined) throw new ProvisioningError('INTERNAL', `run ${id} vanished after it was created`);
    return { run, created: true };
  }

  /** Appends one journal entry (`data` is JSON; never secrets). */
  async record(runId: string, step: string, status: 'intent' | 'done' | 'failed', data: Readonly<Record<string, unknown>> = {}): Promise<void> {
    await this.storage.runs.appendJournal(runId, { step, status, data: JSON.stringify(data), time: this.nowIso() });
  }

  /** Applies a checked transition: journals it, then updates the row. Refused transitions throw `INVALID_REQUEST`. */
  async transition(runId: string, event: RunEvent, error?: string): Promise<RunState> {
    const run = await this.get(runId);
    if (run === undefined) throw new ProvisioningError('NOT_FOUND', `No run ${runId}`);
    const next = nextRunState(run.state, event);
    if (!next.ok) throw next.error;
    await this.record(runId, `state.${next.value}`, 'done', { from: run.state, event: event.kind });
    const terminal = next.value === 'done' || next.value === 'failed' || next.value === 'cancelled';
    await this.storage.runs.updateRun(runId, { state: next.value, ...(terminal ? { finishedAt: this.nowIso() } : {}), ...(error === undefined ? (next.value === 'queued' ? { error: null } : {}) : { error }) });
    return next.value;
  }

  /** True when the run's journal already holds an entry for this step and status. */
  async has(runId: string, step: string, status: 'intent' | 'done' | 'failed' = 'done'): Promise<boolean> {
    return (await this.storage.runs.journal(runId)).some((e) => e.step === step && e.status === status);
  }

  /**
   * The device's identity of `kind` under the run's profile version, allocated at most once for
   * that device and version across every station (storage's per-device identity record, written in
   * the same transaction as the allocation, so a crash cannot lose it).
   */
  async identityFor(runId: string, devId: string, kind: IdentityKind): Promise<{ readonly identity: AllocatedIdentity; readonly reused: boolean }> {
    const run = await this.get(runId);
    if (run === undefined) throw new ProvisioningError('NOT_FOUND', `No run ${runId}`);
    const key = { devId, profileVersion: run.profileVersion };
    const recorded = await this.storage.db.selectFrom('device_identities').select('value').where('device_id', '=', devId).where('profile_version', '=', run.profileVersion).where('kind', '=', kind).executeTakeFirst();
    if (recorded === undefined) await this.record(runId, `identity.${kind}`, 'intent');
    const { identity, reused } = await this.storage.allocateFor(kind, this.stationId, key, identityOwnerTag(this.stationId, devId));
    if (!reused) await this.record(runId, `identity.${kind}`, 'done', { text: identity.text });
    return { identity, reused };
  }

  /** Runs of this station in the given states. */
  async list(states?: readonly RunState[]): Promise<RunRecord[]> {
    let q = this.storage.db.selectFrom('runs').selectAll().where('station_id', '=', this.stationId);
    if (states !== undefined) q = q.where('state', 'in', states.length > 0 ? [...states] : ['']);
    const rows = await q.orderBy('started_at', 'asc').execute();
    return rows.map((r) => toRecord({ id: r.id, deviceId: r.device_id, profileVersion: r.profile_version, stationId: r.station_id, slot: r.slot, state: r.state, startedAt: r.started_at, finishedAt: r.finished_at, error: r.error }));
  }
}
