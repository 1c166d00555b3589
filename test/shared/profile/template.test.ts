import { describe, expect, it } from 'vitest';
import { counterValue, expandTemplate, parseTemplate } from '../../../src-shared/profile/template.js';

const counters = [{ name: 'unit', start: 100, step: 5, width: 6 }];

describe('templates', () => {
  it('parses literals, variables and escaped braces', () => {
    expect(parseTemplate('a{{b}}{imei}-{counter:unit}')).toEqual({
      ok: true,
      parts: [
        { kind: 'text', text: 'a{b}' },
        { kind: 'var', variable: { kind: 'imei' }, source: 'imei' },
        { kind: 'text', text: '-' },
        { kind: 'var', variable: { kind: 'counter', name: 'unit' }, source: 'counter:unit' },
      ],
    });
  });

  it('refuses unknown variables and stray braces', () => {
    expect(parseTemplate('{mac}')).toMatchObject({ ok: false, problem: { message: expect.stringContaining('unknown variable {mac}') as string } });
    expect(parseTemplate('{csv:}')).toMatchObject({ ok: false });
    expect(parseTemplate('a}b')).toMatchObject({ ok: false, problem: { message: expect.stringContaining('unmatched }') as string } });
    expect(parseTemplate('{imei')).toMatchObject({ ok: false, problem: { message: expect.stringContaining('unclosed {') as string } });
  });

  it('expands every variable kind', () => {
    const ctx = { imei: '356938035643809', iccid: '8944', imsi: '2341', serial: 'SN00000007', counters: { unit: 2 }, csv: { pin: '1234' }, static: { apn: 'm2m' } };
    expect(expandTemplate('{imei}/{iccid}/{imsi}/{serial}/{counter:unit}/{csv:pin}/{static:apn}', ctx, counters)).toEqual({ ok: true, value: '356938035643809/8944/2341/SN00000007/000110/1234/m2m' });
  });

  it('fails (never blanks) when the device has no value for a variable', () => {
    expect(expandTemplate('x{iccid}', { imei: '1' }, counters)).toEqual({ ok: false, problem: { message: 'no value for {iccid} for this device' } });
    expect(expandTemplate('{counter:unit}', {}, counters)).toMatchObject({ ok: false });
    expect(expandTemplate('{counter:other}', { counters: { other: 1 } }, counters)).toMatchObject({ ok: false });
  });

  it('formats counters as start + n·step, zero-padded', () => {
    expect(counterValue({ name: 'c', start: 1, step: 1, width: 0 }, 0)).toBe('1');
    expect(counterValue({ name: 'c', start: 1000, step: 10, width: 6 }, 3)).toBe('001030');
  });
});
