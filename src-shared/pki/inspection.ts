import { z } from 'zod';
import { CertificateSummary, CsrSummary, KeyInfo, PrivateKeySummary } from './summary.js';

/** How the credential input was encoded, as detected by the inspector. */
export const CredentialEncoding = z.enum(['pem', 'der', 'base64', 'hex', 'pkcs12']);
/** How the credential input was encoded, as detected by the inspector. */
export type CredentialEncoding = z.output<typeof CredentialEncoding>;

/** One object found in the input. */
export const CredentialItem = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('certificate'), certificate: CertificateSummary }),
  z.object({ kind: z.literal('private-key'), privateKey: PrivateKeySummary }),
  z.object({ kind: z.literal('public-key'), key: KeyInfo, publicKeySha256: z.string() }),
  z.object({ kind: z.literal('csr'), csr: CsrSummary }),
]);
/** One object found in the input. */
export type CredentialItem = z.output<typeof CredentialItem>;

/**
 * The checks the inspector runs, each with a stable code so the UI can explain and localise it.
 *
 * - `key-matches-certificate`: a private key and the leaf certificate share one public key.
 * - `csr-signature`: the CSR is signed by its own key (proof of possession).
 * - `validity`: the certificate is inside its validity period at inspection time.
 * - `issuer-found`: the issuer of a certificate is among the other certificates (or is itself).
 * - `signature`: the certificate's signature verifies with the issuer's key.
 * - `issuer-is-ca`: the issuer has basicConstraints cA=TRUE.
 * - `path-length`: the issuer's pathLenConstraint allows this many intermediates below it.
 * - `client-auth-eku`: a leaf carries extended key usage clientAuth (needed for DM TLS client auth).
 * - `chain`: a leaf's issuers, found by name, key identifier and signature, lead to a self-signed root.
 */
export const CheckCode = z.enum([
  'key-matches-certificate',
  'csr-signature',
  'validity',
  'issuer-found',
  'signature',
  'issuer-is-ca',
  'path-length',
  'client-auth-eku',
  'chain',
]);
/** Stable code of one inspector check. */
export type CheckCode = z.output<typeof CheckCode>;

/** The outcome of one check, with a sentence that explains it. */
export const CheckResult = z.object({
  code: CheckCode,
  passed: z.boolean(),
  /** Which object the check is about, e.g. the certificate's subject. */
  subject: z.string(),
  explanation: z.string(),
});
/** The outcome of one check, with a sentence that explains it. */
export type CheckResult = z.output<typeof CheckResult>;

/** Everything the inspector learned from one input. */
export const InspectionReport = z.object({
  encoding: CredentialEncoding,
  items: z.array(CredentialItem),
  checks: z.array(CheckResult),
});
/** Everything the inspector learned from one input. */
export type InspectionReport = z.output<typeof InspectionReport>;

/**
 * Why an input was refused, as a stable code.
 *
 * - `empty`: nothing but whitespace.
 * - `unrecognised`: not PEM, DER, base64, hex or PKCS#12.
 * - `malformed-pem`: PEM armour present but broken (unterminated, label mismatch, bad base64).
 * - `unsupported-pem`: a PEM label the station does not handle, or legacy encrypted PEM.
 * - `malformed-der`: the bytes decode as DER but not as any supported structure.
 * - `password-required` / `wrong-password`: a PKCS#12 file that needs a (different) password.
 * - `too-large`: larger than the inspector accepts.
 */
export const RefusalCode = z.enum([
  'empty',
  'unrecognised',
  'malformed-pem',
  'unsupported-pem',
  'malformed-der',
  'password-required',
  'wrong-password',
  'too-large',
]);
/** Why an input was refused, as a stable code. */
export type RefusalCode = z.output<typeof RefusalCode>;

/** A refused input: a code plus a sentence for the user. */
export const InspectionRefusal = z.object({ code: RefusalCode, explanation: z.string().min(1) });
/** A refused input: a code plus a sentence for the user. */
export type InspectionRefusal = z.output<typeof InspectionRefusal>;

/** The inspector's answer: a report, or an explained refusal (bad input is data, not a crash). */
export type InspectionOutcome =
  | { readonly ok: true; readonly report: InspectionReport }
  | { readonly ok: false; readonly refusal: InspectionRefusal };
