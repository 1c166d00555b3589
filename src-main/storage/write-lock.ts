import { sql, type Kysely, type Transaction } from 'kysely';
import type { StorageDatabase } from './schema.js';

/** Which database engine a storage runs on. */
export type StorageKind = 'sqlite' | 'postgres';

/** Runs `body` holding the database's write lock for `resource`, in one transaction. */
export type WriteLocked = <T>(resource: string, body: (tx: Kysely<StorageDatabase>) => Promise<T>) => Promise<T>;

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
      db.transaction().execute(async (tx: Transaction<StorageDatabase>) => {
        await sql`select pg_advisory_xact_lock(${lockId(resource)})`.execute(tx);
        return body(tx);
      });
  }
  return (_resource, body) =>
    db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const result = await body(conn);
        await sql`commit`.execute(conn);
        return result;
      } catch (error) {
        await sql`rollback`.execute(conn);
        throw error;
      }
    });
}
