import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AuditCheckpoint, AuditEntry, GENESIS_HASH, type AuditFacts, type AuditRecord } from '../../src-shared/audit/audit-entry.js';
import { canonicalJson, type CanonicalValue } from '../../src-shared/audit/canonical-json.js';
import { sealEntry, type Sha256Text } from '../../src-shared/audit/chain.js';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { StorageDatabase } from './schema.js';
import type { WriteLocked } from './write-lock.js';

/** Node's SHA-256 as the pure layer's port. */
export const nodeSha256: Sha256Text = (text) => new Uint8Array(createHash('sha256').update(text, 'utf8').digest());

/** The audit tables of a storage: append-only entries and checkpoints. */
export interface AuditStore {
  /** Appends one entry after the current head (serialized across processes) and returns it sealed. */
  append(facts: AuditFacts, nowIso: string): Promise<AuditRecord>;
  /** Index and hash of the last entry, or undefined for an empty log. */
  head(): Promise<{ readonly index: number; readonly hash: string } | undefined>;
  /** Entries in index order (`from` inclusive, at most `limit`). */
  list(options?: { readonly from?: number; readonly limit?: number }): Promise<AuditRecord[]>;
  /**
   * One page in storage order (keyset paging on the stored index column, so a tampered or missing
   * index can never make a reader skip or repeat rows): rows after `afterIdx`, at most `limit`.
   */
  page(afterIdx: number, limit: number): Promise<{ readonly records: AuditRecord[]; readonly lastIdx: number | undefined }>;
  /** Stores a signed checkpoint. */
  addCheckpoint(cp: AuditCheckpoint): Promise<void>;
  /** Every checkpoint in index order. */
  checkpoints(): Promise<AuditCheckpoint[]>;
}

/**
 * Parses a stored row; a body that no longer parses is tampering or corruption, reported as a
 * record that cannot verify (its hash stays, its entry index is set to -1) rather than a crash.
 */
function recordOf(row: { idx: unknown; hash: string; body: string }): AuditRecord {
  let json: unknown;
  try {
    json = JSON.parse(row.body);
  } catch {
    json = undefined;
  }
  const parsed = AuditEntry.safeParse(json);
  if (parsed.success) return { entry: parsed.data, hash: row.hash };
  const broken = { who: '?', station: '?', slot: null, profileVersion: null, model: null, deviceIds: {}, fingerprints: [], step: 'unparseable', result: 'info' as const, error: null, timings: { startMs: 0, durationMs: 0 }, data: { raw: row.body } };
  return { entry: { ...broken, index: -1, time: '', prevHash: GENESIS_HASH }, hash: row.hash };
}

/** The audit store over Kysely; `sha256` and the write lock are injected by `openStorage`. */
export function auditStore(db: Kysely<StorageDatabase>, locked: WriteLocked, sha256: Sha256Text = nodeSha256): AuditStore {
  const head = async (tx: Kysely<StorageDatabase>) => {
    const row = await tx.selectFrom('audit_entries').select(['idx', 'hash']).orderBy('idx', 'desc').limit(1).executeTakeFirst();
    return row === undefined ? undefined : { index: Number(row.idx), hash: row.hash };
  };
  return {
    head: () => head(db),
    append: (facts, nowIso) =>
      locked('audit', async (tx) => {
        const last = await head(tx);
        const record = sealEntry(sha256, facts, { index: last === undefined ? 0 : last.index + 1, prevHash: last?.hash ?? GENESIS_HASH, time: nowIso });
        const body = canonicalJson(record.entry as unknown as CanonicalValue);
        await tx.insertInto('audit_entries').values({ idx: record.entry.index, hash: record.hash, prev_hash: record.entry.prevHash, body }).execute();
        return record;
      }),
    async list(options = {}) {
      let q = db.selectFrom('audit_entries').select(['idx', 'hash', 'body']).where('idx', '>=', options.from ?? 0).orderBy('idx', 'asc');
      if (options.limit !== undefined) q = q.limit(options.limit);
      return (await q.execute()).map(recordOf);
    },
    async page(afterIdx, limit) {
      const rows = await db.selectFrom('audit_entries').select(['idx', 'hash', 'body']).where('idx', '>', afterIdx).orderBy('idx', 'asc').limit(limit).execute();
      return { records: rows.map(recordOf), lastIdx: rows.length === 0 ? undefined : Number(rows.at(-1)!.idx) };
    },
    async addCheckpoint(cp) {
      const valid = AuditCheckpoint.parse(cp);
      try {
        await db.insertInto('audit_checkpoints').values({ idx: valid.index, hash: valid.hash, time: valid.time, station: valid.station, signer: valid.signer, signature: valid.signature }).execute();
      } catch (cause) {
        throw new ProvisioningError('INVALID_REQUEST', `A checkpoint at index ${valid.index} already exists`, { cause });
      }
    },
    async checkpoints() {
      const rows = await db.selectFrom('audit_checkpoints').selectAll().orderBy('idx', 'asc').execute();
      return rows.map((r) => ({ index: Number(r.idx), hash: r.hash, time: r.time, station: r.station, signer: r.signer, signature: r.signature }));
    },
  };
}
