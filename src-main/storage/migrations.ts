import type { Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';

/**
 * The one ordered list of migrations for both dialects.
 *
 * Names sort in apply order. Only portable column types are used (`text`, `bigint`), so no
 * migration has a per-dialect branch; add a new entry for every change, never edit an applied one.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('identity_counters')
        .addColumn('kind', 'text', (c) => c.primaryKey())
        .addColumn('next_value', 'bigint', (c) => c.notNull())
        .execute();
      // One row per kind from the start, so allocation is a plain UPDATE (no insert race).
      await db
        .insertInto('identity_counters' as never)
        .values([{ kind: 'account-id', next_value: 1 }, { kind: 'serial', next_value: 1 }, { kind: 'credential-id', next_value: 1 }] as never)
        .execute();
      await db.schema
        .createTable('issued_identities')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .addColumn('station_id', 'text', (c) => c.notNull())
        .addColumn('allocated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('issued_identities_pk', ['kind', 'value'])
        .execute();
      await db.schema
        .createTable('profiles')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('profile_versions')
        .addColumn('hash', 'text', (c) => c.primaryKey())
        .addColumn('profile_id', 'text', (c) => c.notNull().references('profiles.id'))
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('profile_versions_by_profile').on('profile_versions').columns(['profile_id', 'created_at']).execute();
      await db.schema
        .createTable('profile_approvals')
        .addColumn('version_hash', 'text', (c) => c.notNull().references('profile_versions.hash'))
        .addColumn('signer', 'text', (c) => c.notNull())
        .addColumn('approved_by', 'text', (c) => c.notNull())
        .addColumn('approved_at', 'text', (c) => c.notNull())
        .addColumn('signature', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('profile_approvals_pk', ['version_hash', 'signer'])
        .execute();
      await db.schema
        .createTable('devices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('model', 'text')
        .addColumn('facts', 'text', (c) => c.notNull())
        .addColumn('first_seen', 'text', (c) => c.notNull())
        .addColumn('last_seen', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
        .addColumn('profile_version', 'text', (c) => c.notNull())
        .addColumn('station_id', 'text', (c) => c.notNull())
        .addColumn('slot', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('error', 'text')
        .execute();
      await db.schema.createIndex('runs_by_device').on('runs').columns(['device_id', 'started_at']).execute();
      await db.schema
        .createTable('run_journal')
        .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id'))
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('step', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('time', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('run_journal_pk', ['run_id', 'seq'])
        .execute();
      await db.schema
        .createTable('audit_entries')
        .addColumn('idx', 'bigint', (c) => c.primaryKey())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('audit_checkpoints')
        .addColumn('idx', 'bigint', (c) => c.primaryKey())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('time', 'text', (c) => c.notNull())
        .addColumn('station', 'text', (c) => c.notNull())
        .addColumn('signer', 'text', (c) => c.notNull())
        .addColumn('signature', 'text', (c) => c.notNull())
        .execute();
    },
  },
  /**
   * Per-device identity record: the identity of each kind a device holds under a profile version,
   * whichever station allocated it (the key makes a second allocation impossible; (kind, value)
   * ties it to the registry row).
   */
  '0002-device-identities': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('device_identities')
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('profile_version', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .addColumn('station_id', 'text', (c) => c.notNull())
        .addColumn('allocated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('device_identities_pk', ['device_id', 'profile_version', 'kind'])
        .addUniqueConstraint('device_identities_value', ['kind', 'value'])
        .execute();
    },
  },
};

/** Serves {@link MIGRATIONS} to Kysely's `Migrator` (no migration files on disk to lose or bundle). */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
