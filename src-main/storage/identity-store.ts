import { sql, type Kysely } from 'kysely';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { StorageDatabase } from './schema.js';
import { storageError, type StorageKind, type WriteLocked } from './write-lock.js';

/** The identities the station hands out. */
export const IDENTITY_KINDS = ['account-id', 'serial', 'credential-id'] as const;
/** One kind of allocated identity. */
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

/** One allocated identity: the number is unique per kind across every station on the database. */
export interface AllocatedIdentity {
  readonly kind: IdentityKind;
  readonly value: number;
  /** The printable form: `acct-000042`, `SN00000042`, `cred-000042`. */
  readonly text: string;
}

const PREFIX: Readonly<Record<IdentityKind, string>> = { 'account-id': 'acct-', serial: 'SN', 'credential-id': 'cred-' };

/** Printable form of an identity number. */
export function identityText(kind: IdentityKind, value: number): string {
  return `${PREFIX[kind]}${String(value).padStart(kind === 'serial' ? 8 : 6, '0')}`;
}

/**
 * Allocates the next identity of `kind` for `stationId`.
 *
 * PostgreSQL: one statement (`UPDATE … RETURNING` feeding an `INSERT` in a CTE); the counter row's
 * lock serializes stations and the statement is its own transaction. SQLite (no DML in a CTE):
 * `BEGIN IMMEDIATE`, bump, insert, commit. Either way the registry's primary key (kind, value)
 * would refuse a duplicate even if the locking were wrong, so a bug fails loud instead of silently.
 */
export async function allocateIdentity(db: Kysely<StorageDatabase>, dialect: StorageKind, locked: WriteLocked, kind: IdentityKind, stationId: string, nowIso: string): Promise<AllocatedIdentity> {
  if (!(IDENTITY_KINDS as readonly string[]).includes(kind)) throw new ProvisioningError('INVALID_REQUEST', `Unknown identity kind ${String(kind)}`);
  if (stationId === '') throw new ProvisioningError('INVALID_REQUEST', 'A station id is required to allocate an identity');
  let value: number;
  if (dialect === 'postgres') {
    const { rows } = await sql<{ value: string }>`
      with bumped as (update identity_counters set next_value = next_value + 1 where kind = ${kind} returning next_value - 1 as value)
      insert into issued_identities (kind, value, station_id, allocated_at) select ${kind}, value, ${stationId}, ${nowIso} from bumped returning value`
      .execute(db)
      .catch((cause: unknown) => {
        throw storageError(cause, `allocation (${kind})`);
      });
    if (rows[0] === undefined) throw new ProvisioningError('INTERNAL', `No counter row for ${kind}`);
    value = Number(rows[0].value);
  } else {
    value = await locked(`identity:${kind}`, async (tx) => {
      const row = await tx.updateTable('identity_counters').set((eb) => ({ next_value: eb('next_value', '+', 1) })).where('kind', '=', kind).returning('next_value').executeTakeFirstOrThrow();
      const next = Number(row.next_value) - 1;
      await tx.insertInto('issued_identities').values({ kind, value: next, station_id: stationId, allocated_at: nowIso }).execute();
      return next;
    });
  }
  return { kind, value, text: identityText(kind, value) };
}
