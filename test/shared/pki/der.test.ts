import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  childAt, childrenOf, derBoolean, derOid, derSequence, derSmallInteger, derTime, derUnsignedInteger, oidText, readTlv, readWhole, TAG, tlv, utf8Encode,
} from '../../../src-shared/pki/der.js';
import { toHex } from '../../../src-shared/util/bytes.js';

describe('DER writer', () => {
  test('golden vectors (X.690)', () => {
    expect(toHex(derOid('1.2.840.10045.2.1'))).toBe('06072a8648ce3d0201');
    expect(toHex(derOid('2.5.29.37'))).toBe('0603551d25');
    expect(toHex(derSmallInteger(0))).toBe('020100');
    expect(toHex(derSmallInteger(128))).toBe('02020080');
    expect(toHex(derUnsignedInteger(Uint8Array.of(0, 0, 0x7f)))).toBe('02017f');
    expect(toHex(derBoolean(true))).toBe('0101ff');
    expect(toHex(tlv(0x04, new Uint8Array(0x80))).slice(0, 6)).toBe('048180');
    expect(toHex(tlv(0x04, new Uint8Array(0x100))).slice(0, 8)).toBe('04820100');
    expect(toHex(derSequence([]))).toBe('3000');
  });

  test('UTCTime before 2050, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5)', () => {
    expect(new TextDecoder().decode(readTlv(derTime(Date.UTC(2049, 11, 31, 23, 59, 59))).content)).toBe('491231235959Z');
    const g = readTlv(derTime(Date.UTC(2050, 0, 1)));
    expect(g.tag).toBe(TAG.generalizedTime);
    expect(new TextDecoder().decode(g.content)).toBe('20500101000000Z');
  });

  test('utf8Encode matches TextEncoder for any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => {
      expect(utf8Encode(s)).toEqual(new TextEncoder().encode(s));
    }), { numRuns: 300 });
  });

  test('OIDs round-trip through the reader', () => {
    const oid = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 39 }), fc.array(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { maxLength: 8 }));
    fc.assert(fc.property(oid, ([a, b, rest]) => {
      const text = [a, b, ...rest].join('.');
      expect(oidText(readWhole(derOid(text)))).toBe(text);
    }), { numRuns: 500 });
  });
});

describe('DER reader', () => {
  test('walks a nested structure', () => {
    const der = derSequence([derSmallInteger(5), derSequence([derBoolean(false)])]);
    const root = readWhole(der);
    expect(childrenOf(root).map((c) => c.tag)).toEqual([TAG.integer, TAG.sequence]);
    expect(childAt(childAt(root, 1, TAG.sequence), 0, TAG.boolean).content).toEqual(Uint8Array.of(0));
  });

  test.each([
    ['truncated', Uint8Array.of(0x30)],
    ['length past end', Uint8Array.of(0x30, 0x05, 0x01)],
    ['indefinite length', Uint8Array.of(0x30, 0x80, 0, 0)],
    ['oversized length', Uint8Array.of(0x30, 0x85, 1, 1, 1, 1, 1)],
    ['trailing bytes', Uint8Array.of(0x05, 0x00, 0x00)],
  ])('refuses %s with CERT_INVALID', (_name, bytes) => {
    expect(() => readWhole(bytes)).toThrow(expect.objectContaining({ code: 'CERT_INVALID' }));
  });

  test('never throws anything but CERT_INVALID on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          const root = readWhole(bytes);
          if ((root.tag & 0x20) !== 0) childrenOf(root);
        } catch (error) {
          expect(error).toMatchObject({ code: 'CERT_INVALID' });
        }
      }),
      { numRuns: 2000 },
    );
  });
});
