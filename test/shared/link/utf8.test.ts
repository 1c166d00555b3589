import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { utf8Decode, utf8Encode } from '../../../src-shared/link/utf8.js';
import { bytesEqual } from '../../../src-shared/util/bytes.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

describe('utf8', () => {
  it('encodes like TextEncoder for any string (property)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 0x10ffff }), { maxLength: 40 }).map((cps) => cps.map((c) => String.fromCodePoint(c)).join('')), (text) => bytesEqual(utf8Encode(text), encoder.encode(text))));
  });

  it('decodes like TextDecoder, malformed input included (property)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 60 }), (bytes) => utf8Decode(bytes) === decoder.decode(bytes)), { numRuns: 1000 });
    expect(utf8Decode(Uint8Array.of(0xe0, 0x80, 0x41))).toBe('\ufffd\ufffdA');
    expect(utf8Decode(Uint8Array.of(0xf0, 0x9f, 0x98, 0x80))).toBe('😀');
  });
});
