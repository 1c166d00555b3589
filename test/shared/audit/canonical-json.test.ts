import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalBytes, canonicalJson, type CanonicalValue } from '../../../src-shared/audit/canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys by code unit, drops undefined members and has no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined, A: { z: 0, y: -0 } })).toBe('{"A":{"y":0,"z":0},"a":[true,null,"x"],"b":1}');
  });

  it('orders integer-like keys as strings ("10" before "9"), unlike plain JSON.stringify', () => {
    expect(canonicalJson({ 9: 'a', 10: 'b', x: { 2: 1, 11: 2 } })).toBe('{"10":"b","9":"a","x":{"11":2,"2":1}}');
  });

  it('uses the shortest number form and escapes strings the JSON way', () => {
    expect(canonicalJson([1e21, 0.1, 1.5e-7, 'é\u2028"\\'])).toBe('[1e+21,0.1,1.5e-7,"é\u2028\\"\\\\"]');
  });

  it('refuses non-finite numbers with INVALID_REQUEST', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }) as Error);
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }) as Error);
  });

  it('keeps a "__proto__" member in the text (so it is covered by the hash), in any key order', () => {
    const a = JSON.parse('{"__proto__":false,"":null}') as CanonicalValue;
    const b = JSON.parse('{"":null,"__proto__":false}') as CanonicalValue;
    expect(canonicalJson(a)).toBe('{"":null,"__proto__":false}');
    expect(canonicalJson(b)).toBe('{"":null,"__proto__":false}');
    expect(canonicalJson(JSON.parse('{"__proto__":1,"9":2}') as CanonicalValue)).toBe('{"9":2,"__proto__":1}');
  });

  it('encodes UTF-8 (non-ASCII and astral characters)', () => {
    expect([...canonicalBytes('é😀')]).toEqual([...new TextEncoder().encode('"é😀"')]);
  });

  it('is invariant under key order and round-trips through JSON.parse', () => {
    const json = fc.jsonValue({ noUnicodeString: false, maxDepth: 3 }).filter((v) => !JSON.stringify(v).includes('-0')) as fc.Arbitrary<CanonicalValue>;
    fc.assert(
      fc.property(json, (value) => {
        const text = canonicalJson(value);
        const shuffled = JSON.parse(text, function (this: unknown, _k, v: unknown) {
          if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
          return Object.fromEntries(Object.entries(v).reverse());
        }) as CanonicalValue;
        expect(canonicalJson(shuffled)).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 2000 },
    );
  });
});
