import { Certificate } from '@peculiar/asn1-x509';
import fc from 'fast-check';
import * as asn1js from 'asn1js';
import { beforeAll, describe, expect, test } from 'vitest';
import { encapsulatedIn, parseDer, readElement, splitElements, TAG, tagOf } from '../../../src-main/pki/asn1.js';
import { createCaCertificate } from '../../../src-main/pki/issue.js';
import { generateKeyPairFor } from '../../../src-main/pki/keys.js';

let caDer: Uint8Array;
beforeAll(async () => {
  caDer = createCaCertificate(await generateKeyPairFor('ec-p256'), 'CN=ASN.1 CA', 30, Date.now());
});

describe('readElement', () => {
  test.each([
    ['truncated header', Uint8Array.of(0x30), /Malformed probe/],
    ['length past the end', Uint8Array.of(0x30, 0x05, 0x01), /Malformed probe/],
    ['trailing bytes', Uint8Array.of(0x05, 0x00, 0x00), /trailing bytes after the outer element/],
    ['nothing', new Uint8Array(0), /Malformed probe/],
  ])('refuses %s with CERT_INVALID', (_name, bytes, message) => {
    expect(() => readElement(bytes, 'probe')).toThrow(expect.objectContaining({ code: 'CERT_INVALID', message: expect.stringMatching(message) }));
  });

  test('reads a certificate: SEQUENCE { SEQUENCE, SEQUENCE, BIT STRING }', () => {
    const element = readElement(caDer, 'certificate');
    expect(tagOf(element)).toBe(TAG.sequence);
    expect((element as asn1js.Sequence).valueBlock.value.map(tagOf)).toEqual([TAG.sequence, TAG.sequence, TAG.bitString]);
  });
});

describe('parseDer', () => {
  test('random bytes and mutated certificates raise only CERT_INVALID', () => {
    const mutated = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([at, value]) => {
      const copy = Uint8Array.from(caDer);
      copy[at % copy.length] = value;
      return copy;
    });
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 96 }), mutated), (bytes) => {
      try {
        parseDer(bytes, Certificate, 'certificate');
      } catch (error) {
        expect(error).toMatchObject({ code: 'CERT_INVALID', message: expect.stringMatching(/^Malformed certificate: .{3,}/) });
      }
    }), { numRuns: 1500 });
  });

  test('a well-formed element of the wrong shape is refused with the schema reason', () => {
    const notACertificate = new Uint8Array(new asn1js.Sequence({ value: [new asn1js.Integer({ value: 1 })] }).toBER());
    expect(() => parseDer(notACertificate, Certificate, 'certificate')).toThrow(expect.objectContaining({ code: 'CERT_INVALID', message: expect.stringContaining('Malformed certificate') }));
  });
});

describe('splitElements', () => {
  test('splits concatenated DER exactly and reports where a broken one starts', () => {
    const two = Uint8Array.from([...caDer, ...caDer]);
    expect(splitElements(two).map((e) => e.der)).toEqual([caDer, caDer]);
    const broken = Uint8Array.from([...caDer, 0x30, 0x82, 0x05]);
    expect(() => splitElements(broken)).toThrow(expect.objectContaining({ code: 'CERT_INVALID', message: expect.stringContaining(`broken at byte ${caDer.length}`) }));
  });

  test('finds DER nested in an OCTET STRING, and nothing in an opaque one', () => {
    const nested = new asn1js.OctetString({ valueHex: new asn1js.Sequence({ value: [new asn1js.Null()] }).toBER() });
    const parsedNested = readElement(new Uint8Array(nested.toBER()), 'octets');
    expect(tagOf(encapsulatedIn(parsedNested)!)).toBe(TAG.sequence);
    const opaque = readElement(new Uint8Array(new asn1js.OctetString({ valueHex: Uint8Array.of(0xff, 0x01) }).toBER()), 'octets');
    expect(encapsulatedIn(opaque)).toBeUndefined();
  });
});
