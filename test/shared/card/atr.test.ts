import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baudRate, buildPpsRequest, parseAtr, verifyPpsResponse } from '../../../src-shared/card/atr.js';
import { fromHex, toHex } from '../../../src-shared/util/bytes.js';
import { FAULT_CARD_ATR } from '../../support/fault-card.js';

describe('ATR parser', () => {
  it('parses the vicc iso7816 ATR (T=1, TCK checked)', () => {
    const atr = parseAtr(fromHex('3B9513810180 73FF01000B'.replace(' ', ''))!);
    expect(atr.ok).toBe(true);
    if (!atr.ok) return;
    expect(atr.value).toMatchObject({ convention: 'direct', protocols: [1], fi: 372, di: 4, tck: 0x0b });
    expect(toHex(atr.value.historical)).toBe('8073ff0100');
  });

  it('parses a T=0 ATR without TCK and derives the fastest rate from TA1', () => {
    const atr = parseAtr(FAULT_CARD_ATR);
    expect(atr).toMatchObject({ ok: true, value: { protocols: [0], fi: 512, di: 32, fMaxHz: 5_000_000 } });
    if (!atr.ok) return;
    expect(atr.value.tck).toBeUndefined();
    expect(baudRate(3_571_200, atr.value.fi, atr.value.di)).toBeCloseTo(223_200);
    expect(baudRate(3_571_200, 372, 1)).toBeCloseTo(9600);
  });

  it('defaults to Fi 372 / Di 1 without TA1 and reports bad input as a reason', () => {
    expect(parseAtr(fromHex('3B00')!)).toMatchObject({ ok: true, value: { fi: 372, di: 1, protocols: [0] } });
    expect(parseAtr(fromHex('3A00')!)).toEqual({ ok: false, error: 'TS 3a is neither 3B (direct) nor 3F (inverse)' });
    expect(parseAtr(fromHex('3B9513810180 73FF01000C'.replace(' ', ''))!)).toEqual({ ok: false, error: 'ATR TCK check failed' });
    expect(parseAtr(fromHex('3B05 0102'.replace(' ', ''))!).ok).toBe(false);
    expect(parseAtr(fromHex('3B10 00'.replace(' ', ''))!).ok).toBe(false);
  });

  it('never throws on fuzzed ATRs', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => void parseAtr(bytes)), { numRuns: 20_000 });
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 33 }), (tail) => void parseAtr(Uint8Array.from([0x3b, ...tail]))), { numRuns: 20_000 });
  });
});

describe('PPS', () => {
  it('builds the request for TA1 and accepts an echo', () => {
    const request = buildPpsRequest(0, 0x96);
    expect(toHex(request)).toBe('ff109679');
    expect(verifyPpsResponse(request, request)).toEqual({ ok: true, value: 'accepted' });
  });

  it('recognises a declined PPS and rejects malformed answers', () => {
    const request = buildPpsRequest(0, 0x96);
    expect(verifyPpsResponse(request, fromHex('ff00ff')!)).toEqual({ ok: true, value: 'declined' });
    expect(verifyPpsResponse(request, fromHex('ff109678')!).ok).toBe(false);
    expect(verifyPpsResponse(request, fromHex('ff')!).ok).toBe(false);
    expect(verifyPpsResponse(request, fromHex('ff119678')!)).toEqual({ ok: false, error: 'PPS response changes the protocol' });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 8 }), (bytes) => void verifyPpsResponse(request, bytes)), { numRuns: 5000 });
  });
});
