import type { Kysely } from 'kysely';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import { IDENTITY_KINDS, identityText, type AllocatedIdentity, type IdentityKind } from './identity-store.js';
import type { StorageDatabase } from './schema.js';
import type { WriteLocked } from './write-lock.js';

/**
 * The allocator a device's identity is registered under (`issued_identities.station_id`): the
 * station plus the device, so the registry shows whom each number went to.
 */
export function identityOwnerTag(stationId: string, devId: string): string {
  return `${stationId}|dev:${devId}`;
}

/** What a per-device identity is keyed by: the device and the profile version it is provisioned under. */
export interface DeviceIdentityKey {
  /** The device id (`IMEI:…`, `ICCID:…`). */
  readonly devId: string;
  /** The profile version (content hash) or bootstrap description digest. */
  readonly profileVersion: string;
}

/** A per-device identity and whether it was found (allocated earlier, by any station) or new. */
export interface DeviceIdentity {
  readonly identity: AllocatedIdentity;
  readonly reused: boolean;
  /** The station that allocated it. */
  readonly stationId: string;
}

/**
 * The identity of `kind` for one device under one profile version: the recorded one when there is
 * one (whichever station allocated it), else a new one, allocated and recorded in ONE transaction
 * under a write lock named after the key — so a crash never leaves an allocation without its
 * record, and two stations compiling the same device at once get the same identity.
 *
 * `ownerTag` goes into `issued_identities.station_id` (the registry of every allocation).
 */
export async function allocateForDevice(db: Kysely<StorageDatabase>, locked: WriteLocked, kind: IdentityKind, stationId: string, ownerTag: string, key: DeviceIdentityKey, nowIso: string): Promise<DeviceIdentity> {
  if (!(IDENTITY_KINDS as readonly string[]).includes(kind)) throw new ProvisioningError('INVALID_REQUEST', `Unknown identity kind ${String(kind)}`);
  if (stationId === '' || ownerTag === '') throw new ProvisioningError('INVALID_REQUEST', 'A station id is required to allocate an identity');
  if (key.devId === '' || key.profileVersion === '') throw new ProvisioningError('INVALID_REQUEST', 'A device identity needs a device id and a profile version');
  const find = async (q: Kysely<StorageDatabase>) =>
    q.selectFrom('device_identities').select(['value', 'station_id']).where('device_id', '=', key.devId).where('profile_version', '=', key.profileVersion).where('kind', '=', kind).executeTakeFirst();
  const seen = await find(db);
  if (seen !== undefined) return { identity: { kind, value: Number(seen.value), text: identityText(kind, Number(seen.value)) }, reused: true, stationId: seen.station_id };
  return locked(`device-identity:${kind}|${key.devId}|${key.profileVersion}`, async (tx) => {
    const again = await find(tx);
    if (again !== undefined) return { identity: { kind, value: Number(again.value), text: identityText(kind, Number(again.value)) }, reused: true, stationId: again.station_id };
    const row = await tx.updateTable('identity_counters').set((eb) => ({ next_value: eb('next_value', '+', 1) })).where('kind', '=', kind).returning('next_value').executeTakeFirstOrThrow();
    const value = Number(row.next_value) - 1;
    await tx.insertInto('issued_identities').values({ kind, value, station_id: ownerTag, allocated_at: nowIso }).execute();
    await tx.insertInto('device_identities').values({ device_id: key.devId, profile_version: key.profileVersion, kind, value, station_id: stationId, allocated_at: nowIso }).execute();
    return { identity: { kind, value, text: identityText(kind, value) }, reused: false, stationId };
  });
}
