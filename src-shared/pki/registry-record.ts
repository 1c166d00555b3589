import { z } from 'zod';
import { KeyInfo } from './summary.js';

/** Where a device certificate's private key came from. */
export const KeySource = z.enum(['device-csr', 'station-generated']);
/** Where a device certificate's private key came from. */
export type KeySource = z.output<typeof KeySource>;

/** One line of the issued-certificate registry: every certificate the station CA ever signed. */
export const IssuedRecord = z.object({
  serialHex: z.string().regex(/^[0-9a-f]+$/),
  fingerprintSha256: z.string().regex(/^[0-9a-f]{64}$/),
  deviceId: z.string().min(1),
  subject: z.string(),
  profileVersion: z.string().nullable(),
  keySource: KeySource,
  key: KeyInfo,
  issuedAt: z.iso.datetime(),
  notAfter: z.iso.datetime(),
  caFingerprintSha256: z.string().regex(/^[0-9a-f]{64}$/),
});
/** One line of the issued-certificate registry. */
export type IssuedRecord = z.output<typeof IssuedRecord>;

/** Lifecycle of a station CA: `active` signs; `retired` stays a trust anchor after rotation. */
export const CaState = z.enum(['active', 'retired']);
/** Lifecycle of a station CA. */
export type CaState = z.output<typeof CaState>;

/** How a CA's private key is protected at rest. */
export const ProtectorKind = z.enum(['passphrase-scrypt', 'safe-storage']);
/** How a CA's private key is protected at rest. */
export type ProtectorKind = z.output<typeof ProtectorKind>;

/** One CA generation as the status view shows it. */
export const CaEntry = z.object({
  id: z.string().regex(/^[0-9a-f]{16}$/),
  state: CaState,
  subject: z.string(),
  key: KeyInfo,
  fingerprintSha256: z.string().regex(/^[0-9a-f]{64}$/),
  notAfter: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  retiredAt: z.iso.datetime().nullable(),
  protector: ProtectorKind,
});
/** One CA generation as the status view shows it. */
export type CaEntry = z.output<typeof CaEntry>;

/** The station CA status: the active CA (if any), the retired ones, and how many certificates were issued. */
export const CaStatus = z.object({
  initialized: z.boolean(),
  active: CaEntry.nullable(),
  retired: z.array(CaEntry),
  issuedCount: z.number().int().nonnegative(),
});
/** The station CA status. */
export type CaStatus = z.output<typeof CaStatus>;
