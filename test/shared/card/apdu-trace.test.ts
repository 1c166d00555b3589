import { describe, expect, it } from 'vitest';
import { formatTraceEntry, redactCommand, traceEntry } from '../../../src-shared/card/apdu-trace.js';
import { fromHex } from '../../../src-shared/util/bytes.js';

describe('APDU trace', () => {
  it('redacts the data of VERIFY, CHANGE REFERENCE DATA and RESET RETRY COUNTER', () => {
    expect(redactCommand(fromHex('0020000a0831323334353637 38'.replace(' ', ''))!)).toBe('0020000a08' + '**'.repeat(8));
    expect(redactCommand(fromHex('002400010831323334353637 38'.replace(' ', ''))!)).not.toContain('3132');
    expect(redactCommand(fromHex('002c000108 3132333435363738'.replace(' ', ''))!)).not.toContain('3132');
    expect(redactCommand(fromHex('00200001')!)).toBe('00200001');
    expect(redactCommand(fromHex('00d60000023132')!)).toBe('00d60000023132');
  });

  it('decodes the status word and formats a readable line', () => {
    const entry = traceEntry(3, fromHex('00b0000002')!, fromHex('abcd9000')!, 0.5);
    expect(entry).toEqual({ seq: 3, command: '00b0000002', response: 'abcd', sw: '9000', message: 'Success', elapsedMs: 0.5 });
    expect(formatTraceEntry(entry)).toBe('#3 > 00b0000002\n#3 < abcd 9000 Success (0.50 ms)');
    expect(traceEntry(1, fromHex('00a4000c023f00')!, fromHex('6a82')!).message).toBe('File or application not found');
    expect(traceEntry(1, fromHex('00')!, new Uint8Array(0)).sw).toBe('');
  });
});
