import { createHash, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { SubjectKeyIdentifier, type Name, type SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import { deviceIdToSanUri } from '../../src-shared/pki/device-id.js';
import { OID } from '../../src-shared/pki/oids.js';
import type { KeyInfo } from '../../src-shared/pki/summary.js';
import { toHex } from '../../src-shared/util/bytes.js';
import { generateKeyPairFor, keyInfoOf, spkiDer, type KeyPair, type KeySpec } from './keys.js';
import { bytesOf, parseDer } from './asn1.js';
import {
  authorityKeyIdExtension, basicConstraintsExtension, buildCertificate, encodeName, extendedKeyUsageExtension,
  KeyUsageFlags, keyIdentifierOf, keyUsageExtension, spkiFromDer, subjectAltNameExtension, subjectKeyIdExtension,
} from './x509-build.js';
import { nameToText, parseCertificate, parseCsr, verifyCsrSignature } from './x509-read.js';

const DAY_MS = 86_400_000;
/** Certificates start one minute in the past so a device clock slightly behind still accepts them. */
const BACKDATE_MS = 60_000;

/** A CA ready to sign: its certificate, its key and the values every issued certificate copies. */
export interface SigningCa {
  readonly certDer: Uint8Array;
  readonly privateKey: KeyObject;
  /** The CA's subject, copied as the issuer of every certificate it signs. */
  readonly subjectName: Name;
  readonly keyId: Uint8Array;
  readonly fingerprintSha256: string;
  readonly notAfterMs: number;
}

/** A freshly issued certificate and the facts the registry records. */
export interface IssuedCertificate {
  readonly der: Uint8Array;
  readonly serialHex: string;
  readonly fingerprintSha256: string;
  readonly subject: string;
  readonly notAfterMs: number;
  readonly key: KeyInfo;
}

/** What the caller decides about a device certificate. */
export interface DeviceCertificateRequest {
  /** Device ids for the SAN (an IMEI becomes `urn:imei:…`); the first is the registry's device id. */
  readonly deviceIds: readonly string[];
  /** Subject DN text; defaults to `CN=<first device id>`. */
  readonly subject?: string;
  /** Validity in days from the profile. */
  readonly validityDays: number;
  /** Issuance time (from the injected clock). */
  readonly nowMs: number;
}

/** A positive 16-byte random serial (RFC 5280 §4.1.2.2: ≤ 20 octets, unpredictable). */
export function randomSerial(): Uint8Array {
  const serial = new Uint8Array(randomBytes(16));
  serial[0] = (serial[0]! & 0x7f) || 0x01;
  return serial;
}

/** Lower-case hex SHA-256 of DER bytes. */
export const sha256Hex = (der: Uint8Array): string => createHash('sha256').update(der).digest('hex');

/**
 * Checks a CA certificate and key belong together and prepares them for signing.
 *
 * @throws ProvisioningError `CERT_INVALID` when the certificate is not a CA or the key does not match.
 */
export function signingCaFrom(certDer: Uint8Array, privateKey: KeyObject): SigningCa {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certDer);
  } catch (cause) {
    throw new ProvisioningError('CERT_INVALID', 'The CA certificate cannot be parsed', { cause });
  }
  if (!cert.ca) throw new ProvisioningError('CERT_INVALID', 'The certificate is not a CA (basicConstraints cA is not TRUE)');
  if (!cert.checkPrivateKey(privateKey)) throw new ProvisioningError('CERT_INVALID', 'The private key does not match the CA certificate');
  const tbs = parseCertificate(certDer).tbsCertificate;
  const ski = tbs.extensions?.find((e) => e.extnID === OID.subjectKeyIdentifier);
  return {
    certDer,
    privateKey,
    subjectName: tbs.subject,
    keyId: ski === undefined ? keyIdentifierOf(tbs.subjectPublicKeyInfo) : bytesOf(parseDer(bytesOf(ski.extnValue.buffer), SubjectKeyIdentifier, 'subjectKeyIdentifier').buffer).slice(),
    fingerprintSha256: sha256Hex(certDer),
    notAfterMs: Date.parse(cert.validTo),
  };
}

