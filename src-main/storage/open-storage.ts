import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { Clock } from '../../src-shared/ports/clock.js';
import { auditStore, type AuditStore } from './audit-store.js';
import { allocateForDevice, type DeviceIdentity, type DeviceIdentityKey } from './device-identity-store.js';
import { allocateIdentity, type AllocatedIdentity, type IdentityKind } from './identity-store.js';
import { migrationProvider } from './migrations.js';
import { profileStore, type ProfileStore } from './profile-store.js';
import { runStore, type RunStore } from './run-store.js';
import type { StorageDatabase } from './schema.js';
import { writeLockFor, type StorageKind } from './write-lock.js';
import { systemClock } from '../platform/node-ports.js';

/** Where the data lives: an embedded SQLite file (default) or a PostgreSQL database shared by a fleet. */
export type StorageOptions =
  | {
      readonly kind: 'sqlite';
      readonly file: string;
      readonly busyTimeoutMs?: number;
      /**
       * `full` (default): every commit is fsynced before it returns — required for the audit log.
       * `normal`: WAL commits are fsynced only at WAL checkpoints (same locking, same isolation; the
       * last commits can be lost on power failure). Only for tests and throw-away data.
       */
      readonly durability?: 'full' | 'normal';
    }
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly poolSize?: number };

/** The typed storage API every station component uses; one implementation per dialect underneath. */
export interface Storage {
  readonly kind: StorageKind;
  /** The typed query builder, for read-only reporting queries not covered below. */
  readonly db: Kysely<StorageDatabase>;
  readonly audit: AuditStore;
  readonly profiles: ProfileStore;
  readonly runs: RunStore;
  /** Allocates an identity unique across all stations sharing this database. */
  allocate(kind: IdentityKind, stationId: string): Promise<AllocatedIdentity>;
  /**
   * The identity of `kind` a device holds under a profile version: allocated once (by whichever
   * station comes first), then the same one for every later call. `ownerTag` is what the registry
   * row records as its allocator. @default ownerTag stationId
   */
  allocateFor(kind: IdentityKind, stationId: string, key: DeviceIdentityKey, ownerTag?: string): Promise<DeviceIdentity>;
  close(): Promise<void>;
}


/**
 * Opens SQLite with WAL and `synchronous=FULL`: every commit (each audit append) is fsynced to the
 * WAL before it returns. NORMAL would lose the last commits on power loss, which an audit log must
 * not; test/bench/audit-append.bench.ts measures the cost against a raw fdatasync'd append.
 */
function openSqlite(file: string, busyTimeoutMs: number, durability: 'full' | 'normal'): Kysely<StorageDatabase> {
  // better-sqlite3 13's prebuilt addon segfaults on Node 20 (TOOLCHAIN.md); refuse instead of crashing.
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22) {
    throw new ProvisioningError('INTERNAL', `SQLite storage needs Node 22 or later (this is Node ${process.versions.node}): run bootbench through npm (pinned Node 22) or Electron, or use PostgreSQL with --database-url`);
  }
  let raw: Database.Database;
  try {
    raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    raw.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
    raw.pragma('foreign_keys = ON');
    raw.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  } catch (cause) {
    throw new ProvisioningError('NOT_FOUND', `Cannot open the SQLite database ${file}`, { cause });
  }
  return new Kysely<StorageDatabase>({ dialect: new SqliteDialect({ database: raw }) });
}

/** Applies pending migrations; SQLite holds the write lock across them so two processes never race. */
async function migrate(kind: StorageKind, db: Kysely<StorageDatabase>): Promise<void> {
  const run = async (target: Kysely<StorageDatabase>) => {
    const { error } = await new Migrator({ db: target, provider: migrationProvider }).migrateToLatest();
    if (error !== undefined) throw new ProvisioningError('INTERNAL', 'Storage migration failed', { cause: error });
  };
  if (kind === 'postgres') return run(db); // Kysely takes an advisory lock on PostgreSQL itself
  await writeLockFor('sqlite', db)('migrate', async (conn) => {
    await run(conn);
  });
}

/**
 * Opens (creating and migrating as needed) the station storage.
 *
 * @example
 * const storage = await openStorage({ kind: 'sqlite', file: join(dataDir, 'bootbench.sqlite') });
 * const serial = await storage.allocate('serial', 'station-3');
 */
export async function openStorage(options: StorageOptions, clock: Clock = systemClock): Promise<Storage> {
  const kind = options.kind;
  const db =
    options.kind === 'sqlite'
      ? openSqlite(options.file, options.busyTimeoutMs ?? 30_000, options.durability ?? 'full')
      : new Kysely<StorageDatabase>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 }) }) });
  try {
    await sql`select 1`.execute(db);
  } catch (cause) {
    await db.destroy();
    const where = options.kind === 'sqlite' ? options.file : 'the PostgreSQL server';
    throw new ProvisioningError('NOT_FOUND', `Cannot reach ${kind} storage (${where}): ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  try {
    await migrate(kind, db);
  } catch (cause) {
    await db.destroy();
    if (cause instanceof ProvisioningError) throw cause;
    throw new ProvisioningError('NOT_FOUND', `Cannot open ${kind} storage`, { cause });
  }
  const locked = writeLockFor(kind, db);
  const nowIso = () => new Date(clock.nowMs()).toISOString();
  return {
    kind,
    db,
    audit: auditStore(db, locked),
    profiles: profileStore(db, locked),
    runs: runStore(db, locked),
    allocate: (identityKind, stationId) => allocateIdentity(db, kind, locked, identityKind, stationId, nowIso()),
    allocateFor: (identityKind, stationId, key, ownerTag) => allocateForDevice(db, locked, identityKind, stationId, ownerTag ?? stationId, key, nowIso()),
    close: () => db.destroy(),
  };
}
