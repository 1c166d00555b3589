import { describe, expect, it } from 'vitest';
import { describeStatusWord, isSuccess } from '../../../src-shared/card/status-words.js';

describe('status words', () => {
  it('decodes the words the station acts on', () => {
    expect(describeStatusWord(0x9000)).toEqual({ sw: 0x9000, kind: 'ok', message: 'Success' });
    expect(describeStatusWord(0x611c)).toMatchObject({ kind: 'more-data', count: 28 });
    expect(describeStatusWord(0x6100)).toMatchObject({ kind: 'more-data', count: 256 });
    expect(describeStatusWord(0x6c10)).toMatchObject({ kind: 'wrong-le', count: 16 });
    expect(describeStatusWord(0x63c2)).toMatchObject({ kind: 'retries', count: 2, message: 'Verification failed or counter query: 2 tries left' });
    expect(describeStatusWord(0x63c1).message).toContain('1 try left');
    expect(describeStatusWord(0x6983)).toMatchObject({ kind: 'blocked' });
    expect(describeStatusWord(0x6a82).message).toBe('File or application not found');
    expect(describeStatusWord(0x6282).kind).toBe('warning');
    expect(describeStatusWord(0x6a8f)).toMatchObject({ kind: 'error', message: 'Wrong parameters P1-P2 (6A8F)' });
    expect(describeStatusWord(0x1234)).toMatchObject({ kind: 'error', message: 'Not an ISO 7816-4 status word (1234)' });
    expect(isSuccess(0x9000)).toBe(true);
    expect(isSuccess(0x6a82)).toBe(false);
  });

  it('gives every 16-bit value a readable message without throwing', () => {
    for (let sw = 0; sw <= 0xffff; sw++) {
      const info = describeStatusWord(sw);
      expect(info.message.length).toBeGreaterThan(3);
    }
  });
});
