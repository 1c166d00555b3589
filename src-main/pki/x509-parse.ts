import { createPublicKey, verify } from 'node:crypto';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import { childAt, childrenOf, oidText, readWhole, TAG, type DerNode } from '../../src-shared/pki/der.js';
import { OID } from '../../src-shared/pki/oids.js';

/**
 * Strict, bounds-checked reading of certificates and CSRs at the DER level.
 *
 * Used where the station needs raw bytes (issuer name, SPKI, extensions) that node:crypto's
 * X509Certificate does not expose. Malformed input raises `CERT_INVALID`.
 */

/** One extension as found in a certificate or CSR. */
export interface ParsedExtension {
  readonly oid: string;
  readonly critical: boolean;
  readonly value: Uint8Array;
}

/** The raw parts of a certificate. */
export interface ParsedCertificate {
  readonly tbs: Uint8Array;
  readonly serial: Uint8Array;
  readonly issuerName: Uint8Array;
  readonly subjectName: Uint8Array;
  readonly spki: Uint8Array;
  readonly extensions: readonly ParsedExtension[];
}

/** The raw parts of a PKCS#10 request. */
export interface ParsedCsr {
  readonly info: Uint8Array;
  readonly subjectName: Uint8Array;
  readonly spki: Uint8Array;
  readonly sanUris: readonly string[];
  readonly signatureAlgorithm: string;
  readonly signature: Uint8Array;
}

function parseExtensions(seq: DerNode): ParsedExtension[] {
  return childrenOf(seq).map((ext) => {
    const parts = childrenOf(ext);
    const [oid, second, third] = parts;
    if (oid === undefined || second === undefined) throw new ProvisioningError('CERT_INVALID', 'Malformed DER: extension without a value');
    const critical = second.tag === TAG.boolean && (second.content[0] ?? 0) !== 0;
    const value = second.tag === TAG.boolean ? third : second;
    if (value === undefined || value.tag !== TAG.octetString) throw new ProvisioningError('CERT_INVALID', 'Malformed DER: extension value is not an OCTET STRING');
    return { oid: oidText(oid), critical, value: value.content };
  });
}

/** Splits a certificate into its raw parts. */
export function parseCertificate(der: Uint8Array): ParsedCertificate {
  const cert = readWhole(der);
  const tbs = childAt(cert, 0, TAG.sequence);
  const fields = childrenOf(tbs);
  const base = fields[0]?.tag === 0xa0 ? 1 : 0;
  const at = (i: number, tag: number): DerNode => childAt(tbs, base + i, tag);
  const extWrapper = fields.slice(base + 6).find((f) => f.tag === 0xa3);
  return {
    tbs: tbs.raw,
    serial: at(0, TAG.integer).content,
    issuerName: at(2, TAG.sequence).raw,
    subjectName: at(4, TAG.sequence).raw,
    spki: at(5, TAG.sequence).raw,
    extensions: extWrapper === undefined ? [] : parseExtensions(childAt(extWrapper, 0, TAG.sequence)),
  };
}

/** URIs in a subjectAltName extension value (other name forms are skipped). */
export function sanUrisOf(value: Uint8Array): string[] {
  return childrenOf(readWhole(value))
    .filter((n) => n.tag === 0x86)
    .map((n) => String.fromCharCode(...n.content));
}

/** Splits a CSR into its raw parts (the SAN comes from an extensionRequest attribute, if any). */
export function parseCsr(der: Uint8Array): ParsedCsr {
  const req = readWhole(der);
  const info = childAt(req, 0, TAG.sequence);
  const algorithm = childAt(req, 1, TAG.sequence);
  const signature = childAt(req, 2, TAG.bitString);
  const version = childAt(info, 0, TAG.integer);
  if (version.content.length !== 1 || version.content[0] !== 0) throw new ProvisioningError('CERT_INVALID', 'CSR version is not v1 (0)');
  const sanUris: string[] = [];
  const attributes = childrenOf(info)[3];
  if (attributes !== undefined && attributes.tag === 0xa0) {
    for (const attr of childrenOf(attributes)) {
      if (oidText(childAt(attr, 0, TAG.oid)) !== OID.extensionRequest) continue;
      const exts = childAt(childAt(attr, 1, TAG.set), 0, TAG.sequence);
      for (const ext of parseExtensions(exts)) if (ext.oid === OID.subjectAltName) sanUris.push(...sanUrisOf(ext.value));
    }
  }
  return {
    info: info.raw,
    subjectName: childAt(info, 1, TAG.sequence).raw,
    spki: childAt(info, 2, TAG.sequence).raw,
    sanUris,
    signatureAlgorithm: oidText(childAt(algorithm, 0, TAG.oid)),
    signature: signature.content.subarray(1),
  };
}

const DIGEST_OF: Readonly<Record<string, string | null>> = {
  [OID.ecdsaWithSha256]: 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  [OID.sha256WithRsa]: 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.3.101.112': null,
};

/** True when the CSR's signature verifies with its own public key (proof of possession). */
export function verifyCsrSignature(csr: ParsedCsr): boolean {
  const digest = DIGEST_OF[csr.signatureAlgorithm];
  if (digest === undefined) return false;
  try {
    const key = createPublicKey({ key: Buffer.from(csr.spki), format: 'der', type: 'spki' });
    return verify(digest, csr.info, key, csr.signature);
  } catch {
    return false;
  }
}

const SHORT_NAMES: Readonly<Record<string, string>> = {
  [OID.commonName]: 'CN', [OID.country]: 'C', [OID.locality]: 'L', [OID.state]: 'ST', [OID.organization]: 'O',
  [OID.organizationalUnit]: 'OU', [OID.serialNumber]: 'serialNumber', '1.2.840.113549.1.9.1': 'emailAddress',
};

/** Human text of a Name, e.g. `CN=Bootbench CA, O=Acme` (attributes in encoded order). */
export function nameToText(name: Uint8Array): string {
  const decoder = new TextDecoder('utf-8', { fatal: false });
  return childrenOf(readWhole(name))
    .flatMap((rdn) => childrenOf(rdn))
    .map((atv) => {
      const type = oidText(childAt(atv, 0, TAG.oid));
      return `${SHORT_NAMES[type] ?? type}=${decoder.decode(childAt(atv, 1).content)}`;
    })
    .join(', ');
}
