import { GENESIS_HASH, type AuditCheckpoint, type AuditRecord } from './audit-entry.js';
import { checkpointMessage, hashEntry, type Sha256Text } from './chain.js';

/** Checks a checkpoint signature; `signer` is the fingerprint the checkpoint names. */
export type CheckpointVerifier = (message: Uint8Array, signatureHex: string, signer: string) => boolean;

/** Why a log failed verification, at its first bad index. */
export type AuditTamperReason =
  | 'index-mismatch'
  | 'prev-hash-mismatch'
  | 'hash-mismatch'
  | 'checkpoint-signature-invalid'
  | 'checkpoint-hash-mismatch'
  | 'truncated';

/** Result of {@link verifyAuditLog}. A tampered log is data, not an exception. */
export type AuditVerdict =
  | {
      readonly ok: true;
      readonly entries: number;
      readonly checkpoints: number;
      /** Entries after the last checkpoint: chained, but no signature vouches for their count yet. */
      readonly unsealedTail: number;
    }
  | { readonly ok: false; readonly firstBadIndex: number; readonly reason: AuditTamperReason; readonly detail: string };

type Bad = { readonly index: number; readonly reason: AuditTamperReason; readonly detail: string };

/**
 * Verifies a log fed in order, page by page, so a station's whole history never has to be in
 * memory: it keeps only the running hash and the hashes at checkpointed indexes.
 *
 * Detects an edited field (the entry's own hash), a deleted or swapped entry (index and prev-hash
 * links), truncation (a signed checkpoint beyond the end) and a forged checkpoint (its signature),
 * and reports the lowest bad index. Entries after the last checkpoint are protected by the chain
 * only: cutting them off is detectable only against a later checkpoint, so writers checkpoint on
 * close (see docs/audit.md).
 */
export class AuditChainWalker {
  private position = 0;
  private prev = GENESIS_HASH;
  private bad: Bad | undefined;
  private readonly wanted: Map<number, string | undefined>;

  /**
   * @param anchor an (index, hash) kept outside this database (an exported checkpoint, the fleet
   * database, a receipt): checked like a checkpoint without a signature, it reveals truncation and
   * deleted checkpoints that the log alone cannot.
   */
  constructor(
    private readonly checkpoints: readonly AuditCheckpoint[],
    private readonly deps: { readonly sha256: Sha256Text; readonly verify: CheckpointVerifier },
    private readonly anchor?: { readonly index: number; readonly hash: string },
  ) {
    this.wanted = new Map(checkpoints.map((cp) => [cp.index, undefined]));
    if (anchor !== undefined) this.wanted.set(anchor.index, undefined);
  }

  /** True once a bad record was found (later pages cannot lower the index; stop feeding). */
  get failed(): boolean {
    return this.bad !== undefined;
  }

  /** Feeds the next records in position order. */
  push(records: readonly AuditRecord[]): void {
    for (const { entry, hash } of records) {
      if (this.bad !== undefined) return;
      const i = this.position;
      if (entry.index !== i) this.bad = { index: i, reason: 'index-mismatch', detail: `position ${i} holds entry ${entry.index}` };
      else if (entry.prevHash !== this.prev) this.bad = { index: i, reason: 'prev-hash-mismatch', detail: `entry ${i} does not chain from entry ${i - 1}` };
      else if (hashEntry(this.deps.sha256, entry) !== hash) this.bad = { index: i, reason: 'hash-mismatch', detail: `entry ${i} does not match its hash` };
      if (this.bad !== undefined) return;
      if (this.wanted.has(i)) this.wanted.set(i, hash);
      this.prev = hash;
      this.position += 1;
    }
  }

  private checkpointProblem(cp: AuditCheckpoint): Bad | undefined {
    if (!this.deps.verify(checkpointMessage(cp), cp.signature, cp.signer)) return { index: cp.index, reason: 'checkpoint-signature-invalid', detail: `checkpoint at ${cp.index} has a bad signature` };
    if (cp.index >= this.position) return { index: this.position, reason: 'truncated', detail: `a checkpoint vouches for entry ${cp.index} but the log ends at ${this.position - 1}` };
    if (this.wanted.get(cp.index) !== cp.hash) return { index: cp.index, reason: 'checkpoint-hash-mismatch', detail: `entry ${cp.index} differs from its signed checkpoint` };
    return undefined;
  }

  private anchorProblem(): Bad | undefined {
    const a = this.anchor;
    if (a === undefined) return undefined;
    if (a.index >= this.position) return { index: this.position, reason: 'truncated', detail: `the external anchor vouches for entry ${a.index} but the log ends at ${this.position - 1}` };
    if (this.wanted.get(a.index) !== a.hash) return { index: a.index, reason: 'checkpoint-hash-mismatch', detail: `entry ${a.index} differs from the external anchor` };
    return undefined;
  }

  /** The verdict over everything fed so far (call after the last page). */
  finish(): AuditVerdict {
    let worst = this.bad;
    if (this.anchor !== undefined && (worst === undefined || this.anchor.index < worst.index)) worst = this.anchorProblem() ?? worst;
    for (const cp of this.checkpoints) {
      if (worst !== undefined && cp.index >= worst.index) continue;
      const problem = this.checkpointProblem(cp);
      if (problem !== undefined && (worst === undefined || problem.index < worst.index)) worst = problem;
    }
    if (worst !== undefined) return { ok: false, firstBadIndex: worst.index, reason: worst.reason, detail: worst.detail };
    const lastSealed = this.checkpoints.reduce((max, cp) => Math.max(max, cp.index), -1);
    return { ok: true, entries: this.position, checkpoints: this.checkpoints.length, unsealedTail: this.position - 1 - lastSealed };
  }
}

/** Walks a whole in-memory log and every checkpoint; see {@link AuditChainWalker}. */
export function verifyAuditLog(records: readonly AuditRecord[], checkpoints: readonly AuditCheckpoint[], deps: { readonly sha256: Sha256Text; readonly verify: CheckpointVerifier }): AuditVerdict {
  const walker = new AuditChainWalker(checkpoints, deps);
  walker.push(records);
  return walker.finish();
}
