import type { Kysely } from 'kysely';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { StorageDatabase } from './schema.js';
import type { WriteLocked } from './write-lock.js';

/** A device as stored: id plus free-form facts (IMEI, ICCID, DevInfo…). */
export interface StoredDevice {
  readonly id: string;
  readonly model: string | null;
  readonly facts: Readonly<Record<string, string>>;
  readonly firstSeen: string;
  readonly lastSeen: string;
}

/** A run row. `state` is owned by the run state machine (next step of issue #8). */
export interface StoredRun {
  readonly id: string;
  readonly deviceId: string;
  readonly profileVersion: string;
  readonly stationId: string;
  readonly slot: string | null;
  readonly state: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly error: string | null;
}

/** One durable journal entry of a run. */
export interface JournalEntry {
  readonly seq: number;
  readonly step: string;
  readonly status: string;
  readonly data: string;
  readonly time: string;
}

/** Devices, runs and run journals. */
export interface RunStore {
  upsertDevice(device: { readonly id: string; readonly model: string | null; readonly facts: Readonly<Record<string, string>> }, nowIso: string): Promise<void>;
  getDevice(id: string): Promise<StoredDevice | undefined>;
  createRun(run: Omit<StoredRun, 'finishedAt' | 'error'>): Promise<void>;
  /** Sets a run's state; `finishedAt`/`error` when it ends. */
  updateRun(id: string, change: { readonly state: string; readonly finishedAt?: string; readonly error?: string | null }): Promise<void>;
  getRun(id: string): Promise<StoredRun | undefined>;
  /** Appends the next journal entry of a run (sequence numbers 0, 1, 2… with no gaps). */
  appendJournal(runId: string, entry: Omit<JournalEntry, 'seq'>): Promise<JournalEntry>;
  journal(runId: string): Promise<JournalEntry[]>;
}

/** The run store over Kysely. */
export function runStore(db: Kysely<StorageDatabase>, locked: WriteLocked): RunStore {
  return {
    async upsertDevice(d, nowIso) {
      const facts = JSON.stringify(d.facts);
      await db.insertInto('devices').values({ id: d.id, model: d.model, facts, first_seen: nowIso, last_seen: nowIso }).onConflict((oc) => oc.column('id').doUpdateSet({ model: d.model, facts, last_seen: nowIso })).execute();
    },
    async getDevice(id) {
      const r = await db.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
      if (r === undefined) return undefined;
      let facts: Record<string, string>;
      try {
        facts = JSON.parse(r.facts) as Record<string, string>;
      } catch (cause) {
        throw new ProvisioningError('INTERNAL', `Stored facts of device ${id} are corrupt`, { cause });
      }
      return { id: r.id, model: r.model, facts, firstSeen: r.first_seen, lastSeen: r.last_seen };
    },
    async createRun(r) {
      await db.insertInto('runs').values({ id: r.id, device_id: r.deviceId, profile_version: r.profileVersion, station_id: r.stationId, slot: r.slot, state: r.state, started_at: r.startedAt, finished_at: null, error: null }).execute();
    },
    async updateRun(id, change) {
      const result = await db
        .updateTable('runs')
        .set({ state: change.state, ...(change.finishedAt === undefined ? {} : { finished_at: change.finishedAt }), ...(change.error === undefined ? {} : { error: change.error }) })
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw new ProvisioningError('NOT_FOUND', `No run ${id}`);
    },
    async getRun(id) {
      const r = await db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
      return r === undefined ? undefined : { id: r.id, deviceId: r.device_id, profileVersion: r.profile_version, stationId: r.station_id, slot: r.slot, state: r.state, startedAt: r.started_at, finishedAt: r.finished_at, error: r.error };
    },
    appendJournal: (runId, entry) =>
      locked(`journal:${runId}`, async (tx) => {
        const last = await tx.selectFrom('run_journal').select('seq').where('run_id', '=', runId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
        const seq = last === undefined ? 0 : Number(last.seq) + 1;
        await tx.insertInto('run_journal').values({ run_id: runId, seq, ...entry }).execute();
        return { seq, ...entry };
      }),
    async journal(runId) {
      const rows = await db.selectFrom('run_journal').selectAll().where('run_id', '=', runId).orderBy('seq', 'asc').execute();
      return rows.map((r) => ({ seq: Number(r.seq), step: r.step, status: r.status, data: r.data, time: r.time }));
    },
  };
}
