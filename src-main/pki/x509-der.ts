import { createHash, sign, type KeyObject } from 'node:crypto';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import {
  childAt, derBitString, derBoolean, derContext, derNull, derOctetString, derOid, derPrintable, derSequence, derSet,
  derSmallInteger, derTime, derUnsignedInteger, derUtf8, readWhole, TAG, tlv, utf8Encode,
} from '../../src-shared/pki/der.js';
import { OID } from '../../src-shared/pki/oids.js';

/**
 * Native-signed X.509 building blocks: names, extensions, TBSCertificate, CertificationRequestInfo.
 *
 * The hot issuance path encodes DER directly and signs with node:crypto (OpenSSL), which is ~10x
 * faster than building through @peculiar/x509's ASN.1 schema layer; openssl verifies the output in
 * the tests.
 */

const NAME_OIDS: Readonly<Record<string, string>> = {
  CN: OID.commonName, C: OID.country, L: OID.locality, ST: OID.state, O: OID.organization, OU: OID.organizationalUnit,
  SERIALNUMBER: OID.serialNumber,
};

/**
 * Encodes a distinguished name from RFC 4514-like text (`CN=Device 1,O=Acme`; `\,` escapes a comma).
 *
 * Attributes are encoded in the order written, one per RDN, so `CN=x,O=y` displays as `CN = x, O = y`
 * in `openssl x509 -subject`.
 *
 * @throws ProvisioningError `INVALID_REQUEST` for an unknown attribute type or an empty value.
 */
export function encodeName(text: string): Uint8Array {
  const parts = text.split(/(?<!\\),/).map((p) => p.trim()).filter((p) => p.length > 0);
  if (parts.length === 0) throw new ProvisioningError('INVALID_REQUEST', 'A distinguished name needs at least one attribute (e.g. CN=...)');
  return derSequence(
    parts.map((part) => {
      const eq = part.indexOf('=');
      const type = part.slice(0, Math.max(0, eq)).trim().toUpperCase();
      const value = part.slice(eq + 1).replace(/\\,/g, ',').trim();
      const oid = NAME_OIDS[type];
      if (eq <= 0 || oid === undefined || value.length === 0 || value.length > 64) {
        throw new ProvisioningError('INVALID_REQUEST', `Unsupported name attribute "${part}" (use CN, O, OU, C, L, ST, serialNumber; values 1-64 chars)`);
      }
      const encoded = oid === OID.country || oid === OID.serialNumber ? derPrintable(value) : derUtf8(value);
      return derSet([derSequence([derOid(oid), encoded])]);
    }),
  );
}

/** One Extension SEQUENCE (RFC 5280 §4.1). */
export function extension(oid: string, critical: boolean, value: Uint8Array): Uint8Array {
  return derSequence(critical ? [derOid(oid), derBoolean(true), derOctetString(value)] : [derOid(oid), derOctetString(value)]);
}

/** Key usage bits (RFC 5280 §4.2.1.3). */
export const KEY_USAGE = { digitalSignature: 0, keyEncipherment: 2, keyAgreement: 4, keyCertSign: 5, cRLSign: 6 } as const;

/** keyUsage extension (critical) from bit numbers. */
export function keyUsageExtension(bits: readonly number[]): Uint8Array {
  const max = Math.max(...bits);
  const bytes = new Uint8Array(Math.floor(max / 8) + 1);
  for (const b of bits) bytes[b >> 3]! |= 0x80 >> (b & 7);
  const unused = 7 - (max % 8);
  return extension(OID.keyUsage, true, tlv(TAG.bitString, Uint8Array.from([unused, ...bytes])));
}

/** basicConstraints extension (critical). */
export function basicConstraintsExtension(isCa: boolean, pathLength?: number): Uint8Array {
  const body = isCa ? [derBoolean(true), ...(pathLength === undefined ? [] : [derSmallInteger(pathLength)])] : [];
  return extension(OID.basicConstraints, true, derSequence(body));
}

/** extKeyUsage extension (non-critical). */
export function extendedKeyUsageExtension(oids: readonly string[]): Uint8Array {
  return extension(OID.extKeyUsage, false, derSequence(oids.map(derOid)));
}

