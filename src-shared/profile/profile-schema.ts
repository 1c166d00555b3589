import { z } from 'zod';
import { Miid } from '../protocol/mo/mo-entry.js';

/** The schema tag every profile document carries (bumped on incompatible changes). */
export const PROFILE_SCHEMA = 'bootbench.profile/v1';

const Text = z.string().min(1).max(256);
const Hex = (what: string) =>
  z
    .string()
    .transform((s) => s.replace(/[\s:]/g, '').toLowerCase())
    .pipe(z.string().regex(/^(?:[0-9a-f]{2})+$/, `${what} must be hex bytes`));
const Hex4 = z
  .string()
  .regex(/^(?:0x)?[0-9a-fA-F]{4}$/, 'must be 4 hex digits, e.g. 1d6b')
  .transform((s) => s.replace(/^0x/, '').toLowerCase());
const Moid = z.string().min(1).max(255).regex(/^urn:\S+$/, 'must be a MOID URN, e.g. urn:oma:mo:oma-dm-devinfo:1.2');
const HttpsUri = z
  .string()
  .max(2048)
  .regex(/^https?:\/\/[^\s/?#]+\S*$/i, 'must be an http(s) URI');
const Name = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'must be a name: a letter, then letters, digits, - or _');

/** An ATR pattern: hex bytes, compared under an optional mask of the same length. */
export const AtrPattern = z
  .strictObject({ pattern: Hex('pattern'), mask: Hex('mask').optional() })
  .refine((a) => a.mask === undefined || a.mask.length === a.pattern.length, { message: 'mask must be as long as pattern', path: ['mask'] });
/** An ATR pattern. */
export type AtrPattern = z.output<typeof AtrPattern>;

/** Which devices a profile is for; every non-empty list must match. */
export const TargetMatch = z
  .strictObject({
    /** Model names; `*` matches any run of characters (`Acme X*`). */
    models: z.array(Text).max(256).default([]),
    usb: z.array(z.strictObject({ vid: Hex4, pid: Hex4 })).max(256).default([]),
    atr: z.array(AtrPattern).max(64).default([]),
  })
  .refine((t) => t.models.length + t.usb.length + t.atr.length > 0, 'a target needs at least one model, USB id or ATR pattern');
/** Which devices a profile is for. */
export type TargetMatch = z.output<typeof TargetMatch>;

/** How the account's client credential is made. */
export const CredentialPolicy = z.discriminatedUnion('kind', [
  /** The device generates its key and sends a CSR; the station CA issues. */
  z.strictObject({ kind: z.literal('device-csr'), keyType: z.enum(['ec-p256', 'rsa-2048']), validityDays: z.number().int().min(1).max(3650) }),
  /** The station generates the key and delivers it encrypted. */
  z.strictObject({ kind: z.literal('station-key'), keyType: z.enum(['ec-p256', 'rsa-2048']), validityDays: z.number().int().min(1).max(3650) }),
  /** A pre-shared key, generated per device (bytes), never stored in plaintext. */
  z.strictObject({ kind: z.literal('psk'), lengthBytes: z.number().int().min(16).max(64) }),
  z.strictObject({ kind: z.literal('none') }),
]);
/** How the account's client credential is made. */
export type CredentialPolicy = z.output<typeof CredentialPolicy>;

/** One DM server account: one per management authority, with the MOIDs it may manage. */
export const AccountSpec = z.strictObject({
  authority: Text,
  serverId: Text,
  serverUri: HttpsUri,
  /** Display name; may use templates (`Line 3 {serial}`). */
  name: Text,
  permittedMoids: z.array(Moid).min(1).max(256),
  credential: CredentialPolicy,
  notification: z.strictObject({ auth: z.enum(['none', 'shared-secret']) }).default({ auth: 'none' }),
});
/** One DM server account. */
export type AccountSpec = z.output<typeof AccountSpec>;

/** A trust anchor: inline PEM, or a reference (`station-ca` = the station's CA certificates). */
export const TrustAnchorSpec = z.union([
  z.strictObject({ name: Text, pem: z.string().regex(/-----BEGIN CERTIFICATE-----/, 'must hold a PEM certificate').max(65_536) }),
  z.strictObject({ name: Text, ref: z.enum(['station-ca']) }),
]);
/** A trust anchor. */
export type TrustAnchorSpec = z.output<typeof TrustAnchorSpec>;

const MoDataLeaf = z.union([z.string().max(65_536), z.number().finite(), z.boolean()]);
/**
 * MOData JSON (digest §6) as authored: nested objects with string leaves; numbers and booleans are
 * accepted for convenience (YAML `Port: 8080`) and written as their decimal / `true`/`false` text.
 */
export type MoDataTemplate = z.output<typeof MoDataLeaf> | { readonly [name: string]: MoDataTemplate };
const MoDataTemplate: z.ZodType<MoDataTemplate> = z.lazy(() => z.union([MoDataLeaf, z.record(z.string().min(1).max(128), MoDataTemplate)]));

/** One initial-configuration MO instance, written after the accounts; strings may use templates. */
export const InitialConfigSpec = z.strictObject({
  moid: Moid,
  miid: Miid,
  data: z.record(z.string().min(1).max(128), MoDataTemplate),
});
/** One initial-configuration MO instance. */
export type InitialConfigSpec = z.output<typeof InitialConfigSpec>;

/** Smartcard bootstrap: which accounts go onto the card, which readers/cards, and the PIN policy. */
export const SmartcardSpec = z.strictObject({
  /** serverIds of the accounts written to the card. */
  bootstrap: z.array(Text).min(1),
  cardAtr: z.array(AtrPattern).max(64).default([]),
  pin: z.strictObject({ policy: z.enum(['none', 'verify', 'change']), source: z.enum(['operator', 'csv']).default('operator') }),
});
/** Smartcard bootstrap. */
export type SmartcardSpec = z.output<typeof SmartcardSpec>;

/** A per-device counter: values start, start+step, …; `width` zero-pads. */
export const CounterSpec = z.strictObject({
  name: Name,
  start: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  step: z.number().int().min(1).max(1_000_000).default(1),
  width: z.number().int().min(0).max(20).default(0),
});
/** A per-device counter. */
export type CounterSpec = z.output<typeof CounterSpec>;

/** Per-device variables: counters, one CSV file keyed by IMEI or ICCID, and constants. */
export const VariablesSpec = z.strictObject({
  counters: z.array(CounterSpec).max(64).default([]),
  csv: z
    .strictObject({
      file: z.string().min(1).max(1024),
      keyColumn: z.enum(['imei', 'iccid']),
      /** The columns templates may use (checked against the file's header when it is loaded). */
      columns: z.array(Name).min(1).max(256),
    })
    .optional(),
  static: z.record(Name, z.string().max(4096)).default({}),
});
/** Per-device variables. */
export type VariablesSpec = z.output<typeof VariablesSpec>;

/** A provisioning profile (issue #8, DESIGN.md §6). */
export const ProfileSchema = z.strictObject({
  schema: z.literal(PROFILE_SCHEMA),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lower-case letters, digits and -'),
  name: Text,
  /** Human version label; the identity of a version is its content hash. */
  version: z.string().min(1).max(64),
  description: z.string().max(4096).optional(),
  target: TargetMatch,
  accounts: z.array(AccountSpec).min(1).max(16),
  trustAnchors: z.array(TrustAnchorSpec).max(64).default([]),
  initialConfig: z.array(InitialConfigSpec).max(256).default([]),
  smartcard: SmartcardSpec.optional(),
  variables: VariablesSpec.default({ counters: [], static: {} }),
});
/** A validated profile (defaults applied). */
export type Profile = z.output<typeof ProfileSchema>;
