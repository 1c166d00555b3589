import { createHash, createPublicKey, type KeyObject, type X509Certificate } from 'node:crypto';
import { childAt, oidText, readWhole, readTlv, TAG, childrenOf } from '../../src-shared/pki/der.js';
import { EKU_NAMES, OID } from '../../src-shared/pki/oids.js';
import type { CertificateSummary, CsrSummary, PrivateKeySummary } from '../../src-shared/pki/summary.js';
import { toHex } from '../../src-shared/util/bytes.js';
import { keyInfoOf, publicKeySha256 } from './keys.js';
import { nameToText, parseCertificate, parseCsr, verifyCsrSignature, type ParsedExtension } from './x509-parse.js';

/** Human names of signature algorithms. */
const SIGNATURE_NAMES: Readonly<Record<string, string>> = {
  [OID.ecdsaWithSha256]: 'ecdsa-with-SHA256', '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384', '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  [OID.sha256WithRsa]: 'sha256WithRSAEncryption', '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption', '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption', '1.2.840.113549.1.1.10': 'RSASSA-PSS', '1.3.101.112': 'Ed25519',
};

const KEY_USAGE_NAMES = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];

function keyUsagesOf(ext: ParsedExtension | undefined): string[] {
  if (ext === undefined) return [];
  const bits = readWhole(ext.value).content.subarray(1);
  return KEY_USAGE_NAMES.filter((_, i) => ((bits[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0);
}

/** pathLenConstraint of a basicConstraints extension, or null when absent. */
function pathLengthOf(ext: ParsedExtension | undefined): number | null {
  if (ext === undefined) return null;
  const len = childrenOf(readWhole(ext.value)).find((n) => n.tag === TAG.integer);
  return len === undefined ? null : len.content.reduce((acc, b) => acc * 256 + b, 0);
}

/** Subject text from node's multi-line form. */
export const oneLine = (name: string): string => name.split('\n').filter(Boolean).join(', ');

/** Human summary of a certificate (parsed by OpenSSL through node:crypto, extensions read at DER level). */
export function summarizeCertificate(cert: X509Certificate): CertificateSummary {
  const der = new Uint8Array(cert.raw);
  const parsed = parseCertificate(der);
  const ext = (oid: string) => parsed.extensions.find((e) => e.oid === oid);
  const ski = ext(OID.subjectKeyIdentifier);
  const aki = ext(OID.authorityKeyIdentifier);
  const akiId = aki === undefined ? undefined : childrenOf(readWhole(aki.value)).find((n) => n.tag === 0x80);
  const eku = ext(OID.extKeyUsage);
  const sigAlg = oidText(childAt(childAt(readWhole(der), 1, TAG.sequence), 0, TAG.oid));
  return {
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    serialHex: cert.serialNumber.toLowerCase(),
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    key: keyInfoOf(cert.publicKey),
    signatureAlgorithm: SIGNATURE_NAMES[sigAlg] ?? sigAlg,
    subjectAltNames: cert.subjectAltName === undefined ? [] : cert.subjectAltName.split(', '),
    extendedKeyUsages: eku === undefined ? [] : childrenOf(readWhole(eku.value)).map((n) => { const o = oidText(n); return EKU_NAMES[o] ?? o; }),
    keyUsages: keyUsagesOf(ext(OID.keyUsage)),
    isCa: cert.ca,
    pathLength: pathLengthOf(ext(OID.basicConstraints)),
    selfSigned: cert.issuer === cert.subject && cert.verify(cert.publicKey),
    subjectKeyId: ski === undefined ? null : toHex(readTlv(ski.value).content),
    authorityKeyId: akiId === undefined ? null : toHex(akiId.content),
    fingerprints: { sha1: createHash('sha1').update(der).digest('hex'), sha256: createHash('sha256').update(der).digest('hex') },
  };
}

/** Human summary of a CSR, including whether its self-signature verifies. */
export function summarizeCsr(der: Uint8Array): CsrSummary {
  const csr = parseCsr(der);
  const key = createPublicKey({ key: Buffer.from(csr.spki), format: 'der', type: 'spki' });
  return { subject: nameToText(csr.subjectName), key: keyInfoOf(key), subjectAltNames: csr.sanUris.map((u) => `URI:${u}`), signatureValid: verifyCsrSignature(csr), publicKeySha256: publicKeySha256(key) };
}

/** Summary of a private key: algorithm and public-key hash only, never secret parts. */
export function summarizePrivateKey(key: KeyObject): PrivateKeySummary {
  return { key: keyInfoOf(key), publicKeySha256: publicKeySha256(key) };
}
