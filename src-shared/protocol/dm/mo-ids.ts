/** MOIDs of the standard management objects Bootbench knows (OMNA registry, digest §11). */

/** DM Account for DM 2.0. */
export const MOID_DMACC = 'urn:oma:mo:oma-dm-dmacc:1.2';
/** Device information for DM 2.0. */
export const MOID_DEVINFO = 'urn:oma:mo:oma-dm-devinfo:1.2';
/** Legacy DevInfo MOID some DM 2.0 examples use; accepted from peers, never written (digest §11.2). */
export const MOID_DEVINFO_LEGACY = 'urn:oma:mo:oma-dm-devinfo:1.0';
/** Session information (bearer, roaming) the server reads at session start. */
export const MOID_SESSIONINFO = 'urn:oma:mo:oma-sessioninfomo:1.0';
/** Delegation Access Control MO: which server may do what on which MO instance. */
export const MOID_DACMO = 'urn:oma:mo:oma-dm-dacmo:1.0';
/** Firmware Update MO (the registry form; oneM2M's `omafumo` is a typo). */
export const MOID_FUMO = 'urn:oma:mo:oma-fumo:1.0';
/** Software Component MO. */
export const MOID_SCOMO = 'urn:oma:mo:oma-scomo:1.0';
/** Lock And Wipe MO. */
export const MOID_LAWMO = 'urn:oma:mo:oma-lawmo:1.0';
/** Device Capability MO. */
export const MOID_DCMO = 'urn:oma:mo:oma-dcmo:1.0';
/** Diagnostics and Monitoring MO. */
export const MOID_DIAGMON = 'urn:oma:mo:oma-diagmon:1.0';
/** ConnMO network access point. */
export const MOID_CONNMO_NAP = 'urn:oma:mo:oma-connmo-nap:1.0';
/** ConnMO proxy. */
export const MOID_CONNMO_PROXY = 'urn:oma:mo:oma-connmo-proxy:1.0';

/** The DM 2.0 core MOIDs by role (what the engine itself needs to know). */
export const STANDARD_MOIDS = {
  dmAcc: MOID_DMACC,
  devInfo: MOID_DEVINFO,
  dacmo: MOID_DACMO,
  sessionInfo: MOID_SESSIONINFO,
} as const;
