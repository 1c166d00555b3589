/**
 * MOIDs of the standard management objects, and which of them have a DDF asset. The constants live
 * with the DM engine (`../dm/mo-ids.ts`), the bottom layer; this module re-exports them.
 */
import * as ids from '../dm/mo-ids.js';

export {
  MOID_DMACC,
  MOID_DEVINFO,
  MOID_DEVINFO_LEGACY,
  MOID_SESSIONINFO,
  MOID_DACMO,
  MOID_FUMO,
  MOID_SCOMO,
  MOID_LAWMO,
  MOID_DCMO,
  MOID_DIAGMON,
  MOID_CONNMO_NAP,
  MOID_CONNMO_PROXY,
} from '../dm/mo-ids.js';

/** Every standard MOID with a DDF asset, in a stable order. */
export const MOIDS_WITH_DDF = [
  ids.MOID_DMACC,
  ids.MOID_DEVINFO,
  ids.MOID_SESSIONINFO,
  ids.MOID_DACMO,
  ids.MOID_FUMO,
  ids.MOID_SCOMO,
  ids.MOID_LAWMO,
  ids.MOID_DCMO,
  ids.MOID_DIAGMON,
  ids.MOID_CONNMO_NAP,
  ids.MOID_CONNMO_PROXY,
] as const;

/** One of {@link MOIDS_WITH_DDF}. */
export type StandardMoid = (typeof MOIDS_WITH_DDF)[number];

/** True when the text is one of {@link MOIDS_WITH_DDF}. */
export function isStandardMoid(moid: string): moid is StandardMoid {
  return (MOIDS_WITH_DDF as readonly string[]).includes(moid);
}
