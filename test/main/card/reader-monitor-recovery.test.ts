import { mkdtempSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReaderState } from 'smartcard';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchReaders, type MonitorContext, type ReaderEvent } from '../../../src-main/card/reader-monitor.js';
import { SECOND_READER, VICC_READER, startCardLab, type CardLab } from '../../support/card-lab.js';

/**
 * libpcsclite reads PCSCLITE_CSOCK_NAME once per process, and every card lab's socket has its own
 * path: the client is pointed at a symlink this test re-points, which is how a restarted pcscd
 * appears at the same place.
 */
const linkDir = mkdtempSync(join(tmpdir(), 'pcsc-link-'));
const socketLink = join(linkDir, 'pcscd.comm');
function pointAt(lab: CardLab): void {
  const next = join(linkDir, 'next');
  symlinkSync(lab.socketPath, next);
  renameSync(next, socketLink);
}
const labs: CardLab[] = [];
beforeAll(() => {
  process.env.PCSCLITE_CSOCK_NAME = socketLink;
});
afterAll(async () => {
  for (const lab of labs) await lab.stop();
  rmSync(linkDir, { recursive: true, force: true });
});

function recorder(): { events: ReaderEvent[]; onEvent: (e: ReaderEvent) => void; until: (match: (events: readonly ReaderEvent[]) => boolean) => Promise<void> } {
  const events: ReaderEvent[] = [];
  const waiters: { match: (events: readonly ReaderEvent[]) => boolean; resolve: () => void }[] = [];
  return {
    events,
    onEvent: (e) => {
      events.push(e);
      for (const w of [...waiters]) {
        if (w.match(events)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    },
    until: (match) => (match(events) ? Promise.resolve() : new Promise((resolve) => waiters.push({ match, resolve }))),
  };
}

const count = (events: readonly ReaderEvent[], kind: ReaderEvent['kind'], reader?: string): number =>
  events.filter((e) => e.kind === kind && (reader === undefined || ('reader' in e && e.reader === reader))).length;

describe('PC/SC reader monitor: no readers, no service', () => {
  it('waits rescanMs between listings while no reader is attached, and stop ends the wait at once', async () => {
    let listings = 0;
    let closed = 0;
    const sleeps: { ms: number; signal: AbortSignal; release: () => void }[] = [];
    let sleepStarted: () => void = () => undefined;
    const context: MonitorContext = {
      listReaders: () => {
        listings += 1;
        return [];
      },
      waitForChange: (_states: ReaderState[]) => Promise.reject(new Error('waitForChange must not be called without readers')),
      cancel: () => undefined,
      close: () => {
        closed += 1;
      },
    };
    const rec = recorder();
    const monitor = await watchReaders(rec.onEvent, {
      rescanMs: 250,
      open: () => Promise.resolve(context),
      sleep: (ms, signal) =>
        new Promise<void>((resolve) => {
          sleeps.push({ ms, signal, release: resolve });
          signal.addEventListener('abort', () => resolve(), { once: true });
          sleepStarted();
        }),
    });
    const nextSleep = (n: number): Promise<void> => (sleeps.length >= n ? Promise.resolve() : new Promise((r) => (sleepStarted = () => sleeps.length >= n && r())));
    await nextSleep(1);
    // One listing, then the loop is parked in the wait (a spinning loop would have listed again).
    expect(listings).toBe(1);
    expect(sleeps[0]!.ms).toBe(250);
    sleeps[0]!.release();
    await nextSleep(2);
    expect(listings).toBe(2);
    await monitor.stop();
    expect(sleeps[1]!.signal.aborted).toBe(true);
    expect(closed).toBe(1);
    expect(listings).toBe(2);
    expect(rec.events).toEqual([]);
  });

  it('reports one error while pcscd is missing, and brings readers back when it starts again (twice)', async () => {
    const rec = recorder();
    const monitor = await watchReaders(rec.onEvent, { rescanMs: 100 });
    try {
      // No pcscd behind the link yet: one error, however many attempts.
      await rec.until((events) => count(events, 'error') === 1);
      expect(rec.events[0]).toMatchObject({ kind: 'error', error: { code: 'DEVICE_NOT_FOUND' } });

      const first = await startCardLab();
      labs.push(first);
      pointAt(first);
      await rec.until((events) => count(events, 'reader-attached', VICC_READER) === 1 && count(events, 'reader-attached', SECOND_READER) === 1);
      await rec.until((events) => count(events, 'card-inserted', VICC_READER) === 1);
      expect(count(rec.events, 'error')).toBe(1);

      await first.stop();
      await rec.until((events) => count(events, 'reader-detached', VICC_READER) === 1 && count(events, 'reader-detached', SECOND_READER) === 1);
      expect(count(rec.events, 'card-removed', VICC_READER)).toBe(1);
      await rec.until((events) => count(events, 'error') === 2);

      const second = await startCardLab();
      labs.push(second);
      pointAt(second);
      await rec.until((events) => count(events, 'reader-attached', VICC_READER) === 2 && count(events, 'reader-attached', SECOND_READER) === 2);
      await rec.until((events) => count(events, 'card-inserted', VICC_READER) === 2);
      // One error per outage, not one per rescan.
      expect(count(rec.events, 'error')).toBe(2);
    } finally {
      await monitor.stop();
    }
  });
});
