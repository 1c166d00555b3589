import { createHash, type KeyObject, type X509Certificate } from 'node:crypto';
import type { Certificate } from '@peculiar/asn1-x509';
import { EKU_NAMES } from '../../src-shared/pki/oids.js';
import type { CertificateSummary, CsrSummary, PrivateKeySummary } from '../../src-shared/pki/summary.js';
import { keyInfoOf, publicKeySha256 } from './keys.js';
import { x509 } from './x509.js';
import { csrSanUris, nameToText, parseCertificate, readField, verifyCsrSignature, type ParsedCsr } from './x509-read.js';

/** Human names of signature algorithms, by OID. */
const SIGNATURE_NAMES: Readonly<Record<string, string>> = {
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256', '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384', '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption', '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption', '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption', '1.2.840.113549.1.1.10': 'RSASSA-PSS', '1.3.101.112': 'Ed25519',
};

/** Key usage names in bit order (RFC 5280 §4.2.1.3), paired with @peculiar/x509's flags. */
const KEY_USAGES: readonly (readonly [string, x509.KeyUsageFlags])[] = [
  ['digitalSignature', x509.KeyUsageFlags.digitalSignature], ['nonRepudiation', x509.KeyUsageFlags.nonRepudiation],
  ['keyEncipherment', x509.KeyUsageFlags.keyEncipherment], ['dataEncipherment', x509.KeyUsageFlags.dataEncipherment],
  ['keyAgreement', x509.KeyUsageFlags.keyAgreement], ['keyCertSign', x509.KeyUsageFlags.keyCertSign],
  ['cRLSign', x509.KeyUsageFlags.cRLSign], ['encipherOnly', x509.KeyUsageFlags.encipherOnly], ['decipherOnly', x509.KeyUsageFlags.decipherOnly],
];

/** OpenSSL's prefixes for general names, so summaries read like `openssl x509 -text`. */
const GENERAL_NAME_LABELS: Readonly<Record<string, string>> = {
  url: 'URI', dns: 'DNS', ip: 'IP Address', email: 'email', dn: 'DirName', id: 'Registered ID', guid: 'othername:GUID', upn: 'othername:UPN',
};

/** General names as `TYPE:value` text. */
const generalNamesText = (names: x509.GeneralNames): string[] => names.items.map((n) => `${GENERAL_NAME_LABELS[n.type] ?? n.type}:${n.value}`);

/** Subject text from node's multi-line form. */
export const oneLine = (name: string): string => name.split('\n').filter(Boolean).join(', ');

const parsedCertificates = new WeakMap<X509Certificate, { readonly asn: Certificate; readonly peculiar: x509.X509Certificate }>();

/**
 * A certificate read by the asn1-x509 schema and by @peculiar/x509 (once per node certificate).
 *
 * @throws ProvisioningError `CERT_INVALID` when the schema refuses it.
 */
export function readCertificate(cert: X509Certificate): { readonly asn: Certificate; readonly peculiar: x509.X509Certificate } {
  const cached = parsedCertificates.get(cert);
  if (cached !== undefined) return cached;
  const asn = parseCertificate(new Uint8Array(cert.raw));
  const read = { asn, peculiar: readField('certificate', () => new x509.X509Certificate(asn)) };
  parsedCertificates.set(cert, read);
  return read;
}

/**
 * Human summary of a certificate: fields and extensions read by @peculiar/x509, validity and
 * self-signature checked by OpenSSL through node:crypto.
 *
 * @throws ProvisioningError `CERT_INVALID` when an extension cannot be read.
 */
export function summarizeCertificate(cert: X509Certificate): CertificateSummary {
  const der = new Uint8Array(cert.raw);
  const { asn, peculiar: parsed } = readCertificate(cert);
  const sigAlg = asn.signatureAlgorithm.algorithm;
  const extensions = readField('certificate extensions', () => parsed.extensions);
  const ext = <T extends x509.Extension>(type: abstract new (...args: never[]) => T): T | null => extensions.find((e): e is T => e instanceof type) ?? null;
  const san = ext(x509.SubjectAlternativeNameExtension);
  const eku = ext(x509.ExtendedKeyUsageExtension);
  const ku = ext(x509.KeyUsagesExtension);
  const bc = ext(x509.BasicConstraintsExtension);
  const ski = ext(x509.SubjectKeyIdentifierExtension);
  const aki = ext(x509.AuthorityKeyIdentifierExtension);
  return {
    subject: readField('subject', () => parsed.subject),
    issuer: readField('issuer', () => parsed.issuer),
    serialHex: cert.serialNumber.toLowerCase(),
    notBefore: readField('certificate validity', () => new Date(cert.validFrom).toISOString()),
    notAfter: readField('certificate validity', () => new Date(cert.validTo).toISOString()),
    key: readField('certificate public key', () => keyInfoOf(cert.publicKey)),
    signatureAlgorithm: SIGNATURE_NAMES[sigAlg] ?? sigAlg,
    subjectAltNames: san === null ? [] : generalNamesText(san.names),
    extendedKeyUsages: eku === null ? [] : eku.usages.map((o) => EKU_NAMES[String(o)] ?? String(o)),
    keyUsages: ku === null ? [] : KEY_USAGES.filter(([, flag]) => (ku.usages & flag) !== 0).map(([name]) => name),
    isCa: cert.ca,
    pathLength: bc?.pathLength ?? null,
    selfSigned: readField('certificate signature', () => cert.issuer === cert.subject && cert.verify(cert.publicKey)),
    subjectKeyId: ski === null ? null : ski.keyId,
    authorityKeyId: aki?.keyId ?? null,
    fingerprints: { sha1: createHash('sha1').update(der).digest('hex'), sha256: createHash('sha256').update(der).digest('hex') },
  };
}

/** Verifies a CSR's self-signature with @peculiar/x509 (WebCrypto); natively where it has no algorithm. */
async function csrSignatureValid(request: x509.Pkcs10CertificateRequest, csr: ParsedCsr): Promise<boolean> {
  try {
    return await request.verify();
  } catch {
    return verifyCsrSignature(csr);
  }
}

/** Human summary of a parsed CSR: read and its self-signature verified by @peculiar/x509. */
export async function summarizeCsr(csr: ParsedCsr): Promise<CsrSummary> {
  const request = readField('certification request', () => new x509.Pkcs10CertificateRequest(csr.asn));
  const san = readField('CSR extensions', () => request.extensions.find((e) => e instanceof x509.SubjectAlternativeNameExtension));
  return {
    subject: nameToText(csr.subjectName),
    key: keyInfoOf(csr.publicKey),
    subjectAltNames: san === undefined ? csrSanUris(csr).map((u) => `URI:${u}`) : generalNamesText(san.names),
    signatureValid: await csrSignatureValid(request, csr),
    publicKeySha256: publicKeySha256(csr.publicKey),
  };
}

/** Summary of a private key: algorithm and public-key hash only, never secret parts. */
export function summarizePrivateKey(key: KeyObject): PrivateKeySummary {
  return { key: keyInfoOf(key), publicKeySha256: publicKeySha256(key) };
}
