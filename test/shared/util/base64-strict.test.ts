import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fromBase64, toBase64 } from '../../../src-shared/util/base64.js';

describe('base64', () => {
  test('RFC 4648 test vectors', () => {
    const vectors: [string, string][] = [['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foob', 'Zm9vYg=='], ['fooba', 'Zm9vYmE='], ['foobar', 'Zm9vYmFy']];
    for (const [plain, encoded] of vectors) {
      expect(toBase64(new TextEncoder().encode(plain))).toBe(encoded);
      expect(new TextDecoder().decode(fromBase64(encoded))).toBe(plain);
    }
  });

  test('agrees with Node Buffer (an independent implementation) and round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const encoded = toBase64(bytes);
        expect(encoded).toBe(Buffer.from(bytes).toString('base64'));
        expect(fromBase64(encoded)).toEqual(bytes);
      }),
    );
  });

  test('refuses non-canonical or malformed text', () => {
    for (const bad of ['Zg', 'Zh==', 'Z===', 'Zm9v!', 'Zm 9v', '====', 'Zg==Zg==']) expect(fromBase64(bad), bad).toBeUndefined();
  });
});
