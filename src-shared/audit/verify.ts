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

/** The first record (in position order) that is not where, or what, the chain says it must be. */
function firstBadRecord(records: readonly AuditRecord[], sha256: Sha256Text): Bad | undefined {
  let prev = GENESIS_HASH;
  for (let i = 0; i < records.length; i++) {
    const { entry, hash } = records[i]!;
    if (entry.index !== i) return { index: i, reason: 'index-mismatch', detail: `position ${i} holds entry ${entry.index}` };
    if (entry.prevHash !== prev) return { index: i, reason: 'prev-hash-mismatch', detail: `entry ${i} does not chain from entry ${i - 1}` };
    if (hashEntry(sha256, entry) !== hash) return { index: i, reason: 'hash-mismatch', detail: `entry ${i} does not match its hash` };
    prev = hash;
  }
  return undefined;
}

function checkpointProblem(cp: AuditCheckpoint, records: readonly AuditRecord[], verify: CheckpointVerifier): Bad | undefined {
  if (!verify(checkpointMessage(cp), cp.signature, cp.signer)) return { index: cp.index, reason: 'checkpoint-signature-invalid', detail: `checkpoint at ${cp.index} has a bad signature` };
  if (cp.index >= records.length) return { index: records.length, reason: 'truncated', detail: `a checkpoint vouches for entry ${cp.index} but the log ends at ${records.length - 1}` };
  if (records[cp.index]!.hash !== cp.hash) return { index: cp.index, reason: 'checkpoint-hash-mismatch', detail: `entry ${cp.index} differs from its signed checkpoint` };
  return undefined;
}

/**
 * Walks the chain and every checkpoint and reports the lowest bad index.
 *
 * Detects an edited field (the entry's own hash), a deleted or swapped entry (index and prev-hash
 * links), truncation (a signed checkpoint beyond the end) and a forged checkpoint (its signature).
 * Entries after the last checkpoint are protected by the chain only: cutting them off is
 * detectable only against the next checkpoint, so writers checkpoint on close (see docs/audit.md).
 */
export function verifyAuditLog(records: readonly AuditRecord[], checkpoints: readonly AuditCheckpoint[], deps: { readonly sha256: Sha256Text; readonly verify: CheckpointVerifier }): AuditVerdict {
  let worst = firstBadRecord(records, deps.sha256);
  for (const cp of checkpoints) {
    if (worst !== undefined && cp.index >= worst.index) continue;
    const problem = checkpointProblem(cp, records, deps.verify);
    if (problem !== undefined && (worst === undefined || problem.index < worst.index)) worst = problem;
  }
  if (worst !== undefined) return { ok: false, firstBadIndex: worst.index, reason: worst.reason, detail: worst.detail };
  const lastSealed = checkpoints.reduce((max, cp) => Math.max(max, cp.index), -1);
  return { ok: true, entries: records.length, checkpoints: checkpoints.length, unsealedTail: records.length - 1 - lastSealed };
}
