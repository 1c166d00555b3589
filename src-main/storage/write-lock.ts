import { sql, type Kysely, type Transaction } from 'kysely';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { StorageDatabase } from './schema.js';

/** Which database engine a storage runs on. */
export type StorageKind = 'sqlite' | 'postgres';

/** Runs `body` holding the database's write lock for `resource`, in one transaction. */
export type WriteLocked = <T>(resource: string, body: (tx: Kysely<StorageDatabase>) => Promise<T>) => Promise<T>;

/**
 * Translates a database driver error at the storage edge: lock contention that outlived the busy
 * timeout (SQLite `SQLITE_BUSY*`, PostgreSQL lock/serialization/deadlock SQLSTATEs) is a retryable
 * INTERNAL error, anything else a plain INTERNAL; the driver error stays in `cause`.
 * ProvisioningErrors pass through unchanged.
 */
export function storageError(cause: unknown, what: string): ProvisioningError {
  if (cause instanceof ProvisioningError) return cause;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String((cause as { code: unknown }).code) : '';
  const busy = code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED' || code === '55P03' || code === '40001' || code === '40P01';
  const message = cause instanceof Error ? cause.message : String(cause);
  return new ProvisioningError('INTERNAL', `Storage ${what} failed${busy ? ' (database busy; retry)' : ''}: ${message}`, { cause, retryable: busy, details: { storageCode: code } });
}

/** A stable 31-bit id for a PostgreSQL advisory lock name. */
function lockId(resource: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < resource.length; i++) h = Math.imul(h ^ resource.charCodeAt(i), 0x01000193);
  return h & 0x7fffffff;
}

/**
 * The write lock per dialect, the one place the dialects differ in behaviour.
 *
 * SQLite: `BEGIN IMMEDIATE` on the single connection takes the database write lock up front, so two
 * processes never read the same head and then both write (a deferred BEGIN would fail with
 * SQLITE_BUSY on upgrade instead of waiting); `busy_timeout` makes the other process wait. Kysely's
 * SQLite driver has one connection behind a mutex, and `connection()` holds it for the whole body.
 * PostgreSQL: a transaction plus `pg_advisory_xact_lock(resource)`, released at commit or rollback.
 */
export function writeLockFor(kind: StorageKind, db: Kysely<StorageDatabase>): WriteLocked {
  if (kind === 'postgres') {
    return (resource, body) =>
      db
        .transaction()
        .execute(async (tx: Transaction<StorageDatabase>) => {
          await sql`select pg_advisory_xact_lock(${lockId(resource)})`.execute(tx);
          return body(tx);
        })
        .catch((cause: unknown) => {
          throw storageError(cause, `write (${resource})`);
        });
  }
  return (resource, body) =>
    db
      .connection()
      .execute(async (conn) => {
        await sql`begin immediate`.execute(conn);
        try {
          const result = await body(conn);
          await sql`commit`.execute(conn);
          return result;
        } catch (error) {
          await sql`rollback`.execute(conn);
          throw error;
        }
      })
      .catch((cause: unknown) => {
        throw storageError(cause, `write (${resource})`);
      });
}
