import { describe, expect, it } from 'vitest';
import { headStartCall } from '../../../src-main/device-host/early-first-call.js';

/** A call whose answers the test releases one by one. */
function gatedCalls(): { call: () => Promise<string>; started: () => number; release: (n: number, answer: string | Error) => void } {
  const gates: { resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
  return {
    call: () => new Promise<string>((resolve, reject) => gates.push({ resolve, reject })),
    started: () => gates.length,
    release: (n, answer) => (answer instanceof Error ? gates[n]!.reject(answer) : gates[n]!.resolve(answer)),
  };
}

describe('headStartCall', () => {
  it('starts at once, answers the fallback while pending, then hands the early answer out once', async () => {
    const calls = gatedCalls();
    const head = headStartCall(calls.call, 'pending');
    expect(calls.started()).toBe(1);
    await expect(head.call()).resolves.toBe('pending');
    expect(head.unused()).toBe(true);
    expect(calls.started()).toBe(1);

    calls.release(0, 'early');
    await head.settled;
    await expect(head.call()).resolves.toBe('early');
    expect(head.unused()).toBe(false);
    const fresh = head.call();
    expect(calls.started()).toBe(2);
    calls.release(1, 'fresh');
    await expect(fresh).resolves.toBe('fresh');
  });

  it('keeps an early rejection for its taker, never as an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const calls = gatedCalls();
      const head = headStartCall(calls.call, 'pending');
      calls.release(0, new Error('udevadm failed'));
      await head.settled;
      // One more turn of the event loop: an unhandled rejection would be reported by now.
      await new Promise<void>((resolve) => setImmediate(resolve));
      await expect(head.call()).rejects.toThrow('udevadm failed');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
