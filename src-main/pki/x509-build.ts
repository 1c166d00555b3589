import { createHash, sign, type KeyObject } from 'node:crypto';
import { Attributes, CertificationRequestInfo } from '@peculiar/asn1-csr';
import { ecdsaWithSHA256 } from '@peculiar/asn1-ecc';
import { id_sha256WithRSAEncryption } from '@peculiar/asn1-rsa';
import { AsnSerializer, OctetString } from '@peculiar/asn1-schema';
import * as asn1js from 'asn1js';
import {
  AlgorithmIdentifier, Attribute, AttributeTypeAndValue, AttributeValue, AuthorityKeyIdentifier, BasicConstraints,
  ExtendedKeyUsage, Extension, Extensions, GeneralName, KeyIdentifier, KeyUsage, Name, RelativeDistinguishedName,
  SubjectAlternativeName, SubjectKeyIdentifier, SubjectPublicKeyInfo, TBSCertificate, Validity, Version,
} from '@peculiar/asn1-x509';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import { OID } from '../../src-shared/pki/oids.js';
import { arrayBufferOf, bytesOf, parseDer, toDer } from './asn1.js';

/**
 * Certificates and PKCS#10 requests built with the @peculiar ASN.1 schemas (the layer @peculiar/x509
 * is made of) and signed natively with node:crypto (OpenSSL), so the hot path has no pure-JS crypto.
 */

const NAME_OIDS: Readonly<Record<string, string>> = {
  CN: OID.commonName, C: OID.country, L: OID.locality, ST: OID.state, O: OID.organization, OU: OID.organizationalUnit,
  SERIALNUMBER: OID.serialNumber,
};

/**
 * Builds a distinguished name from RFC 4514-like text (`CN=Device 1,O=Acme`; `\,` escapes a comma).
 *
 * Attributes are encoded in the order written, one per RDN, so `CN=x,O=y` displays as `CN = x, O = y`
 * in `openssl x509 -subject`.
 *
 * @throws ProvisioningError `INVALID_REQUEST` for an unknown attribute type or an empty value.
 */
export function encodeName(text: string): Name {
  const parts = text.split(/(?<!\\),/).map((p) => p.trim()).filter((p) => p.length > 0);
  if (parts.length === 0) throw new ProvisioningError('INVALID_REQUEST', 'A distinguished name needs at least one attribute (e.g. CN=...)');
  return new Name(
    parts.map((part) => {
      const eq = part.indexOf('=');
      const type = part.slice(0, Math.max(0, eq)).trim().toUpperCase();
      const value = part.slice(eq + 1).replace(/\\,/g, ',').trim();
      const oid = NAME_OIDS[type];
      if (eq <= 0 || oid === undefined || value.length === 0 || value.length > 64) {
        throw new ProvisioningError('INVALID_REQUEST', `Unsupported name attribute "${part}" (use CN, O, OU, C, L, ST, serialNumber; values 1-64 chars)`);
      }
      if ((oid === OID.country || oid === OID.serialNumber) && !/^[A-Za-z0-9 '()+,\-./:=?]+$/.test(value)) {
        throw new ProvisioningError('INVALID_REQUEST', `Name attribute "${part}" must be a PrintableString (letters, digits, space and '()+,-./:=?)`);
      }
      const encoded = oid === OID.country || oid === OID.serialNumber ? new AttributeValue({ printableString: value }) : new AttributeValue({ utf8String: value });
      return new RelativeDistinguishedName([new AttributeTypeAndValue({ type: oid, value: encoded })]);
    }),
  );
}

/** One extension (RFC 5280 §4.1) holding the DER of a schema value. */
export function extension(oid: string, critical: boolean, value: unknown): Extension {
  return new Extension({ extnID: oid, critical, extnValue: new OctetString(toDer(value)) });
}

/** Key usage flags (RFC 5280 §4.2.1.3), as the schema's bit numbering. */
export { KeyUsageFlags } from '@peculiar/asn1-x509';

/** keyUsage extension (critical) from `KeyUsageFlags` bits. */
export const keyUsageExtension = (flags: number): Extension => extension(OID.keyUsage, true, new KeyUsage(flags));

/** basicConstraints extension (critical). */
export const basicConstraintsExtension = (isCa: boolean, pathLength?: number): Extension =>
  extension(OID.basicConstraints, true, new BasicConstraints(isCa ? (pathLength === undefined ? { cA: true } : { cA: true, pathLenConstraint: pathLength }) : {}));

/** extKeyUsage extension (non-critical). */
export const extendedKeyUsageExtension = (oids: readonly string[]): Extension => extension(OID.extKeyUsage, false, new ExtendedKeyUsage([...oids]));

/** The subjectAltName value with URI names, e.g. `urn:imei:…`. */
function sanValue(uris: readonly string[]): SubjectAlternativeName {
  for (const uri of uris) {
    if (!/^[\x21-\x7e]+$/.test(uri) || !uri.includes(':')) {
      throw new ProvisioningError('INVALID_REQUEST', `Subject alternative name "${uri}" is not a printable ASCII URI`);
    }
  }
  return new SubjectAlternativeName(uris.map((uri) => new GeneralName({ uniformResourceIdentifier: uri })));
}

/** subjectAltName extension with URI names. */
export const subjectAltNameExtension = (uris: readonly string[]): Extension => extension(OID.subjectAltName, false, sanValue(uris));

/** subjectKeyIdentifier extension. */
export const subjectKeyIdExtension = (keyId: Uint8Array): Extension =>
  extension(OID.subjectKeyIdentifier, false, new SubjectKeyIdentifier(arrayBufferOf(keyId)));

/** authorityKeyIdentifier extension with the keyIdentifier form only. */
export const authorityKeyIdExtension = (keyId: Uint8Array): Extension =>
  extension(OID.authorityKeyIdentifier, false, new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(arrayBufferOf(keyId)) }));

