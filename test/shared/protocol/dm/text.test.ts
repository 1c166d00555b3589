import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteShort, utf8Decode, utf8Encode } from '../../../../src-shared/protocol/dm/text.js';
import { fromBase64 as base64Decode, toBase64 as base64Encode } from '../../../../src-shared/util/base64.js';

describe('UTF-8 and base64 codecs (checked against Node Buffer)', () => {
  it('encodes UTF-8 like Buffer, and decodes it back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        const bytes = utf8Encode(s);
        expect(Buffer.from(bytes).equals(Buffer.from(s, 'utf8'))).toBe(true);
        expect(utf8Decode(bytes)).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects malformed UTF-8 (overlong, surrogates, truncated, out of range)', () => {
    for (const hex of ['c0af', 'e08080', 'eda080', 'e282', 'f4908080', 'ff', '80']) expect(utf8Decode(Buffer.from(hex, 'hex'))).toBeUndefined();
  });

  it('encodes base64 like Buffer and decodes strictly', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        const text = base64Encode(b);
        expect(text).toBe(Buffer.from(b).toString('base64'));
        expect(base64Decode(text)).toEqual(b);
      }),
      { numRuns: 2000 },
    );
    for (const bad of ['A', 'AB=', 'A===', 'AB=C', 'AB C', 'AQ==AQ==', 'AR==', 'AAB=']) expect(base64Decode(bad)).toBeUndefined();
    expect(base64Decode('')).toEqual(new Uint8Array());
  });

  it('quotes untrusted text with a bounded length', () => {
    expect(quoteShort('abc')).toBe('"abc"');
    expect(quoteShort('\u0000'.repeat(100)).length).toBeLessThanOrEqual(82);
  });
});
