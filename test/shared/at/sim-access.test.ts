import { describe, expect, it } from 'vitest';
import { crsmCommand, csimCommand, decodeIccidBcd, EF_ICCID, parseCrsm, parseCsim, CrsmCommand } from '../../../src-shared/at/sim-access.js';
import { fromHex } from '../../../src-shared/util/bytes.js';

describe('SIM access over AT', () => {
  it('formats +CSIM with the hex-character length', () => {
    expect(csimCommand(fromHex('00A4040007A0000000871002')!)).toBe('AT+CSIM=24,"00A4040007A0000000871002"');
  });

  it('parses +CSIM answers and checks the declared length', () => {
    expect(parseCsim(['+CSIM: 8,"01029000"'])).toEqual({ ok: true, value: { data: Uint8Array.of(1, 2), sw1: 0x90, sw2: 0 } });
    expect(parseCsim(['+CSIM: 4,6A82'])).toEqual({ ok: true, value: { data: new Uint8Array(0), sw1: 0x6a, sw2: 0x82 } });
    expect(parseCsim(['+CSIM: 6,"9000"'])).toMatchObject({ ok: false });
    expect(parseCsim(['+CSIM: 2,"90"'])).toMatchObject({ ok: false });
    expect(parseCsim(['+CSIM: 3,"900"'])).toMatchObject({ ok: false });
    expect(parseCsim(['garbage'])).toMatchObject({ ok: false });
  });

  it('formats +CRSM with optional fields', () => {
    expect(crsmCommand({ command: CrsmCommand.readBinary, fileId: EF_ICCID, p1: 0, p2: 0, p3: 10 })).toBe('AT+CRSM=176,12258,0,0,10');
    expect(crsmCommand({ command: CrsmCommand.status })).toBe('AT+CRSM=242');
    expect(crsmCommand({ command: CrsmCommand.updateBinary, fileId: 0x6f07, p3: 2, data: Uint8Array.of(0xab, 0xcd), pathId: '3f007f20' })).toBe('AT+CRSM=214,28423,0,0,2,"ABCD","3F007F20"');
  });

  it('parses +CRSM answers', () => {
    expect(parseCrsm(['+CRSM: 144,0,"98101430121181157002"'])).toEqual({ ok: true, value: { data: fromHex('98101430121181157002'), sw1: 144, sw2: 0 } });
    expect(parseCrsm(['+CRSM: 106,130'])).toEqual({ ok: true, value: { data: new Uint8Array(0), sw1: 106, sw2: 130 } });
    expect(parseCrsm(['+CRSM: 300,0'])).toMatchObject({ ok: false });
    expect(parseCrsm(['+CRSM: 144,0,"ABC"'])).toMatchObject({ ok: false });
  });

  it('decodes EF ICCID BCD with swapped nibbles and F padding', () => {
    expect(decodeIccidBcd(fromHex('98101430121181157002')!)).toBe('89014103211118510720');
    expect(decodeIccidBcd(fromHex('9F08')!)).toBeUndefined();
    expect(decodeIccidBcd(fromHex('9810143012118115F7FF')!)).toBe('89014103211118517');
    expect(decodeIccidBcd(fromHex('A8')!)).toBeUndefined();
  });
});
