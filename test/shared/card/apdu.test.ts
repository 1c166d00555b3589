import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCommandApdu, encodeResponseApdu, parseCommandApdu, parseResponseApdu, swHex } from '../../../src-shared/card/apdu.js';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import { fromHex, toHex } from '../../../src-shared/util/bytes.js';

describe('command APDU codec', () => {
  it('encodes the four ISO 7816-4 cases in short form', () => {
    expect(toHex(encodeCommandApdu({ cla: 0, ins: 0x20, p1: 0, p2: 1 }))).toBe('00200001');
    expect(toHex(encodeCommandApdu({ cla: 0, ins: 0xb0, p1: 1, p2: 2, le: 256 }))).toBe('00b0010200');
    expect(toHex(encodeCommandApdu({ cla: 0, ins: 0xd6, p1: 0, p2: 0, data: fromHex('0102')! }))).toBe('00d60000020102');
    expect(toHex(encodeCommandApdu({ cla: 0, ins: 0xa4, p1: 4, p2: 0, data: fromHex('a0')!, le: 255 }))).toBe('00a4040001a0ff');
  });

  it('refuses APDUs that do not fit the short form with a typed error', () => {
    expect(() => encodeCommandApdu({ cla: 0, ins: 0xd6, p1: 0, p2: 0, data: new Uint8Array(256) })).toThrow(ProvisioningError);
    expect(() => encodeCommandApdu({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 0 })).toThrow(/Le 0/);
    expect(() => encodeCommandApdu({ cla: 256, ins: 0, p1: 0, p2: 0 })).toThrow(/CLA/);
  });

  it('round-trips any short APDU through parse', () => {
    fc.assert(
      fc.property(
        fc.record({ cla: fc.integer({ min: 0, max: 255 }), ins: fc.integer({ min: 0, max: 255 }), p1: fc.integer({ min: 0, max: 255 }), p2: fc.integer({ min: 0, max: 255 }) }),
        fc.option(fc.uint8Array({ minLength: 1, maxLength: 255 }), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 256 }), { nil: undefined }),
        (head, data, le) => {
          const apdu = { ...head, ...(data === undefined ? {} : { data }), ...(le === undefined ? {} : { le }) };
          const parsed = parseCommandApdu(encodeCommandApdu(apdu));
          expect(parsed).toEqual({ ok: true, value: apdu });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary command bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => void parseCommandApdu(bytes)), { numRuns: 5000 });
    expect(parseCommandApdu(fromHex('00a4')!).ok).toBe(false);
    expect(parseCommandApdu(fromHex('00d6000003 0102')!)).toEqual({ ok: false, error: 'APDU length 7 does not match Lc 3' });
  });
});

describe('response APDU codec', () => {
  it('splits body and status word', () => {
    expect(parseResponseApdu(fromHex('01029000')!)).toEqual({ ok: true, value: { data: fromHex('0102'), sw: 0x9000 } });
    expect(parseResponseApdu(fromHex('6a')!).ok).toBe(false);
    expect(toHex(encodeResponseApdu({ data: fromHex('ab')!, sw: 0x6282 }))).toBe('ab6282');
    expect(swHex(0x61f)).toBe('061F');
  });
});
