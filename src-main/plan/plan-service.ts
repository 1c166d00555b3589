/**
 * Station side of the plan compiler: loads a profile file, allocates the device's serial from the
 * station storage (so `{serial}` and `{counter:NAME}` are unique across stations), looks up its
 * CSV row, loads the station CA's trust anchors and calls the pure `compilePlan`.
 */
import { hkdfSync, randomBytes } from 'node:crypto';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import { compilePlan } from '../../src-shared/plan/compile-plan.js';
import type { Plan, PlanDeviceFacts, PlanFacts, PlanIssue, PlanPurpose, PlanVariables } from '../../src-shared/plan/plan-types.js';
import { PROFILE_SCHEMA, type Profile } from '../../src-shared/profile/profile-schema.js';
import { devIdOf } from '../../src-shared/bootstrap/factory-tree.js';
import { toHex } from '../../src-shared/util/bytes.js';
import { err, ok, type Result } from '../../src-shared/util/result.js';
import { CaStore } from '../pki/ca-store.js';
import { trustAnchorBundle } from '../pki/trust-anchors.js';
import { loadCsvVariables } from '../profile/csv-file.js';
import { formatIssue, loadProfileFile } from '../profile/profile-file.js';
import { identityOwnerTag, type DeviceIdentityKey } from '../storage/device-identity-store.js';
import type { Storage } from '../storage/open-storage.js';

/** Options of {@link compileProfilePlan}. */
export interface ProfilePlanOptions {
  /** The station profile file (YAML or JSON). */
  readonly file: string;
  readonly device: PlanDeviceFacts;
  readonly purpose: PlanPurpose;
  /** Station data directory: the CA store for `ref: station-ca` anchors. */
  readonly dataDir: string;
  /** Open station storage for allocations (the caller closes it). */
  readonly storage: Storage;
  /** This station's id, recorded with each allocation. */
  readonly stationId: string;
  /** Station credential key (≥ 32 bytes) the card PSKs are derived from; never stored. */
  readonly credentialKey?: Uint8Array;
}

/** A compiled plan with what it was compiled from. */
export interface CompiledProfilePlan {
  readonly plan: Plan;
  readonly profile: Profile;
  /** The profile version's content hash. */
  readonly hash: string;
  readonly facts: PlanFacts;
}

/** True when a profile's templates use `{serial}` or any counter (so a serial must be allocated). */
export function needsSerial(profile: Profile): boolean {
  const text = JSON.stringify([profile.accounts, profile.initialConfig]);
  return text.includes('{serial}') || text.includes('{counter:');
}

/**
 * The key of a device's allocation record, as runs name devices: `IMEI:<imei>` for handsets,
 * `ICCID:<iccid>` for cards, `ATR:<hex>` for a card without a readable ICCID; else none.
 */
export function allocationDevId(device: PlanDeviceFacts): string | undefined {
  if (device.imei !== undefined) return devIdOf(device.imei);
  if (device.iccid !== undefined) return `ICCID:${device.iccid}`;
  return device.atr === undefined ? undefined : `ATR:${toHex(device.atr)}`;
}

/**
 * Allocates the per-device variables. Counters: storage has one global `serial` sequence (unique
 * across every station on the database), so counter index = allocated serial number − 1; the
 * profile's `start`/`step`/`width` then format it. Counters are unique, not gap-free.
 *
 * With `key` (the device and the profile version hash) the serial comes from storage's per-device
 * identity record: the same device under the same profile version gets the same serial back, on
 * any station, however often its plan is compiled. Without a key each call allocates a new one.
 */
export async function allocateVariables(profile: Profile, storage: Storage, stationId: string, key?: DeviceIdentityKey): Promise<PlanVariables> {
  if (!needsSerial(profile)) return {};
  const serial = key === undefined ? await storage.allocate('serial', stationId) : (await storage.allocateFor('serial', stationId, key, identityOwnerTag(stationId, key.devId))).identity;
  const counters: Record<string, number> = {};
  for (const c of profile.variables.counters) counters[c.name] = serial.value - 1;
  return { serial: serial.text, counters };
}

/**
 * Card PSK derivation: HKDF-SHA256(key, salt = SrvID, info = "bootbench-card-psk|" + ICCID), so the
 * DM server holding the same key derives the same secret and the station stores none.
 */
