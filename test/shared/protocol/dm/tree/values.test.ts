import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leafText, leafValuesEqual, parseLeafText } from '../../../../../src-shared/protocol/dm/tree/values.js';
import { leafValueArb } from '../arbitraries.js';

describe('leaf values', () => {
  it('property: parseLeafText inverts leafText for every format', () => {
    fc.assert(
      fc.property(leafValueArb, (v) => {
        const back = parseLeafText(v.format, leafText(v));
        expect(back).toBeDefined();
        expect(leafValuesEqual(back!, v)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['int', '007'],
    ['int', '1.5'],
    ['int', '9007199254740993'],
    ['float', 'NaN'],
    ['float', '1e999'],
    ['bool', 'TRUE'],
    ['bin', 'abc'],
    ['null', 'x'],
  ] as const)('rejects %s %j', (format, text) => {
    expect(parseLeafText(format, text)).toBeUndefined();
  });
});
