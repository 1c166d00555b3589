/**
 * The standard MO descriptions Bootbench ships, keyed by MOID, with their asset file names.
 *
 * These models are the source of `assets/ddf/*.xml` (`bootbench ddf standard --out assets/ddf`
 * regenerates them; a test keeps the two identical), so src-shared has them without any I/O.
 */
import type { DdfDocument } from '../ddf/model.js';
import { DACMO_DDF, DEVINFO_DDF, DMACC_DDF, SESSIONINFO_DDF } from './standard-ddfs-dm.js';
import { CONNMO_NAP_DDF, CONNMO_PROXY_DDF, DCMO_DDF, DIAGMON_DDF, FUMO_DDF, LAWMO_DDF, SCOMO_DDF } from './standard-ddfs-functional.js';
import {
  MOID_CONNMO_NAP,
  MOID_CONNMO_PROXY,
  MOID_DACMO,
  MOID_DCMO,
  MOID_DEVINFO,
  MOID_DIAGMON,
  MOID_DMACC,
  MOID_FUMO,
  MOID_LAWMO,
  MOID_SCOMO,
  MOID_SESSIONINFO,
  type StandardMoid,
} from './moids.js';

/** One shipped standard MO description. */
export interface StandardDdf {
  readonly moid: StandardMoid;
  /** Asset file name under `assets/ddf/`. */
  readonly fileName: string;
  readonly document: DdfDocument;
}

/** Every standard MO description, in {@link MOIDS_WITH_DDF} order. */
export const STANDARD_DDFS: readonly StandardDdf[] = [
  { moid: MOID_DMACC, fileName: 'dm-dmacc-1.2.xml', document: DMACC_DDF },
  { moid: MOID_DEVINFO, fileName: 'dm-devinfo-1.2.xml', document: DEVINFO_DDF },
  { moid: MOID_SESSIONINFO, fileName: 'dm-sessioninfo-1.0.xml', document: SESSIONINFO_DDF },
  { moid: MOID_DACMO, fileName: 'dm-dacmo-1.0.xml', document: DACMO_DDF },
  { moid: MOID_FUMO, fileName: 'fumo-1.0.xml', document: FUMO_DDF },
  { moid: MOID_SCOMO, fileName: 'scomo-1.0.xml', document: SCOMO_DDF },
  { moid: MOID_LAWMO, fileName: 'lawmo-1.0.xml', document: LAWMO_DDF },
  { moid: MOID_DCMO, fileName: 'dcmo-1.0.xml', document: DCMO_DDF },
  { moid: MOID_DIAGMON, fileName: 'diagmon-1.0.xml', document: DIAGMON_DDF },
  { moid: MOID_CONNMO_NAP, fileName: 'connmo-nap-1.0.xml', document: CONNMO_NAP_DDF },
  { moid: MOID_CONNMO_PROXY, fileName: 'connmo-proxy-1.0.xml', document: CONNMO_PROXY_DDF },
];

/** The standard description of an MOID, if Bootbench ships one. */
export function standardDdf(moid: string): StandardDdf | undefined {
  return STANDARD_DDFS.find((d) => d.moid === moid);
}
