import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { CertificationRequest } from '@peculiar/asn1-csr';
import type { Name, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { Certificate, Extensions, SubjectAlternativeName } from '@peculiar/asn1-x509';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import { OID } from '../../src-shared/pki/oids.js';
import { bytesOf, parseDer, reasonOf, toDer } from './asn1.js';
import { x509 } from './x509.js';

/**
 * Reading certificates and PKCS#10 requests through the @peculiar ASN.1 schemas and @peculiar/x509.
 *
 * Every library failure on hostile bytes becomes `CERT_INVALID` with a message saying what was read.
 */

/** The parts of a PKCS#10 request the station uses. */
export interface ParsedCsr {
  /** The request as the schema layer read it. */
  readonly asn: CertificationRequest;
  /** The CertificationRequestInfo exactly as received (what the signature covers). */
  readonly info: Uint8Array;
  readonly subjectName: Name;
  readonly spki: SubjectPublicKeyInfo;
  /** The request's public key, parsed by OpenSSL. */
  readonly publicKey: KeyObject;
  readonly signatureAlgorithm: string;
  readonly signature: Uint8Array;
}

/**
 * Reads a PKCS#10 request (RFC 2986) with asn1-csr; its key is parsed by OpenSSL.
 *
 * @throws ProvisioningError `CERT_INVALID` for anything that is not a v1 request with a usable key.
 */
export function parseCsr(der: Uint8Array): ParsedCsr {
  const asn = parseDer(der, CertificationRequest, 'certification request');
  const info = asn.certificationRequestInfo;
  if (info.version !== 0) throw new ProvisioningError('CERT_INVALID', 'CSR version is not v1 (0)');
  if (asn.certificationRequestInfoRaw === undefined) throw new ProvisioningError('CERT_INVALID', 'Malformed certification request: no request info');
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: Buffer.from(toDer(info.subjectPKInfo)), format: 'der', type: 'spki' });
  } catch (cause) {
    throw new ProvisioningError('CERT_INVALID', `The CSR's public key cannot be used: ${reasonOf(cause)}`, { cause });
  }
  return {
    asn,
    info: bytesOf(asn.certificationRequestInfoRaw),
    subjectName: info.subject,
    spki: info.subjectPKInfo,
    publicKey,
    signatureAlgorithm: asn.signatureAlgorithm.algorithm,
    signature: bytesOf(asn.signature),
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

/** True when the CSR's signature verifies natively with its own public key (proof of possession). */
export function verifyCsrSignature(csr: ParsedCsr): boolean {
  const digest = DIGEST_OF[csr.signatureAlgorithm];
  if (digest === undefined) return false;
  try {
    return verify(digest, csr.info, csr.publicKey, csr.signature);
  } catch {
    return false;
  }
}

/** URIs in the subjectAltName of a CSR's extensionRequest attribute (other name forms are skipped). */
export function csrSanUris(csr: ParsedCsr): string[] {
  const uris: string[] = [];
  for (const attribute of csr.asn.certificationRequestInfo.attributes) {
    if (attribute.type !== OID.extensionRequest) continue;
    for (const value of attribute.values) {
      for (const ext of parseDer(bytesOf(value), Extensions, 'CSR extension request')) {
        if (ext.extnID !== OID.subjectAltName) continue;
        const san = parseDer(bytesOf(ext.extnValue.buffer), SubjectAlternativeName, 'CSR subjectAltName');
        for (const name of san) if (name.uniformResourceIdentifier !== undefined) uris.push(name.uniformResourceIdentifier);
      }
    }
  }
  return uris;
}

/** Reads a certificate with the asn1-x509 schema (for the raw parts node:crypto does not expose). */
export const parseCertificate = (der: Uint8Array): Certificate => parseDer(der, Certificate, 'certificate');

/** Human text of a Name, e.g. `CN=Bootbench CA, O=Acme` (attributes in encoded order). */
export function nameToText(name: Name): string {
  try {
    return new x509.Name(name).toString();
  } catch (cause) {
    throw new ProvisioningError('CERT_INVALID', `Malformed distinguished name: ${reasonOf(cause)}`, { cause });
  }
}

/**
 * Runs a library read (@peculiar/x509, node:crypto) and maps its errors to `CERT_INVALID`.
 *
 * @throws ProvisioningError `CERT_INVALID` naming `what`.
 */
export function readField<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (cause) {
    if (cause instanceof ProvisioningError) throw cause;
    throw new ProvisioningError('CERT_INVALID', `Malformed ${what}: ${reasonOf(cause)}`, { cause });
  }
}
