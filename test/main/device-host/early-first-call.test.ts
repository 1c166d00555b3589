import { describe, expect, it } from 'vitest';
import { earlyFirstCall } from '../../../src-main/device-host/early-first-call.js';

describe('earlyFirstCall', () => {
  it('starts the call at once and hands that pending result to the first caller only', async () => {
    const started: number[] = [];
    let n = 0;
    const list = earlyFirstCall(async () => {
      started.push(++n);
      return n;
    });
    expect(started).toEqual([1]);
    await expect(list()).resolves.toBe(1);
    expect(started).toEqual([1]);
    await expect(list()).resolves.toBe(2);
    await expect(list()).resolves.toBe(3);
    expect(started).toEqual([1, 2, 3]);
  });

  it('keeps an early rejection for the first caller without an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      let calls = 0;
      const list = earlyFirstCall(() => (++calls === 1 ? Promise.reject(new Error('udevadm failed')) : Promise.resolve(['/dev/ttyS0'])));
      // Let the rejection settle before anyone asks: it must not be reported as unhandled.
      await new Promise<void>((resolve) => setImmediate(resolve));
      await expect(list()).rejects.toThrow('udevadm failed');
      await expect(list()).resolves.toEqual(['/dev/ttyS0']);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