/** A SubjectPublicKeyInfo schema object from its DER. */
export const spkiFromDer = (spki: Uint8Array): SubjectPublicKeyInfo => parseDer(spki, SubjectPublicKeyInfo, 'SubjectPublicKeyInfo');

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING value. */
export function keyIdentifierOf(spki: SubjectPublicKeyInfo): Uint8Array {
  return new Uint8Array(createHash('sha1').update(bytesOf(spki.subjectPublicKey)).digest());
}

const RSA_SHA256 = new AlgorithmIdentifier({ algorithm: id_sha256WithRSAEncryption, parameters: null });

/**
 * The signature AlgorithmIdentifier for a signing key (SHA-256 with ECDSA or RSA PKCS#1 v1.5).
 *
 * Built from the OID, not asn1-rsa's `sha256WithRSAEncryption` constant: in 2.11.1 that constant
 * carries the sha512/256 OID (not yet reported upstream; docs/pki-device-keys.md §7, decision 9).
 *
 * @throws ProvisioningError `INVALID_REQUEST` for other key types.
 */
export function signatureAlgorithmFor(key: KeyObject): AlgorithmIdentifier {
  switch (key.asymmetricKeyType) {
    case 'ec':
      return ecdsaWithSHA256;
    case 'rsa':
      return RSA_SHA256;
    default:
      throw new ProvisioningError('INVALID_REQUEST', `Cannot sign with a ${key.asymmetricKeyType ?? 'unknown'} key (EC P-256 or RSA only)`);
  }
}

/**
 * Signs a schema value natively (SHA-256; ECDSA signatures in DER form, as X.509 wants) and returns
 * `SEQUENCE { value, algorithm, BIT STRING signature }`: the `Certificate` and `CertificationRequest`
 * shape (RFC 5280 §4.1, RFC 2986 §4.2).
 *
 * The value goes through the schema serializer once and that asn1js tree is both signed and embedded;
 * building the `Certificate` schema object instead would serialize the TBSCertificate twice, which was
 * a fifth of the issuance cost (bench `pki-issue`).
 */
function signAndWrap(value: TBSCertificate | CertificationRequestInfo, algorithm: AlgorithmIdentifier, signer: KeyObject): Uint8Array {
  const tree = AsnSerializer.toASN(value);
  const signature = sign('sha256', new Uint8Array(tree.toBER(false)), { key: signer, dsaEncoding: 'der' });
  const signed = new asn1js.Sequence({ value: [tree, AsnSerializer.toASN(algorithm), new asn1js.BitString({ valueHex: signature })] });
  return new Uint8Array(signed.toBER(false));
}

/** The fields of a certificate the station decides. */
export interface CertificateFields {
  /** Positive serial magnitude (≤ 20 bytes, high bit clear; RFC 5280 §4.1.2.2). */
  readonly serial: Uint8Array;
  readonly issuerName: Name;
  readonly subjectName: Name;
  readonly notBeforeMs: number;
  readonly notAfterMs: number;
  readonly spki: SubjectPublicKeyInfo;
  readonly extensions: readonly Extension[];
}

/** Builds and signs an X.509 v3 certificate; returns its DER. */
export function buildCertificate(fields: CertificateFields, signer: KeyObject): Uint8Array {
  const signature = signatureAlgorithmFor(signer);
  const tbsCertificate = new TBSCertificate({
    version: Version.v3,
    serialNumber: arrayBufferOf(fields.serial),
    signature,
    issuer: fields.issuerName,
    validity: new Validity({ notBefore: new Date(fields.notBeforeMs), notAfter: new Date(fields.notAfterMs) }),
    subject: fields.subjectName,
    subjectPublicKeyInfo: fields.spki,
    extensions: new Extensions([...fields.extensions]),
  });
  return signAndWrap(tbsCertificate, signature, signer);
}

/** Builds a PKCS#10 CSR (RFC 2986) with an optional SAN extension request, signed by `key`. */
export function buildCsr(subjectName: Name, spki: SubjectPublicKeyInfo, key: KeyObject, sanUris: readonly string[] = []): Uint8Array {
  const attributes = new Attributes(sanUris.length === 0
    ? []
    : [new Attribute({ type: OID.extensionRequest, values: [arrayBufferOf(toDer(new Extensions([subjectAltNameExtension(sanUris)])))] })]);
  const certificationRequestInfo = new CertificationRequestInfo({ version: 0, subject: subjectName, subjectPKInfo: spki, attributes });
  return signAndWrap(certificationRequestInfo, signatureAlgorithmFor(key), key);
}
