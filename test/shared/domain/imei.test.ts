import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { imeiFromBody, isLuhnValid, luhnCheckDigit } from '../../../src-shared/domain/imei.js';

describe('Luhn / IMEI', () => {
  it('matches published examples', () => {
    expect(imeiFromBody('49015420323751')).toBe('490154203237518');
    expect(isLuhnValid('356938035643809')).toBe(true);
    expect(isLuhnValid('356938035643808')).toBe(false);
    expect(luhnCheckDigit('7992739871')).toBe(3);
  });

  it('detects every single-digit change', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{14}$/), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 1, max: 9 }), (body, pos, delta) => {
        const imei = imeiFromBody(body);
        const digit = (Number(imei[pos]) + delta) % 10;
        const changed = imei.slice(0, pos) + String(digit) + imei.slice(pos + 1);
        return isLuhnValid(imei) && !isLuhnValid(changed);
      }),
    );
  });

  it('rejects non-digit input', () => {
    expect(() => luhnCheckDigit('12a')).toThrow(RangeError);
    expect(() => imeiFromBody('123')).toThrow(RangeError);
    expect(isLuhnValid('')).toBe(false);
  });
});
