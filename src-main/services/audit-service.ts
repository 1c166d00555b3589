import { auditStats, RUN_FINISH_STEP, type ParetoRow, type YieldRow } from '../../src-shared/audit/analytics.js';
import type { AuditEntry, AuditFacts, AuditRecord, AuditResult } from '../../src-shared/audit/audit-entry.js';
import { auditToCsv } from '../../src-shared/audit/export.js';
import type { AuditVerdict } from '../../src-shared/audit/verify.js';
import type { Clock } from '../../src-shared/ports/clock.js';
import { AuditLog } from '../audit/audit-log.js';
import { certificateVerifier, type StationSigner } from '../audit/station-signer.js';
import { CaStore } from '../pki/ca-store.js';
import type { AuditStore } from '../storage/audit-store.js';

/** Filters and page of {@link AuditService.entries}. */
export interface AuditQuery {
  readonly offset: number;
  readonly limit: number;
  readonly result?: AuditResult | undefined;
  /** Case-insensitive text found in the step, slot, model, error or a device id. */
  readonly text?: string | undefined;
}

/** One page of entries, newest first, with the number matching the filters. */
export interface AuditPage {
  readonly total: number;
  readonly entries: AuditEntry[];
}

/** `AuditStats` with mutable arrays (the contract's output type). */
export interface AuditStatsView {
  readonly finishedRuns: number;
  readonly passedUnits: number;
  readonly unitsPerHour: number;
  readonly yieldByProfile: YieldRow[];
  readonly yieldByModel: YieldRow[];
  readonly yieldByStation: YieldRow[];
  readonly failurePareto: ParetoRow[];
  /** Units passed per UTC hour (`YYYY-MM-DDTHH`), the last {@link HOURS_SHOWN} hours that had any, oldest first. */
  readonly unitsByHour: { readonly hour: string; readonly units: number }[];
}

/** How many hourly bars `stats` returns. */
export const HOURS_SHOWN = 12;

/** Passed `run.finish` entries per UTC hour of their append time. */
export function unitsByHour(entries: readonly AuditEntry[]): { readonly hour: string; readonly units: number }[] {
  const hours = new Map<string, number>();
  for (const e of entries) {
    if (e.step !== RUN_FINISH_STEP || e.result !== 'ok' || e.time.length < 13) continue;
    const hour = e.time.slice(0, 13);
    hours.set(hour, (hours.get(hour) ?? 0) + 1);
  }
  return [...hours.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(-HOURS_SHOWN)
    .map(([hour, units]) => ({ hour, units }));
}

/** Opens the audit store of a data directory; closing it is the returned function. */
export type AuditStoreOpener = (dataDir: string) => Promise<{ readonly audit: AuditStore; close(): Promise<void> }>;

/**
 * The station storage opener: PostgreSQL when `databaseUrl()` names one (the saved setting), else
 * `$BOOTBENCH_DATABASE_URL`, else SQLite in the data dir. The storage modules load on first use.
 */
export function stationAuditOpener(databaseUrl: () => Promise<string | undefined>): AuditStoreOpener {
  return async (dataDir) => {
    const { openStorage } = await import('../storage/open-storage.js');
    const { stationStorageOptions } = await import('../storage/station-storage.js');
    return openStorage(await stationStorageOptions(dataDir, (await databaseUrl()) ?? process.env['BOOTBENCH_DATABASE_URL']));
  };
}

const matches = (e: AuditEntry, q: AuditQuery): boolean => {
  if (q.result !== undefined && e.result !== q.result) return false;
  if (q.text === undefined || q.text === '') return true;
  const needle = q.text.toLowerCase();
  return [e.step, e.slot ?? '', e.model ?? '', e.error ?? '', ...Object.values(e.deviceIds)].some((v) => v.toLowerCase().includes(needle));
};

/**
 * The Runs & audit view's use cases: filtered pages, verification against the station CA's
 * certificates, CSV/JSON export and line analytics. Without a data directory the log is empty.
 * The storage opens on first use and stays open for the station run, so a changed storage setting
 * applies at the next start.
 */
export class AuditService {
  #opened: Promise<{ readonly audit: AuditStore; close(): Promise<void> }> | undefined;

  constructor(
    private readonly dataDir: string | undefined,
    private readonly clock: Clock,
    private readonly open: AuditStoreOpener = stationAuditOpener(async () => undefined),
  ) {}

  private async records(): Promise<AuditRecord[]> {
    if (this.dataDir === undefined) return [];
    return (await this.store()).list();
  }

  private store(): Promise<AuditStore> {
    const dir = this.dataDir;
    if (dir === undefined) throw new Error('unreachable: no data dir');
    this.#opened ??= this.open(dir).catch((error: unknown) => {
      this.#opened = undefined; // a storage that could not open is retried on the next call
      throw error;
    });
    return this.#opened.then((o) => o.audit);
  }

  /** A page of entries matching the filters, newest first. */
  async entries(query: AuditQuery): Promise<AuditPage> {
    const all = (await this.records()).map((r) => r.entry).filter((e) => matches(e, query)).reverse();
    return { total: all.length, entries: all.slice(query.offset, query.offset + query.limit) };
  }

  /** Walks the whole chain and checks every checkpoint against the station CA certificates. */
  async verify(): Promise<AuditVerdict> {
    if (this.dataDir === undefined) return { ok: true, entries: 0, checkpoints: 0, unsealedTail: 0 };
    const anchors = await (await CaStore.open(this.dataDir)).trustAnchors();
    const log = new AuditLog({ store: await this.store(), clock: this.clock, station: 'ui' });
    return log.verify(certificateVerifier(anchors.map((a) => a.der)));
  }

  /** The whole log as CSV (one row per entry) or JSON (an array of `{entry, hash}`). */
  async export(format: 'csv' | 'json'): Promise<{ readonly format: 'csv' | 'json'; readonly count: number; readonly text: string }> {
    const records = await this.records();
    return { format, count: records.length, text: format === 'csv' ? auditToCsv(records) : `${JSON.stringify(records)}\n` };
  }

  /** Units/hour, first-pass yields and the failure Pareto (plain arrays, ready for IPC). */
  async stats(): Promise<AuditStatsView> {
    const entries = (await this.records()).map((r) => r.entry);
    const s = auditStats(entries);
    return { ...s, yieldByProfile: [...s.yieldByProfile], yieldByModel: [...s.yieldByModel], yieldByStation: [...s.yieldByStation], failurePareto: [...s.failurePareto], unitsByHour: unitsByHour(entries) };
  }

  /**
   * Appends one step of station work that is not a run (a tree edit, a certificate push) to the
   * log; a no-op without a data directory. `signer` seals a checkpoint when one falls due.
   */
  async append(facts: AuditFacts, signer?: StationSigner): Promise<void> {
    if (this.dataDir === undefined) return;
    const log = new AuditLog({ store: await this.store(), clock: this.clock, station: facts.station, ...(signer === undefined ? {} : { signer }) });
    await log.append(facts);
  }

  /** Closes the storage if it was opened. */
  async close(): Promise<void> {
    const opened = this.#opened;
    this.#opened = undefined;
    if (opened !== undefined) await (await opened).close();
  }
}
