import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cobsDecode, cobsEncode, cobsMaxEncodedLength } from '../../../src-shared/link/cobs.js';
import { fromHex, toHex } from '../../../src-shared/util/bytes.js';

describe('COBS', () => {
  it.each([
    ['00', '0101'],
    ['0000', '010101'],
    ['11220033', '03112202 33'.replace(' ', '')],
    ['11223344', '0511223344'],
    ['11000000', '02110101 01'.replace(' ', '')],
  ])('encodes %s as %s (Cheshire & Baker examples)', (raw, encoded) => {
    expect(toHex(cobsEncode(fromHex(raw)!))).toBe(encoded);
    expect(toHex(cobsDecode(fromHex(encoded)!)!)).toBe(raw);
  });

  it('handles 254-byte runs without zeros', () => {
    const data = Uint8Array.from({ length: 254 }, (_, i) => i + 1);
    const encoded = cobsEncode(data);
    expect(encoded[0]).toBe(0xff);
    expect(encoded.length).toBe(256);
    expect(cobsDecode(encoded)).toEqual(data);
  });

  it('round-trips any bytes and never emits 0x00 (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (data) => {
        const encoded = cobsEncode(data);
        expect(encoded.includes(0)).toBe(false);
        expect(encoded.length).toBeLessThanOrEqual(cobsMaxEncodedLength(data.length));
        expect(cobsDecode(encoded)).toEqual(data);
      }),
    );
  });

  it('rejects blocks with a zero byte or an overrunning code', () => {
    expect(cobsDecode(Uint8Array.of(0x03, 0x11))).toBeUndefined();
    expect(cobsDecode(Uint8Array.of(0x02, 0x00))).toBeUndefined();
    expect(cobsDecode(Uint8Array.of(0x00))).toBeUndefined();
  });
});