export function cardSecretFrom(key: Uint8Array): (serverId: string, cardId: string, lengthBytes: number) => Uint8Array {
  return (serverId, cardId, lengthBytes) => new Uint8Array(hkdfSync('sha256', key, new TextEncoder().encode(serverId), new TextEncoder().encode(`bootbench-card-psk|${cardId}`), lengthBytes));
}

/** DER certificates of the station CA's trust-anchor bundle (empty when the station has no CA). */
export async function stationAnchors(dataDir: string): Promise<Uint8Array[]> {
  const bundle = await trustAnchorBundle(await CaStore.open(dataDir));
  return bundle.anchors.map((a) => a.der);
}

/**
 * Compiles the plan for one device from a profile file. An unreadable or invalid profile is a
 * typed ProvisioningError; a device the profile does not fit (or a policy the flow cannot honour)
 * is a list of plan issues.
 */
export async function compileProfilePlan(o: ProfilePlanOptions): Promise<Result<CompiledProfilePlan, readonly PlanIssue[]>> {
  const loaded = await loadProfileFile(o.file);
  if (!loaded.ok) throw new ProvisioningError('INVALID_REQUEST', `${loaded.source} is not a valid profile:\n${loaded.issues.map((i) => `  ${formatIssue(loaded.source, i)}`).join('\n')}`);
  const profile = loaded.profile;
  let csv: Readonly<Record<string, string>> | undefined;
  const csvSpec = profile.variables.csv;
  if (csvSpec !== undefined) {
    const key = o.device[csvSpec.keyColumn];
    if (key === undefined) return err([{ code: 'template', pointer: '/variables/csv/keyColumn', message: `the CSV is keyed by ${csvSpec.keyColumn}: give the device's ${csvSpec.keyColumn.toUpperCase()}` }]);
    csv = (await loadCsvVariables(o.file, csvSpec)).row(key);
    if (csv === undefined) return err([{ code: 'template', pointer: '/variables/csv/file', message: `${csvSpec.file} has no row for ${csvSpec.keyColumn} ${key}` }]);
  }
  const anchors = profile.trustAnchors.some((t) => 'ref' in t) ? await stationAnchors(o.dataDir) : [];
  const devId = allocationDevId(o.device);
  const variables = await allocateVariables(profile, o.storage, o.stationId, devId === undefined ? undefined : { devId, profileVersion: loaded.hash });
  const facts: PlanFacts = { device: o.device, variables: { ...variables, ...(csv === undefined ? {} : { csv }) } };
  // A preview without the key shows the card layout with a throw-away secret (masked, never written).
  const cardSecret = o.credentialKey !== undefined ? cardSecretFrom(o.credentialKey) : o.purpose === 'preview' ? (_s: string, _c: string, n: number) => new Uint8Array(randomBytes(n)) : undefined;
  const compiled = compilePlan(profile, facts, { purpose: o.purpose, stationAnchors: anchors, ...(cardSecret === undefined ? {} : { cardSecret }) });
  if (!compiled.ok) return compiled;
  return ok({ plan: compiled.value, profile, hash: loaded.hash, facts });
}

/** True when a file's text is a station profile (`schema: bootbench.profile/v1`) rather than a bootstrap description. */
export function isStationProfileText(text: string): boolean {
  if (text.trimStart().startsWith('{')) {
    try {
      const value: unknown = JSON.parse(text);
      return value !== null && typeof value === 'object' && (value as { schema?: unknown }).schema === PROFILE_SCHEMA;
    } catch {
      // not JSON: read it as YAML below
    }
  }
  return /^["']?schema["']?\s*:\s*["']?bootbench\.profile\/v1["']?\s*(?:#.*)?$/m.test(text);
}

/** One INVALID_REQUEST carrying every plan issue (for CLIs). */
export function planIssuesError(source: string, issues: readonly PlanIssue[]): ProvisioningError {
  return new ProvisioningError('INVALID_REQUEST', `no plan for this device from ${source}:\n${issues.map((i) => `  ${i.pointer === '' ? '' : `${i.pointer}: `}${i.message}`).join('\n')}`, { details: { issues: issues.map((i) => `${i.code} ${i.pointer}`) } });
}
