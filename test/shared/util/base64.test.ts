import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fromBase64, fromBase64Loose, toBase64 } from '../../../src-shared/util/base64.js';

describe('toBase64', () => {
  test('matches Node for any bytes, and both decoders round-trip it', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const text = toBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(fromBase64(text)).toEqual(bytes);
      expect(fromBase64Loose(text)).toEqual(bytes);
      expect(fromBase64Loose(text.replace(/=+$/, '').replace(/(.{10})/g, '$1\n'))).toEqual(bytes);
    }), { numRuns: 500 });
  });
});

describe('fromBase64Loose (pasted credentials)', () => {
  test('accepts the URL alphabet and refuses foreign characters or impossible lengths', () => {
    expect(fromBase64Loose('-_8')).toEqual(new Uint8Array(Buffer.from('+/8=', 'base64')));
    expect(fromBase64Loose('ab$d')).toBeUndefined();
    expect(fromBase64Loose('abcde')).toBeUndefined();
  });
});

describe('fromBase64 (canonical, the MOData contract)', () => {
  test.each([
    ['missing padding', 'QQ'],
    ['whitespace', 'QUFB\nQUFB'],
    ['URL alphabet', '-_8='],
    ['stray bits in the last group', 'QR=='],
    ['padding in the middle', 'QQ==QQ=='],
    ['foreign character', 'QU$B'],
  ])('refuses %s', (_name, text) => {
    expect(fromBase64(text)).toBeUndefined();
  });

  test('accepts exactly what Node itself writes', () => {
    fc.assert(fc.property(fc.string({ maxLength: 12 }), (text) => {
      const decoded = fromBase64(text);
      if (decoded !== undefined) expect(Buffer.from(decoded).toString('base64')).toBe(text);
    }), { numRuns: 2000 });
    expect(fromBase64('')).toEqual(new Uint8Array(0));
  });
});
