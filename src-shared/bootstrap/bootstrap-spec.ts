/**
 * The JSON bootstrap description a cable bootstrap installs (docs/cable-bootstrap.md §3): DM
 * accounts, trust anchors and initial-configuration MOs with the rights other servers get on them.
 * Parsed from `unknown` with zod at the edge; everything inside works on {@link BootstrapSpec}.
 */
import { z } from 'zod';
import { ProvisioningError } from '../errors/provisioning-error.js';
import { DmAccAccount } from '../protocol/mo/dmacc.js';
import { Miid } from '../protocol/mo/mo-entry.js';
import { fromBase64 } from '../util/base64.js';
import { RIGHTS } from '../protocol/dm/tree/types.js';
import { err, ok, type Result } from '../util/result.js';

const MoDataValue: z.ZodType<unknown> = z.lazy(() => z.union([z.string().max(65_536), z.record(z.string().min(1).max(255), MoDataValue)]));

const B64 = z.string().max(8192).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
const bytes = (text: string): Uint8Array => fromBase64(text) ?? new Uint8Array(0);

/**
 * One account in JSON form (binary values base64) with the MIID its DMAcc instance gets on the
 * device; parsed into the typed {@link DmAccAccount} plus `miid`.
 */
export const BootstrapAccount = z
  .strictObject({
    miid: Miid,
    srvId: z.string().min(1).max(255),
    srvUri: z.string().min(1).max(2048),
    name: z.string().min(1).max(255),
    permittedMoids: z.array(z.string().min(1).max(255)).min(1).max(256),
    /** The station issues this account's Auth/Trsp credential per device (Data = DevID, Secret derived). */
    issueTrspSecret: z.boolean().default(false),
    /** The station issues this account's Auth/Noti credential per device (Data = DevID, Secret derived). */
    issueNotiSecret: z.boolean().default(false),
    /** Length of the derived Trsp secret (`issueTrspSecret`), bytes. */
    trspSecretBytes: z.number().int().min(16).max(64).default(32),
    /**
     * The station CA certifies this account's key per device. `keySource: station` (the
     * `station-key` policy): the station generates the key; Auth/Trsp Data = the certificate (DER),
     * Secret = the key (PKCS#8 DER). `device` (`device-csr`): the device generates it through its
     * KeyGen MO and returns a CSR in the same session; Data = the certificate, no Secret.
     */
    issueCertificate: z
      .strictObject({ keyType: z.enum(['ec-p256', 'rsa-2048']), validityDays: z.number().int().min(1).max(3650), keySource: z.enum(['station', 'device']).default('station') })
      .optional(),
    auth: z
      .strictObject({
        trsp: z.strictObject({ data: B64, secret: B64 }).optional(),
        noti: z.strictObject({ type: z.number().int().min(0), data: B64, secret: B64 }).optional(),
      })
      .optional(),
  })
  .transform((a, ctx) => {
    const { miid, auth, issueTrspSecret, issueNotiSecret, trspSecretBytes, issueCertificate, ...rest } = a;
    if (issueNotiSecret && auth?.noti !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'give auth.noti or issueNotiSecret, not both', path: ['issueNotiSecret'] });
      return z.NEVER;
    }
    if (issueTrspSecret && auth?.trsp !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'give auth.trsp or issueTrspSecret, not both', path: ['issueTrspSecret'] });
      return z.NEVER;
    }
    if (issueCertificate !== undefined && (issueTrspSecret || auth?.trsp !== undefined)) {
      ctx.addIssue({ code: 'custom', message: 'issueCertificate makes the Trsp credential: give no auth.trsp or issueTrspSecret with it', path: ['issueCertificate'] });
      return z.NEVER;
    }
    const candidate = {
      ...rest,
      ...(auth === undefined
        ? {}
        : {
            auth: {
              ...(auth.trsp === undefined ? {} : { trsp: { data: bytes(auth.trsp.data), secret: bytes(auth.trsp.secret) } }),
              ...(auth.noti === undefined ? {} : { noti: { type: auth.noti.type, data: bytes(auth.noti.data), secret: bytes(auth.noti.secret) } }),
            },
          }),
    };
    const checked = DmAccAccount.safeParse(candidate);
    if (!checked.success) {
      for (const issue of checked.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) });
      return z.NEVER;
    }
    return { miid, issueTrspSecret, issueNotiSecret, trspSecretBytes, ...(issueCertificate === undefined ? {} : { issueCertificate }), account: checked.data };
  });

