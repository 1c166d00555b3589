/**
 * Typed SessionInfo (1.0, `urn:oma:mo:oma-sessioninfomo:1.0`) builder and reader over MOData.
 *
 * The node list is UNKNOWN in the sources; ours (`assets/ddf/dm-sessioninfo-1.0.xml`): `CBT`
 * (current bearer type, PREFERRED-CON-TYPE code points 0 any, 1 cellular, 2 WLAN, 3 wireline;
 * INFERRED) and optional `ROAMING` (0 unknown, 1 home, 2 roaming; our coding). MOData root key
 * `SessionInfo`; int values travel as decimal strings (digest §5.3 examples: "3", "2").
 */
import { z } from 'zod';
import { ProvisioningError } from '../../errors/provisioning-error.js';
import { err, ok, type Result } from '../../util/result.js';
import { instanceClientUri, invalid, only, record, type MoDataValue, type MoEntryJson } from './mo-entry.js';
import { MOID_SESSIONINFO } from './moids.js';

/** Session context a device reports at session start. */
export const SessionInfo = z.strictObject({
  /** Current bearer type: 0 any, 1 cellular, 2 WLAN, 3 wireline. */
  cbt: z.number().int().min(0).max(3),
  /** Roaming state: 0 unknown, 1 home network, 2 roaming. */
  roaming: z.number().int().min(0).max(2).exactOptional(),
});
/** Validated session information. */
export type SessionInfo = z.output<typeof SessionInfo>;

/** The MOData object: `{ SessionInfo: { CBT, ROAMING? } }`. */
export function sessionInfoMoData(input: SessionInfo): { readonly SessionInfo: MoDataValue } {
  const parsed = SessionInfo.safeParse(input);
  if (!parsed.success) throw invalid('session information', parsed.error);
  const { cbt, roaming } = parsed.data;
  return { SessionInfo: roaming === undefined ? { CBT: String(cbt) } : { CBT: String(cbt), ROAMING: String(roaming) } };
}

/** The MO serialization entry for the SessionInfo instance `miid`. */
export function sessionInfoEntry(info: SessionInfo, miid: string): MoEntryJson {
  return { ClientURI: instanceClientUri(MOID_SESSIONINFO, miid), MOData: sessionInfoMoData(info) };
}

function code(value: unknown): unknown {
  return typeof value === 'string' && /^[0-9]{1,3}$/.test(value) ? Number(value) : value;
}

/** Reads SessionInfo from MOData (`{ SessionInfo: {...} }`); `Ext` is allowed and ignored. */
export function readSessionInfo(moData: unknown): Result<SessionInfo, ProvisioningError> {
  try {
    const fields = record(only(moData, 'SessionInfo', 'MOData'), 'SessionInfo', ['CBT', 'ROAMING', 'Ext']);
    const candidate = fields['ROAMING'] === undefined ? { cbt: code(fields['CBT']) } : { cbt: code(fields['CBT']), roaming: code(fields['ROAMING']) };
    const parsed = SessionInfo.safeParse(candidate);
    return parsed.success ? ok(parsed.data) : err(invalid('SessionInfo MOData', parsed.error));
  } catch (error) {
    if (error instanceof ProvisioningError) return err(error);
    throw error;
  }
}
