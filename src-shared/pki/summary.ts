import { z } from 'zod';
import { assertNever } from '../util/assert-never.js';

/**
 * Human-form summaries of credentials for the UI, the CLI and the registry.
 *
 * Plain data only (they cross IPC); summaries never carry private key material.
 */

/** The public key of a certificate, CSR or key pair. */
export const KeyInfo = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ec'), curve: z.string() }),
  z.object({ kind: z.literal('rsa'), bits: z.number().int().positive() }),
  z.object({ kind: z.literal('ed25519') }),
  z.object({ kind: z.literal('other'), name: z.string() }),
]);
/** The public key of a certificate, CSR or key pair. */
export type KeyInfo = z.output<typeof KeyInfo>;

/** Hex fingerprints (lower case, no separators) of a DER object. */
export const Fingerprints = z.object({ sha1: z.string().regex(/^[0-9a-f]{40}$/), sha256: z.string().regex(/^[0-9a-f]{64}$/) });
/** Hex fingerprints (lower case, no separators) of a DER object. */
export type Fingerprints = z.output<typeof Fingerprints>;

/** What a certificate says, in human form. */
export const CertificateSummary = z.object({
  subject: z.string(),
  issuer: z.string(),
  serialHex: z.string(),
  notBefore: z.iso.datetime(),
  notAfter: z.iso.datetime(),
  key: KeyInfo,
  signatureAlgorithm: z.string(),
  subjectAltNames: z.array(z.string()),
  extendedKeyUsages: z.array(z.string()),
  keyUsages: z.array(z.string()),
  isCa: z.boolean(),
  pathLength: z.number().int().nonnegative().nullable(),
  selfSigned: z.boolean(),
  subjectKeyId: z.string().nullable(),
  authorityKeyId: z.string().nullable(),
  fingerprints: Fingerprints,
});
/** What a certificate says, in human form. */
export type CertificateSummary = z.output<typeof CertificateSummary>;

/** What a PKCS#10 certification request says. */
export const CsrSummary = z.object({
  subject: z.string(),
  key: KeyInfo,
  subjectAltNames: z.array(z.string()),
  signatureValid: z.boolean(),
  publicKeySha256: z.string(),
});
/** What a PKCS#10 certification request says. */
export type CsrSummary = z.output<typeof CsrSummary>;

/** What a private key is, identified by the SHA-256 of its public key (never its secret parts). */
export const PrivateKeySummary = z.object({ key: KeyInfo, publicKeySha256: z.string() });
/** What a private key is, identified by the SHA-256 of its public key (never its secret parts). */
export type PrivateKeySummary = z.output<typeof PrivateKeySummary>;

/** Formats a key for one line of text, e.g. `EC P-256` or `RSA 2048`. */
export function describeKey(key: KeyInfo): string {
  switch (key.kind) {
    case 'ec':
      return `EC ${key.curve}`;
    case 'rsa':
      return `RSA ${key.bits}`;
    case 'ed25519':
      return 'Ed25519';
    case 'other':
      return key.name;
    default:
      return assertNever(key, 'unknown key kind');
  }
}
