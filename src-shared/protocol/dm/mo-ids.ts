/** MOIDs of the DM 2.0 standard MOs (OMNA registry, digest §11). */
export const STANDARD_MOIDS = {
  dmAcc: 'urn:oma:mo:oma-dm-dmacc:1.2',
  devInfo: 'urn:oma:mo:oma-dm-devinfo:1.2',
  dacmo: 'urn:oma:mo:oma-dm-dacmo:1.0',
  sessionInfo: 'urn:oma:mo:oma-sessioninfomo:1.0',
} as const;
