import type { Kysely } from 'kysely';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { StorageDatabase } from './schema.js';
import type { WriteLocked } from './write-lock.js';

/** One stored profile version (the document is canonical JSON; its SHA-256 is `hash`). */
export interface StoredProfileVersion {
  readonly hash: string;
  readonly profileId: string;
  readonly name: string;
  readonly label: string;
  readonly document: string;
  readonly createdAt: string;
}

/** A station CA signature over a profile version hash. */
export interface ProfileApproval {
  readonly versionHash: string;
  /** SHA-256 fingerprint of the signing CA certificate. */
  readonly signer: string;
  readonly approvedBy: string;
  readonly approvedAt: string;
  /** Hex signature over the approval message (see src-main/profile/approval.ts). */
  readonly signature: string;
}

/** Profiles, their content-addressed versions and approvals. */
export interface ProfileStore {
  /** Stores a version (idempotent: the same hash is stored once); returns whether it was new. */
  putVersion(version: StoredProfileVersion): Promise<boolean>;
  getVersion(hash: string): Promise<StoredProfileVersion | undefined>;
  /** Versions of one profile, newest first. */
  listVersions(profileId: string): Promise<StoredProfileVersion[]>;
  /** Records an approval of a stored version. */
  approve(approval: ProfileApproval): Promise<void>;
  approvals(versionHash: string): Promise<ProfileApproval[]>;
}

/** The profile store over Kysely. */
export function profileStore(db: Kysely<StorageDatabase>, locked: WriteLocked): ProfileStore {
  return {
    putVersion: (v) =>
      locked('profiles', async (tx) => {
        await tx.insertInto('profiles').values({ id: v.profileId, name: v.name, created_at: v.createdAt }).onConflict((oc) => oc.column('id').doUpdateSet({ name: v.name })).execute();
        const existing = await tx.selectFrom('profile_versions').select('hash').where('hash', '=', v.hash).executeTakeFirst();
        if (existing !== undefined) return false;
        await tx.insertInto('profile_versions').values({ hash: v.hash, profile_id: v.profileId, label: v.label, document: v.document, created_at: v.createdAt }).execute();
        return true;
      }),
    async getVersion(hash) {
      const row = await db.selectFrom('profile_versions').innerJoin('profiles', 'profiles.id', 'profile_versions.profile_id').select(['hash', 'profile_id', 'name', 'label', 'document', 'profile_versions.created_at']).where('hash', '=', hash).executeTakeFirst();
      return row === undefined ? undefined : { hash: row.hash, profileId: row.profile_id, name: row.name, label: row.label, document: row.document, createdAt: row.created_at };
    },
    async listVersions(profileId) {
      const rows = await db.selectFrom('profile_versions').innerJoin('profiles', 'profiles.id', 'profile_versions.profile_id').select(['hash', 'profile_id', 'name', 'label', 'document', 'profile_versions.created_at']).where('profile_id', '=', profileId).orderBy('profile_versions.created_at', 'desc').execute();
      return rows.map((row) => ({ hash: row.hash, profileId: row.profile_id, name: row.name, label: row.label, document: row.document, createdAt: row.created_at }));
    },
    async approve(a) {
      const version = await db.selectFrom('profile_versions').select('hash').where('hash', '=', a.versionHash).executeTakeFirst();
      if (version === undefined) throw new ProvisioningError('NOT_FOUND', `No stored profile version ${a.versionHash}`);
      await db
        .insertInto('profile_approvals')
        .values({ version_hash: a.versionHash, signer: a.signer, approved_by: a.approvedBy, approved_at: a.approvedAt, signature: a.signature })
        .onConflict((oc) => oc.columns(['version_hash', 'signer']).doUpdateSet({ approved_by: a.approvedBy, approved_at: a.approvedAt, signature: a.signature }))
        .execute();
    },
    async approvals(versionHash) {
      const rows = await db.selectFrom('profile_approvals').selectAll().where('version_hash', '=', versionHash).orderBy('approved_at', 'asc').execute();
      return rows.map((r) => ({ versionHash: r.version_hash, signer: r.signer, approvedBy: r.approved_by, approvedAt: r.approved_at, signature: r.signature }));
    },
  };
}
