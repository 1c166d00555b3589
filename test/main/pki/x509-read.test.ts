import { sign } from 'node:crypto';
import { CertificationRequest, CertificationRequestInfo } from '@peculiar/asn1-csr';
import { ecdsaWithSHA256 } from '@peculiar/asn1-ecc';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { toDer } from '../../../src-main/pki/asn1.js';
import { generateKeyPairFor, spkiDer, type KeyPair } from '../../../src-main/pki/keys.js';
import { buildCsr, encodeName, spkiFromDer } from '../../../src-main/pki/x509-build.js';
import { csrSanUris, nameToText, parseCsr, verifyCsrSignature } from '../../../src-main/pki/x509-read.js';

let keys: KeyPair;
let csrDer: Uint8Array;
beforeAll(async () => {
  keys = await generateKeyPairFor('ec-p256');
  csrDer = buildCsr(encodeName('CN=handset,O=Acme'), spkiFromDer(spkiDer(keys.publicKey)), keys.privateKey, ['urn:imei:356938035643809', 'urn:dev:x']);
});

describe('parseCsr', () => {
  test('reads subject, key, SAN URIs and a verifying signature', () => {
    const csr = parseCsr(csrDer);
    expect(nameToText(csr.subjectName)).toBe('CN=handset, O=Acme');
    expect(csr.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(csrSanUris(csr)).toEqual(['urn:imei:356938035643809', 'urn:dev:x']);
    expect(verifyCsrSignature(csr)).toBe(true);
  });

  test('a request whose signed info was altered does not verify', () => {
    const altered = Uint8Array.from(csrDer);
    const at = altered.indexOf(0x68); // 'h' of "handset", inside the signed info
    altered[at] = 0x48;
    const csr = parseCsr(altered);
    expect(nameToText(csr.subjectName)).toBe('CN=Handset, O=Acme');
    expect(verifyCsrSignature(csr)).toBe(false);
  });

  test('a version other than v1 is refused with CERT_INVALID', () => {
    const info = new CertificationRequestInfo({ version: 1, subject: encodeName('CN=v2'), subjectPKInfo: spkiFromDer(spkiDer(keys.publicKey)) });
    const signature = new Uint8Array(sign('sha256', toDer(info), { key: keys.privateKey, dsaEncoding: 'der' })).buffer;
    const der = toDer(new CertificationRequest({ certificationRequestInfo: info, signatureAlgorithm: ecdsaWithSHA256, signature }));
    expect(() => parseCsr(der)).toThrow(expect.objectContaining({ code: 'CERT_INVALID', message: 'CSR version is not v1 (0)' }));
  });

  test('any single-byte change or truncation gives a parsed request or CERT_INVALID, nothing else', () => {
    fc.assert(fc.property(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean(), (at, value, truncate) => {
      const bytes = truncate ? csrDer.subarray(0, at % csrDer.length) : Uint8Array.from(csrDer);
      if (!truncate) bytes[at % bytes.length] = value;
      try {
        const csr = parseCsr(bytes);
        expect(typeof verifyCsrSignature(csr)).toBe('boolean');
        csrSanUris(csr);
      } catch (error) {
        expect(error).toMatchObject({ code: 'CERT_INVALID' });
      }
    }), { numRuns: 1500 });
  });
});
