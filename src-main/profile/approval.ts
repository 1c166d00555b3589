import { canonicalBytes } from '../../src-shared/audit/canonical-json.js';
import type { CheckpointVerifier } from '../../src-shared/audit/verify.js';
import type { Profile } from '../../src-shared/profile/profile-schema.js';
import { toHex } from '../../src-shared/util/bytes.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { StationSigner } from '../audit/station-signer.js';
import type { ProfileApproval, StoredProfileVersion } from '../storage/profile-store.js';
import type { Storage } from '../storage/open-storage.js';

/** The bytes an approval signature covers (domain-separated from audit checkpoints). */
export function approvalMessage(a: Omit<ProfileApproval, 'signature'>): Uint8Array {
  return canonicalBytes({ kind: 'bootbench-profile-approval-v1', versionHash: a.versionHash, signer: a.signer, approvedBy: a.approvedBy, approvedAt: a.approvedAt });
}

/** True when the approval's signature is valid for its signer (a station CA certificate). */
export function verifyApproval(a: ProfileApproval, verify: CheckpointVerifier): boolean {
  return verify(approvalMessage(a), a.signature, a.signer);
}

/**
 * Stores a validated profile version (idempotent) and signs its content hash with the station CA.
 *
 * Returns the stored version and the approval; approving the same version again replaces the
 * approval by the same signer (a re-approval, e.g. by another engineer, is a new row per signer).
 * With `audit`, the approval is also a `profile.approve` step in the audit log.
 */
export async function approveProfile(
  storage: Storage,
  loaded: { readonly profile: Profile; readonly hash: string; readonly canonical: string },
  signer: StationSigner,
  approvedBy: string,
  nowIso: string,
  audit?: { readonly log: AuditLog; readonly station: string; readonly nowMs: number },
): Promise<{ readonly version: StoredProfileVersion; readonly approval: ProfileApproval; readonly isNewVersion: boolean }> {
  const version: StoredProfileVersion = { hash: loaded.hash, profileId: loaded.profile.id, name: loaded.profile.name, label: loaded.profile.version, document: loaded.canonical, createdAt: nowIso };
  const isNewVersion = await storage.profiles.putVersion(version);
  const unsigned = { versionHash: loaded.hash, signer: signer.id, approvedBy, approvedAt: nowIso };
  const approval: ProfileApproval = { ...unsigned, signature: toHex(signer.sign(approvalMessage(unsigned))) };
  await storage.profiles.approve(approval);
  if (audit !== undefined) {
    await audit.log.append({
      who: approvedBy,
      station: audit.station,
      slot: null,
      profileVersion: loaded.hash,
      model: null,
      deviceIds: {},
      fingerprints: [signer.id],
      step: 'profile.approve',
      result: 'info',
      error: null,
      timings: { startMs: audit.nowMs, durationMs: 0 },
      data: { profileId: loaded.profile.id, label: loaded.profile.version, isNewVersion },
    });
  }
  return { version: (await storage.profiles.getVersion(loaded.hash)) ?? version, approval, isNewVersion };
}
