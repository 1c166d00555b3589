import { AuditFacts, type AuditCheckpoint, type AuditRecord } from '../../src-shared/audit/audit-entry.js';
import { checkpointMessage } from '../../src-shared/audit/chain.js';
import { AuditChainWalker, type AuditVerdict, type CheckpointVerifier } from '../../src-shared/audit/verify.js';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { Clock } from '../../src-shared/ports/clock.js';
import { toHex } from '../../src-shared/util/bytes.js';
import { nodeSha256, type AuditStore } from '../storage/audit-store.js';
import type { StationSigner } from './station-signer.js';

/** Options of an {@link AuditLog}. */
export interface AuditLogOptions {
  readonly store: AuditStore;
  readonly clock: Clock;
  /** Station id written into checkpoints. */
  readonly station: string;
  /** Signs checkpoints; without one the log appends but cannot checkpoint. */
  readonly signer?: StationSigner;
  /**
   * A signed checkpoint after every N entries.
   * @default 100
   */
  readonly checkpointEvery?: number;
}

/**
 * The station's audit log: validated appends to the hash chain in storage, signed checkpoints
 * every N entries and on demand, and verification of the whole log.
 *
 * The chain lives in the storage database (durable on return: SQLite `synchronous=FULL`,
 * PostgreSQL's commit), not in a side file, so runs, identities and audit commit to one place.
 */
export class AuditLog {
  private readonly every: number;

  constructor(private readonly options: AuditLogOptions) {
    this.every = options.checkpointEvery ?? 100;
    if (!Number.isInteger(this.every) || this.every < 1) throw new ProvisioningError('INVALID_REQUEST', 'checkpointEvery must be a positive whole number');
  }

  private nowIso(): string {
    return new Date(this.options.clock.nowMs()).toISOString();
  }

  /** Validates and appends one step; checkpoints when the count reaches a multiple of N. */
  async append(facts: AuditFacts): Promise<AuditRecord> {
    const parsed = AuditFacts.safeParse(facts);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ProvisioningError('INVALID_REQUEST', `Audit entry rejected at /${issue?.path.join('/') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    const record = await this.options.store.append(parsed.data, this.nowIso());
    if (this.options.signer !== undefined && (record.entry.index + 1) % this.every === 0) await this.sealAt(record.entry.index, record.hash);
    return record;
  }

  private async sealAt(index: number, hash: string): Promise<AuditCheckpoint> {
    const signer = this.options.signer;
    if (signer === undefined) throw new ProvisioningError('INVALID_REQUEST', 'No station signer: unlock the station CA to checkpoint the audit log');
    const unsigned = { index, hash, time: this.nowIso(), station: this.options.station, signer: signer.id };
    const cp: AuditCheckpoint = { ...unsigned, signature: toHex(signer.sign(checkpointMessage(unsigned))) };
    await this.options.store.addCheckpoint(cp);
    return cp;
  }

  /** Signs a checkpoint at the current head now (e.g. at shift end); undefined for an empty or already sealed log. */
  async checkpoint(): Promise<AuditCheckpoint | undefined> {
    const head = await this.options.store.head();
    if (head === undefined) return undefined;
    const last = (await this.options.store.checkpoints()).at(-1);
    if (last?.index === head.index) return undefined;
    return this.sealAt(head.index, head.hash);
  }

  /**
   * Verifies every entry and checkpoint, reading the log in pages of `pageSize` entries; `anchor`
   * is an (index, hash) kept elsewhere that the log must still contain.
   */
  async verify(verifier: CheckpointVerifier, pageSize = 5_000, anchor?: { readonly index: number; readonly hash: string }): Promise<AuditVerdict> {
    const walker = new AuditChainWalker(await this.options.store.checkpoints(), { sha256: nodeSha256, verify: verifier }, anchor);
    let after = -1;
    while (!walker.failed) {
      const page = await this.options.store.page(after, pageSize);
      walker.push(page.records);
      if (page.lastIdx === undefined || page.records.length < pageSize) break;
      after = page.lastIdx;
    }
    return walker.finish();
  }
}