/** One trust anchor: a CA certificate (base64 DER) installed as a trust-anchor MO instance. */
export const TrustAnchorSpec = z.strictObject({
  miid: Miid,
  name: z.string().min(1).max(255),
  certificate: z.string().min(4).max(65_536).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64 DER'),
});

/** Rights another server receives on a configuration instance. */
export const GrantSpec = z.strictObject({ srvId: z.string().min(1).max(255), rights: z.array(z.enum(RIGHTS)).min(1).max(4) });

/** One initial-configuration MO: an MO serialization element naming a concrete instance. */
export const ConfigSpec = z.strictObject({
  ClientURI: z.string().min(3).max(2048).regex(/^\S+\/[^\s/?#&%]+\/$/, 'must name an instance root: <MOID>/<MIID>/'),
  DDF: z.string().max(2048).optional(),
  MOData: z.record(z.string().min(1).max(255), MoDataValue).refine((o) => Object.keys(o).length === 1, 'MOData has exactly one root'),
  grants: z.array(GrantSpec).max(32).default([]),
});

/** The whole bootstrap description (version 1). */
export const BootstrapSpec = z.strictObject({
  version: z.literal(1),
  accounts: z.array(BootstrapAccount).min(1).max(16),
  trustAnchors: z.array(TrustAnchorSpec).max(64).default([]),
  config: z.array(ConfigSpec).max(256).default([]),
});

/** A validated bootstrap description. */
export type BootstrapSpec = z.output<typeof BootstrapSpec>;
/** A validated configuration entry. */
export type ConfigSpec = z.output<typeof ConfigSpec>;

/** MOID and MIID of a configuration entry's `ClientURI` (`<MOID>/<MIID>/`). */
export function configTarget(entry: ConfigSpec): { readonly moid: string; readonly miid: string } {
  const trimmed = entry.ClientURI.slice(0, -1);
  const cut = trimmed.lastIndexOf('/');
  return { moid: trimmed.slice(0, cut), miid: trimmed.slice(cut + 1) };
}

/**
 * Parses a bootstrap description from JSON text; a typed INVALID_REQUEST names the first problem.
 * Secrets in `auth` are never copied into the error.
 */
export function parseBootstrapSpec(text: string): Result<BootstrapSpec, ProvisioningError> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return err(new ProvisioningError('INVALID_REQUEST', 'bootstrap description is not valid JSON'));
  }
  const parsed = BootstrapSpec.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : issue.path.map(String).join('.');
    return err(new ProvisioningError('INVALID_REQUEST', `bootstrap description: ${where === '' ? '' : `${where}: `}${issue?.message ?? 'invalid'}`, { details: { path: where } }));
  }
  const miids = new Set<string>();
  for (const a of parsed.data.accounts) {
    if (miids.has(a.miid)) return err(new ProvisioningError('INVALID_REQUEST', `bootstrap description: account MIID ${a.miid} used twice`));
    miids.add(a.miid);
  }
  return ok(parsed.data);
}

/** A credential the station issued for one account of one device. */
export interface IssuedCredential {
  readonly miid: string;
  readonly data: Uint8Array<ArrayBuffer>;
  readonly secret: Uint8Array<ArrayBuffer>;
}

/** Notification-credential type written with an issued `Auth/Noti` (our decision: 0 = the Package#0 SHA-256 digest, digest §7.3). */
export const ISSUED_NOTI_TYPE = 0;

/**
 * The spec with issued credentials written into `auth.trsp` (and `noti` into `auth.noti`) of the
 * accounts that asked for them.
 */
export function withIssuedCredentials(spec: BootstrapSpec, issued: readonly IssuedCredential[], noti: readonly IssuedCredential[] = []): BootstrapSpec {
  return {
    ...spec,
    accounts: spec.accounts.map((a) => {
      const c = issued.find((i) => i.miid === a.miid);
      const n = noti.find((i) => i.miid === a.miid);
      if (c === undefined && n === undefined) return a;
      const auth = { ...a.account.auth, ...(c === undefined ? {} : { trsp: { data: c.data, secret: c.secret } }), ...(n === undefined ? {} : { noti: { type: ISSUED_NOTI_TYPE, data: n.data, secret: n.secret } }) };
      return { ...a, account: { ...a.account, auth } };
    }),
  };
}
