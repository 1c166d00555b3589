import { describe, expect, it } from 'vitest';
import { TargetMatch } from '../../../src-shared/profile/profile-schema.js';
import { atrMatches, matchTarget, modelMatches } from '../../../src-shared/profile/target-match.js';

const atr = (hex: string) => Uint8Array.from(hex.split(' ').map((b) => Number.parseInt(b, 16)));

describe('target match', () => {
  it('matches model globs case-insensitively', () => {
    expect(modelMatches('Acme X2*', 'ACME x2 Pro')).toBe(true);
    expect(modelMatches('Acme X2*', 'Acme X1')).toBe(false);
    expect(modelMatches('*X*Pro', 'Acme X2 Pro')).toBe(true);
    expect(modelMatches('a*a', 'a')).toBe(false);
    expect(modelMatches('Acme X1', 'Acme X1')).toBe(true);
  });

  it('matches ATRs under a mask, of equal length only', () => {
    const p = { pattern: '3b950000', mask: 'ffff0000' };
    expect(atrMatches(p, atr('3b 95 13 81'))).toBe(true);
    expect(atrMatches(p, atr('3b 96 13 81'))).toBe(false);
    expect(atrMatches(p, atr('3b 95 13'))).toBe(false);
    expect(atrMatches({ pattern: '3b95' }, atr('3b 95'))).toBe(true);
  });

  it('requires every non-empty criterion, and an unknown fact never matches', () => {
    const target = TargetMatch.parse({ models: ['Acme M2*'], usb: [{ vid: '2C7C', pid: '0x0125' }] });
    expect(matchTarget(target, { model: 'Acme M2e', usb: { vid: '2c7c', pid: '0125' } })).toEqual({ matched: true });
    expect(matchTarget(target, { model: 'Acme M2e', usb: { vid: '2c7c', pid: '0126' } })).toEqual({ matched: false, failed: 'usb' });
    expect(matchTarget(target, { usb: { vid: '2c7c', pid: '0125' } })).toEqual({ matched: false, failed: 'models' });
    const card = TargetMatch.parse({ atr: [{ pattern: '3B 95 13 81 01 80 73 FF 01 00 0B' }] });
    expect(matchTarget(card, { atr: atr('3b 95 13 81 01 80 73 ff 01 00 0b') })).toEqual({ matched: true });
    expect(matchTarget(card, {})).toEqual({ matched: false, failed: 'atr' });
  });
});
