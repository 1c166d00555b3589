/**
 * The storage schema as Kysely table types: one schema for SQLite and PostgreSQL.
 *
 * Portable choices keep the dialects identical: times are ISO-8601 UTC text, JSON documents are
 * text, counters and indexes are BIGINT (PostgreSQL returns them as strings, SQLite as numbers, so
 * readers go through `Number()`), and no table relies on autoincrement.
 */

/** A BIGINT column as either driver returns it. */
export type BigIntColumn = number | string | bigint;

/** Next free value per identity kind (shared by every station on the database). */
export interface IdentityCountersTable {
  kind: string;
  next_value: BigIntColumn;
}

/** Every allocated identity, unique per kind by primary key: the second guard against duplicates. */
export interface IssuedIdentitiesTable {
  kind: string;
  value: BigIntColumn;
  station_id: string;
  allocated_at: string;
}

/** The identity of each kind one device holds under one profile version (allocated once, by any station). */
export interface DeviceIdentitiesTable {
  device_id: string;
  profile_version: string;
  kind: string;
  value: BigIntColumn;
  station_id: string;
  allocated_at: string;
}

/** A profile (a stable id and its latest name). */
export interface ProfilesTable {
  id: string;
  name: string;
  created_at: string;
}

/** One content-addressed version of a profile: the hash is the canonical JSON's SHA-256. */
export interface ProfileVersionsTable {
  hash: string;
  profile_id: string;
  label: string;
  document: string;
  created_at: string;
}

/** A signature by a station CA over a profile version hash. */
export interface ProfileApprovalsTable {
  version_hash: string;
  signer: string;
  approved_by: string;
  approved_at: string;
  signature: string;
}

/** A device the station has seen (facts are JSON). */
export interface DevicesTable {
  id: string;
  model: string | null;
  facts: string;
  first_seen: string;
  last_seen: string;
}

/** One provisioning run of one device. */
export interface RunsTable {
  id: string;
  device_id: string;
  profile_version: string;
  station_id: string;
  slot: string | null;
  state: string;
  started_at: string;
  finished_at: string | null;
  error: string | null;
}

/** The durable journal of a run (resume after a crash). */
export interface RunJournalTable {
  run_id: string;
  seq: BigIntColumn;
  step: string;
  status: string;
  data: string;
  time: string;
}

/** The hash-chained audit log; `body` is the entry's canonical JSON. */
export interface AuditEntriesTable {
  idx: BigIntColumn;
  hash: string;
  prev_hash: string;
  body: string;
}

/** Signed audit checkpoints. */
export interface AuditCheckpointsTable {
  idx: BigIntColumn;
  hash: string;
  time: string;
  station: string;
  signer: string;
  signature: string;
}

/** The whole database. */
export interface StorageDatabase {
  identity_counters: IdentityCountersTable;
  issued_identities: IssuedIdentitiesTable;
  device_identities: DeviceIdentitiesTable;
  profiles: ProfilesTable;
  profile_versions: ProfileVersionsTable;
  profile_approvals: ProfileApprovalsTable;
  devices: DevicesTable;
  runs: RunsTable;
  run_journal: RunJournalTable;
  audit_entries: AuditEntriesTable;
  audit_checkpoints: AuditCheckpointsTable;
}
