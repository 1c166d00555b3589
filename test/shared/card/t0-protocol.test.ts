import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { T0Exchange } from '../../../src-shared/card/t0-protocol.js';
import { fromHex, toHex } from '../../../src-shared/util/bytes.js';

function start(hex: string): { exchange: T0Exchange; header: string } {
  const started = T0Exchange.start(fromHex(hex)!);
  if (!started.ok) throw new Error(started.error);
  return { exchange: started.value.exchange, header: toHex(started.value.header) };
}

describe('T=0 exchange', () => {
  it('sends case-3 data after the INS procedure byte and finishes on SW1 SW2 (NULL in between)', () => {
    const { exchange, header } = start('00d60000030102 03'.replace(' ', ''));
    expect(header).toBe('00d6000003');
    expect(exchange.receive(fromHex('d6')!)).toEqual([{ kind: 'send', bytes: fromHex('010203') }]);
    expect(exchange.receive(fromHex('60')!)).toEqual([{ kind: 'wait' }]);
    expect(exchange.receive(fromHex('9000')!)).toEqual([{ kind: 'done', response: fromHex('9000') }]);
  });

  it('moves one byte per INS xor FF and receives case-2 data', () => {
    const { exchange } = start('00d600000201 02'.replace(' ', ''));
    expect(exchange.receive(fromHex('29')!)).toEqual([{ kind: 'send', bytes: fromHex('01') }]);
    expect(exchange.receive(fromHex('29')!)).toEqual([{ kind: 'send', bytes: fromHex('02') }]);
    const read = start('00b0000004').exchange;
    expect(read.receive(fromHex('b0aabb')!)).toEqual([{ kind: 'wait' }]);
    expect(read.receive(fromHex('ccdd9000')!)).toEqual([{ kind: 'done', response: fromHex('aabbccdd9000') }]);
    expect(start('00b0000000').header).toBe('00b0000000');
  });

  it('passes 61xx/6Cxx through and reports invalid procedure bytes', () => {
    expect(start('00a4000c023f00').exchange.receive(fromHex('6c05')!)).toEqual([{ kind: 'done', response: fromHex('6c05') }]);
    expect(start('00a4000c023f00').exchange.receive(fromHex('12')!)).toEqual([{ kind: 'error', reason: 'invalid procedure byte 12' }]);
    expect(start('00200001').exchange.receive(fromHex('20')!)).toMatchObject([{ kind: 'error' }]);
    expect(T0Exchange.start(fromHex('00a4')!).ok).toBe(false);
  });

  it('never throws on arbitrary card bytes', () => {
    fc.assert(
      fc.property(fc.constantFrom('00a4000c023f00', '00b00000ff', '00200001', '00d6000003010203'), fc.array(fc.uint8Array({ maxLength: 20 }), { maxLength: 20 }), (apdu, chunks) => {
        const { exchange } = start(apdu);
        for (const chunk of chunks) void exchange.receive(chunk);
      }),
      { numRuns: 5000 },
    );
  });
});
