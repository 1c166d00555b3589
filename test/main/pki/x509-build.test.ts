import { createPublicKey, X509Certificate } from 'node:crypto';
import { CertificationRequest } from '@peculiar/asn1-csr';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { randomSerial } from '../../../src-main/pki/issue.js';
import { generateKeyPairFor, spkiDer, type KeyPair } from '../../../src-main/pki/keys.js';
import {
  basicConstraintsExtension, buildCertificate, buildCsr, encodeName, extendedKeyUsageExtension, keyIdentifierOf, KeyUsageFlags, keyUsageExtension,
  spkiFromDer, subjectKeyIdExtension,
} from '../../../src-main/pki/x509-build.js';
import { OID } from '../../../src-shared/pki/oids.js';
import { openssl, scratchDir, writePem } from './pki-fixtures.js';

const scratch = scratchDir();
afterAll(() => scratch.cleanup());
let ec: KeyPair;
let rsa: KeyPair;
beforeAll(async () => {
  [ec, rsa] = await Promise.all([generateKeyPairFor('ec-p256'), generateKeyPairFor('rsa-2048')]);
});

function selfSigned(keys: KeyPair, subject: string, notAfterMs: number): Uint8Array {
  const name = encodeName(subject);
  const spki = spkiFromDer(spkiDer(keys.publicKey));
  return buildCertificate(
    {
      serial: randomSerial(), issuerName: name, subjectName: name, notBeforeMs: Date.UTC(2026, 0, 1), notAfterMs, spki,
      extensions: [basicConstraintsExtension(true, 0), keyUsageExtension(KeyUsageFlags.keyCertSign), extendedKeyUsageExtension([OID.clientAuth]), subjectKeyIdExtension(keyIdentifierOf(spki))],
    },
    keys.privateKey,
  );
}

describe('certificates (openssl as the independent reader)', () => {
  test('UTCTime before 2050, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5); non-critical extensions omit the BOOLEAN', () => {
    const der = selfSigned(ec, 'CN=Time', Date.UTC(2050, 0, 1, 0, 0, 0));
    const parse = openssl(['asn1parse', '-inform', 'DER'], der);
    expect(parse.status).toBe(0);
    expect(parse.out).toMatch(/UTCTIME\s+:260101000000Z/);
    expect(parse.out).toMatch(/GENERALIZEDTIME\s+:20500101000000Z/);
    // Only basicConstraints and keyUsage carry the critical flag; EKU and SKI (non-critical) carry none.
    expect(parse.out.match(/BOOLEAN/g)).toHaveLength(2);
    expect(parse.out.match(/:X509v3 (Basic Constraints|Key Usage)\n.*BOOLEAN\s+:255/g)).toHaveLength(2);
    expect(new X509Certificate(der).validTo).toBe('Jan  1 00:00:00 2050 GMT');
  });

  test('an RSA-signed certificate says sha256WithRSAEncryption (asn1-rsa 2.11.1 exports the sha512/256 OID under that name)', () => {
    const der = selfSigned(rsa, 'CN=RSA', Date.UTC(2027, 0, 1));
    const path = writePem(scratch.dir, 'rsa.pem', 'CERTIFICATE', der);
    const text = openssl(['x509', '-in', path, '-noout', '-text']);
    expect(text.out).toMatch(/Signature Algorithm: sha256WithRSAEncryption/);
    expect(openssl(['verify', '-CAfile', path, path]).status).toBe(0);
    expect(new X509Certificate(der).verify(createPublicKey(rsa.privateKey))).toBe(true);
  });

  test('names keep the written order; C and serialNumber are PrintableString, the rest UTF8String', () => {
    const der = selfSigned(ec, 'CN=Gerät 7\\, rev B,O=Acme,C=DE,serialNumber=SN-1', Date.UTC(2027, 0, 1));
    const path = writePem(scratch.dir, 'names.pem', 'CERTIFICATE', der);
    expect(openssl(['x509', '-in', path, '-noout', '-subject', '-nameopt', 'RFC2253,-esc_msb']).out.trim()).toBe('subject=serialNumber=SN-1,C=DE,O=Acme,CN=Gerät 7\\, rev B');
    const parse = openssl(['asn1parse', '-inform', 'DER'], der).out;
    expect(parse).toMatch(/PRINTABLESTRING\s+:DE/);
    expect(parse).toMatch(/PRINTABLESTRING\s+:SN-1/);
    expect(parse).toMatch(/UTF8STRING\s+:Acme/);
  });

  test.each([
    ['an unknown attribute', 'X=1'],
    ['an empty value', 'CN='],
    ['no attribute at all', ' , '],
    ['a non-printable country', 'C=Ä'],
    ['a value over 64 characters', `CN=${'x'.repeat(65)}`],
  ])('encodeName refuses %s with INVALID_REQUEST', (_name, text) => {
    expect(() => encodeName(text)).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
  });
});

describe('PKCS#10 requests', () => {
  test('openssl verifies an EC and an RSA request and reads the requested SAN', () => {
    for (const keys of [ec, rsa]) {
      const csr = buildCsr(encodeName('CN=req'), spkiFromDer(spkiDer(keys.publicKey)), keys.privateKey, ['urn:imei:356938035643809']);
      const out = openssl(['req', '-inform', 'DER', '-verify', '-noout', '-text'], csr).out;
      expect(out).toMatch(/verify OK/i);
      expect(out).toContain('URI:urn:imei:356938035643809');
    }
  });

  test('a SAN that is not a printable ASCII URI is refused with INVALID_REQUEST', () => {
    expect(() => buildCsr(encodeName('CN=req'), spkiFromDer(spkiDer(ec.publicKey)), ec.privateKey, ['no scheme'])).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
  });
});

describe('the signed wrapper', () => {
  test('equals what the Certificate and CertificationRequest schemas themselves serialize', () => {
    const der = selfSigned(ec, 'CN=Wrap', Date.UTC(2027, 0, 1));
    expect(new Uint8Array(AsnConvert.serialize(AsnConvert.parse(der, Certificate)))).toEqual(der);
    const csr = buildCsr(encodeName('CN=wrap'), spkiFromDer(spkiDer(ec.publicKey)), ec.privateKey, ['urn:dev:wrap']);
    expect(new Uint8Array(AsnConvert.serialize(AsnConvert.parse(csr, CertificationRequest)))).toEqual(csr);
  });
});