/** Creates a self-signed station CA certificate (basicConstraints cA, pathLen 0, keyCertSign + cRLSign). */
export function createCaCertificate(keys: KeyPair, subject: string, validityDays: number, nowMs: number): Uint8Array {
  const spki = spkiFromDer(spkiDer(keys.publicKey));
  const keyId = keyIdentifierOf(spki);
  const name = encodeName(subject);
  return buildCertificate(
    {
      serial: randomSerial(),
      issuerName: name,
      subjectName: name,
      notBeforeMs: nowMs - BACKDATE_MS,
      notAfterMs: nowMs + validityDays * DAY_MS,
      spki,
      extensions: [
        basicConstraintsExtension(true, 0),
        keyUsageExtension(KeyUsageFlags.digitalSignature | KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign),
        subjectKeyIdExtension(keyId),
        authorityKeyIdExtension(keyId),
      ],
    },
    keys.privateKey,
  );
}

function checkValidity(days: number): void {
  if (!Number.isInteger(days) || days < 1 || days > 36_500) {
    throw new ProvisioningError('INVALID_REQUEST', `Validity must be a whole number of days between 1 and 36500 (got ${days})`);
  }
}

/**
 * Issues a device certificate for a public key: SAN URIs from the device ids, EKU clientAuth,
 * keyUsage digitalSignature, AKI/SKI, validity capped at the CA's own expiry.
 */
export function issueForPublicKey(ca: SigningCa, spki: SubjectPublicKeyInfo, subjectName: Name | undefined, request: DeviceCertificateRequest, key: KeyInfo): IssuedCertificate {
  checkValidity(request.validityDays);
  const [firstId] = request.deviceIds;
  if (firstId === undefined) throw new ProvisioningError('INVALID_REQUEST', 'A device certificate needs at least one device id');
  const sans = request.deviceIds.map(deviceIdToSanUri);
  const subject = subjectName ?? encodeName(request.subject ?? `CN=${firstId.replace(/,/g, '\\,')}`);
  const serial = randomSerial();
  const notAfterMs = Math.min(request.nowMs + request.validityDays * DAY_MS, ca.notAfterMs);
  const der = buildCertificate(
    {
      serial,
      issuerName: ca.subjectName,
      subjectName: subject,
      notBeforeMs: request.nowMs - BACKDATE_MS,
      notAfterMs,
      spki,
      extensions: [
        basicConstraintsExtension(false),
        keyUsageExtension(KeyUsageFlags.digitalSignature),
        extendedKeyUsageExtension([OID.clientAuth]),
        subjectAltNameExtension(sans),
        subjectKeyIdExtension(keyIdentifierOf(spki)),
        authorityKeyIdExtension(ca.keyId),
      ],
    },
    ca.privateKey,
  );
  return { der, serialHex: toHex(serial), fingerprintSha256: sha256Hex(der), subject: nameToText(subject), notAfterMs, key };
}

/**
 * Issues a certificate for a device-generated key from its PKCS#10 CSR.
 *
 * The CSR must prove possession (its signature verifies). The station is authoritative for the SAN:
 * it comes from `request.deviceIds`, not from the CSR. The subject is `request.subject` if given,
 * else the CSR's subject.
 *
 * @throws ProvisioningError `CERT_INVALID` for a malformed CSR or one whose signature does not verify.
 */
export function issueFromCsr(ca: SigningCa, csrDer: Uint8Array, request: DeviceCertificateRequest): IssuedCertificate {
  const csr = parseCsr(csrDer);
  if (!verifyCsrSignature(csr)) throw new ProvisioningError('CERT_INVALID', 'The CSR signature does not verify with its public key (no proof of possession)');
  return issueForPublicKey(ca, csr.spki, request.subject === undefined ? csr.subjectName : undefined, request, keyInfoOf(csr.publicKey));
}

/**
 * Generates a key pair on the station and issues its certificate.
 *
 * The caller owns the returned private key and must deliver and drop it (see delivery.ts).
 */
export async function issueWithGeneratedKey(ca: SigningCa, spec: KeySpec, request: DeviceCertificateRequest): Promise<{ readonly certificate: IssuedCertificate; readonly keys: KeyPair }> {
  checkValidity(request.validityDays);
  const keys = await generateKeyPairFor(spec);
  return { certificate: issueForPublicKey(ca, spkiFromDer(spkiDer(keys.publicKey)), undefined, request, keyInfoOf(keys.publicKey)), keys };
}
