/**
 * Typed DevInfo (1.2, `urn:oma:mo:oma-dm-devinfo:1.2`) builder and reader over MOData.
 *
 * Node layout: digest §11.2 and `assets/ddf/dm-devinfo-1.2.xml`. MOData root key `DevInfo`.
 * Readers also accept entries under the legacy `urn:oma:mo:oma-dm-devinfo:1.0` MOID.
 */
import { z } from 'zod';
import { ProvisioningError } from '../../errors/provisioning-error.js';
import { err, ok, type Result } from '../../util/result.js';
import { instanceClientUri, invalid, isPlainRecord, only, record, type MoDataValue, type MoEntryJson } from './mo-entry.js';
import { MOID_DEVINFO, MOID_DEVINFO_LEGACY } from './moids.js';

const Text = z.string().min(1).max(255);

/** Device information, as a device reports it. */
export const DevInfo = z.strictObject({
  /** URN-like identifier: `IMEI:…`, `ESN:…`, `MEID:…`, `urn:uuid:…` (also the OMADM-DevID header). */
  devId: z
    .string()
    .max(255)
    .regex(/^(IMEI:[0-9]{14,16}|ESN:[0-9A-Fa-f]{8}|MEID:[0-9A-Fa-f]{14}|urn:uuid:[0-9a-fA-F-]{36}|[A-Za-z][A-Za-z0-9.+-]*:\S+)$/, 'must be URN-like, e.g. IMEI:…'),
  man: Text,
  mod: Text,
  dmV: Text,
  lang: Text,
  devType: Text,
  oem: Text,
  fwV: Text,
  swV: Text,
  hwV: Text,
});
/** Validated device information. */
export type DevInfo = z.output<typeof DevInfo>;

const NODES = [
  ['devId', 'DevID'],
  ['man', 'Man'],
  ['mod', 'Mod'],
  ['dmV', 'DmV'],
  ['lang', 'Lang'],
  ['devType', 'DevType'],
  ['oem', 'OEM'],
  ['fwV', 'FwV'],
  ['swV', 'SwV'],
  ['hwV', 'HwV'],
] as const satisfies readonly (readonly [keyof DevInfo, string])[];

/** The MOData object: `{ DevInfo: { DevID, Man, Mod, DmV, Lang, DevType, OEM, FwV, SwV, HwV } }`. */
export function devInfoMoData(input: DevInfo): { readonly DevInfo: MoDataValue } {
  const parsed = DevInfo.safeParse(input);
  if (!parsed.success) throw invalid('device information', parsed.error);
  const node: { [name: string]: MoDataValue } = {};
  for (const [field, name] of NODES) node[name] = parsed.data[field];
  return { DevInfo: node };
}

/** The MO serialization entry for the DevInfo instance `miid`. */
export function devInfoEntry(info: DevInfo, miid: string): MoEntryJson {
  return { ClientURI: instanceClientUri(MOID_DEVINFO, miid), MOData: devInfoMoData(info) };
}

/** Reads DevInfo from MOData (`{ DevInfo: {...} }`); `Bearer` and `Ext` are allowed and ignored. */
export function readDevInfo(moData: unknown): Result<DevInfo, ProvisioningError> {
  try {
    const fields = record(only(moData, 'DevInfo', 'MOData'), 'DevInfo', [...NODES.map(([, n]) => n), 'Bearer', 'Ext']);
    const candidate: Record<string, unknown> = {};
    for (const [field, name] of NODES) candidate[field] = fields[name];
    const parsed = DevInfo.safeParse(candidate);
    return parsed.success ? ok(parsed.data) : err(invalid('DevInfo MOData', parsed.error));
  } catch (error) {
    if (error instanceof ProvisioningError) return err(error);
    throw error;
  }
}

/** Reads a DevInfo serialization entry, accepting the 1.2 and legacy 1.0 MOIDs. */
export function readDevInfoEntry(entry: unknown): Result<DevInfo, ProvisioningError> {
  if (!isPlainRecord(entry) || typeof entry['ClientURI'] !== 'string') return err(new ProvisioningError('INVALID_REQUEST', 'entry needs a ClientURI'));
  const uri = entry['ClientURI'];
  if (!uri.startsWith(`${MOID_DEVINFO}/`) && !uri.startsWith(`${MOID_DEVINFO_LEGACY}/`)) {
    return err(new ProvisioningError('INVALID_REQUEST', 'entry is not a DevInfo instance'));
  }
  return readDevInfo(entry['MOData']);
}
