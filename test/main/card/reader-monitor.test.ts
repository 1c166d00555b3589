import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchReaders, type ReaderEvent } from '../../../src-main/card/reader-monitor.js';
import { SECOND_READER, VICC_READER, startCardLab, type CardLab } from '../../support/card-lab.js';
import { VpcdCardWorker } from '../../support/vpcd-card-host.js';

let lab: CardLab;
beforeAll(async () => {
  lab = await startCardLab();
  process.env.PCSCLITE_CSOCK_NAME = lab.socketPath;
});
afterAll(async () => {
  await lab?.stop();
});

/** Collects events and resolves waiters when a matching one arrives. */
function recorder(): { events: ReaderEvent[]; onEvent: (e: ReaderEvent) => void; next: (match: (e: ReaderEvent) => boolean) => Promise<ReaderEvent> } {
  const events: ReaderEvent[] = [];
  const waiters: { match: (e: ReaderEvent) => boolean; resolve: (e: ReaderEvent) => void }[] = [];
  return {
    events,
    onEvent: (e) => {
      events.push(e);
      for (const w of [...waiters]) {
        if (w.match(e)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(e);
        }
      }
    },
    next: (match) => {
      const seen = events.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}

describe('PC/SC reader monitor', () => {
  it('reports present readers and cards, then a virtual card inserted and removed in slot 1', async () => {
    const rec = recorder();
    const monitor = await watchReaders(rec.onEvent);
    const vpcd = VpcdCardWorker.start(lab.slot1Socket);
    try {
      await rec.next((e) => e.kind === 'reader-attached' && e.reader === SECOND_READER);
      expect(await rec.next((e) => e.kind === 'card-inserted' && e.reader === VICC_READER)).toEqual({ kind: 'card-inserted', reader: VICC_READER, atr: '3b951381018073ff01000b' });
      await vpcd.insert();
      expect(await rec.next((e) => e.kind === 'card-inserted' && e.reader === SECOND_READER)).toEqual({ kind: 'card-inserted', reader: SECOND_READER, atr: '3b959600807300210' + '0' });
      await vpcd.remove();
      expect(await rec.next((e) => e.kind === 'card-removed' && e.reader === SECOND_READER)).toEqual({ kind: 'card-removed', reader: SECOND_READER });
      expect(rec.events.filter((e) => e.kind === 'error')).toEqual([]);
    } finally {
      await monitor.stop();
      await vpcd.stop();
    }
  });
});