/** subjectAltName with URI names (`[6] IA5String`), e.g. `urn:imei:…`. */
export function subjectAltNameExtension(uris: readonly string[]): Uint8Array {
  for (const uri of uris) {
    if (!/^[\x21-\x7e]+$/.test(uri) || !uri.includes(':')) {
      throw new ProvisioningError('INVALID_REQUEST', `Subject alternative name "${uri}" is not a printable ASCII URI`);
    }
  }
  return extension(OID.subjectAltName, false, derSequence(uris.map((u) => tlv(0x86, utf8Encode(u)))));
}

/** subjectKeyIdentifier extension. */
export const subjectKeyIdExtension = (keyId: Uint8Array): Uint8Array => extension(OID.subjectKeyIdentifier, false, derOctetString(keyId));

/** authorityKeyIdentifier extension with the keyIdentifier form only. */
export const authorityKeyIdExtension = (keyId: Uint8Array): Uint8Array =>
  extension(OID.authorityKeyIdentifier, false, derSequence([derContext(0, keyId, false)]));

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING value. */
export function keyIdentifierOf(spki: Uint8Array): Uint8Array {
  const bits = childAt(readWhole(spki), 1, TAG.bitString);
  return new Uint8Array(createHash('sha1').update(bits.content.subarray(1)).digest());
}

/** AlgorithmIdentifier DER and node:crypto digest for signing with a key. */
export function signatureAlgorithmFor(key: KeyObject): Uint8Array {
  switch (key.asymmetricKeyType) {
    case 'ec':
      return derSequence([derOid(OID.ecdsaWithSha256)]);
    case 'rsa':
      return derSequence([derOid(OID.sha256WithRsa), derNull()]);
    default:
      throw new ProvisioningError('INVALID_REQUEST', `Cannot sign with a ${key.asymmetricKeyType ?? 'unknown'} key (EC P-256 or RSA only)`);
  }
}

/** Signs `tbs` and wraps it as `SEQUENCE { tbs, algorithm, BIT STRING signature }` (certificate or CSR). */
export function signAndWrap(tbs: Uint8Array, signer: KeyObject): Uint8Array {
  const algorithm = signatureAlgorithmFor(signer);
  const signature = new Uint8Array(sign('sha256', tbs, signer));
  return derSequence([tbs, algorithm, derBitString(signature)]);
}

/** The fields of a certificate the station decides. */
export interface CertificateFields {
  /** Positive serial magnitude (≤ 20 bytes, RFC 5280 §4.1.2.2). */
  readonly serial: Uint8Array;
  readonly issuerName: Uint8Array;
  readonly subjectName: Uint8Array;
  readonly notBeforeMs: number;
  readonly notAfterMs: number;
  readonly spki: Uint8Array;
  readonly extensions: readonly Uint8Array[];
}

/** Builds and signs an X.509 v3 certificate; returns its DER. */
export function buildCertificate(fields: CertificateFields, signer: KeyObject): Uint8Array {
  const tbs = derSequence([
    derContext(0, derSmallInteger(2)),
    derUnsignedInteger(fields.serial),
    signatureAlgorithmFor(signer),
    fields.issuerName,
    derSequence([derTime(fields.notBeforeMs), derTime(fields.notAfterMs)]),
    fields.subjectName,
    fields.spki,
    derContext(3, derSequence(fields.extensions)),
  ]);
  return signAndWrap(tbs, signer);
}

/** Builds a PKCS#10 CSR (RFC 2986) with an optional SAN extension request, signed by `key`. */
export function buildCsr(subjectName: Uint8Array, spki: Uint8Array, key: KeyObject, sanUris: readonly string[] = []): Uint8Array {
  const attributes = sanUris.length === 0
    ? derContext(0, new Uint8Array(0))
    : derContext(0, derSequence([derOid(OID.extensionRequest), derSet([derSequence([subjectAltNameExtension(sanUris)])])]));
  return signAndWrap(derSequence([derSmallInteger(0), subjectName, spki, attributes]), key);
}
