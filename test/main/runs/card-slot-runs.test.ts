/**
 * Card-reader slots in the station's RunsService (docs/runs.md "Card-reader slots"), real card lab:
 * cancel closes the card connection, retry runs it again (an empty reader is skipped), and auto-run
 * fires once per card insert, driven by the real PC/SC reader monitor the way the station's source is.
 */
import { describe, expect, it } from 'vitest';
import type { Payload } from '../../../src-shared/ipc/contract.js';
import { PcscCardChannel } from '../../../src-main/card/pcsc-channel.js';
import { watchReaders, type ReaderEvent } from '../../../src-main/card/reader-monitor.js';
import type { PlanFor } from '../../../src-main/runs/run-types.js';
import type { Storage } from '../../../src-main/storage/open-storage.js';
import { SECOND_READER, VICC_READER } from '../../support/card-lab.js';
import { VpcdCardWorker } from '../../support/vpcd-card-host.js';
import { cardBench, profile, readerRecord, useCardLab } from '../services/runs-service-card-bench.js';

const MIXED = new URL('../../fixtures/runs/mixed-bench.yaml', import.meta.url).pathname;
const VICC_ATR = '3b951381018073ff01000b';
const VPCD_ATR = '3b9596008073002100';
const ICCID = '89445001021983048261';

const { lab: labOf, cleanups } = useCardLab();

/** A deferred: a promise and its resolver. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('RunsService: cancel, retry and auto-run on card-reader slots (real PC/SC card lab)', () => {
  it('cancel closes the card connection of a running card run; retryFailed runs it again and skips a reader that lost its card', { timeout: 20_000 }, async () => {
    const entered = deferred();
    const gate = deferred();
    let first = true;
    // The first plan waits (the card is connected and identified by then) until the test cancels.
    const held = (storage: Storage, dataDir: string): PlanFor => {
      const real = profile(MIXED)(storage, dataDir);
      return async (device) => {
        if (first) {
          first = false;
          entered.resolve();
          await gate.promise;
        }
        return real(device);
      };
    };
    const b = await cardBench(held, cleanups);
    const vicc = readerRecord(VICC_READER, { atr: VICC_ATR });
    // A record that still says "card" while the reader is empty (the card was just pulled).
    const stale = readerRecord(SECOND_READER, { atr: VPCD_ATR });
    b.registry.attach(vicc);
    b.registry.attach(stale);
    expect(b.runs.start({ deviceIds: [vicc.id, stale.id] }).slots).toEqual([vicc.slot, stale.slot]);
    await entered.promise;
    expect(await b.runs.cancel(vicc.id)).toBe(true);
    // The run's exclusive connection is closed: another exclusive connection gets the card at once.
    const probe = await PcscCardChannel.connect(VICC_READER, 'exclusive');
    probe.close();
    gate.resolve();
    expect(await b.ended(vicc.slot)).toMatchObject({ result: 'cancelled', state: 'cancelled', errorCode: null });
    const failed = await b.ended(stale.slot);
    expect(failed).toMatchObject({ result: 'failed', state: 'failed' });
    expect(failed.errorCode).not.toBeNull();

    b.registry.attach(readerRecord(SECOND_READER)); // the source re-publishes it without the card
    const retried = await b.runs.retryFailed();
    expect(retried).toEqual({ slots: [vicc.slot], skipped: [{ deviceId: stale.id, reason: 'no card in the reader' }] });
    expect(await b.ended(vicc.slot, 2)).toMatchObject({ result: 'done', trigger: 'retry', devId: `ATR:${VICC_ATR}` });
  });

  it('auto-run writes a card inserted into a reader once, not again while it stays in; a re-insert finds it already done', { timeout: 20_000 }, async () => {
    const b = await cardBench(profile(MIXED), cleanups);
    await b.settings.set({ autoRun: true });
    // Each run started on a slot (its first event), counted as it is queued.
    const queued: string[] = [];
    const live = new Set<string>();
    b.bus.subscribe((name, payload) => {
      if (name !== 'run.progressed') return;
      const { run } = payload as Payload<'run.progressed'>;
      if (run.endedAtMs !== null) live.delete(run.slot);
      else if (!live.has(run.slot)) {
        live.add(run.slot);
        queued.push(run.slot);
      }
    });
    const slot = `reader:${SECOND_READER}`;
    // The reader's record follows the real reader monitor, as the station's PC/SC source does.
    const removed: (() => void)[] = [];
    const monitor = await watchReaders((e: ReaderEvent) => {
      if (e.kind === 'reader-attached' && e.reader === SECOND_READER) b.registry.attach(readerRecord(SECOND_READER));
      if (e.kind === 'card-inserted' && e.reader === SECOND_READER) b.registry.attach(readerRecord(SECOND_READER, { atr: e.atr }));
      if (e.kind === 'card-removed' && e.reader === SECOND_READER) {
        b.registry.attach(readerRecord(SECOND_READER));
        for (const r of removed.splice(0)) r();
      }
    });
    const vpcd = VpcdCardWorker.start(labOf().slot1Socket, { iccid: ICCID });
    cleanups.push(async () => {
      await vpcd.stop();
      await monitor.stop();
    });
    await vpcd.insert();
    const run = await b.ended(slot);
    expect(run).toMatchObject({ result: 'done', trigger: 'auto', devId: `ICCID:${ICCID}` });
    expect(queued).toEqual([slot]);
    // Re-published with the ICCID read from the card: the same card, no second run (queuing is synchronous).
    b.registry.attach(readerRecord(SECOND_READER, { atr: VPCD_ATR, iccid: ICCID }));
    expect(queued).toEqual([slot]);

    const out = new Promise<void>((r) => removed.push(r));
    await vpcd.remove();
    await out;
    await vpcd.insert();
    expect(await b.ended(slot, 2)).toMatchObject({ result: 'already-done', trigger: 'auto', devId: `ICCID:${ICCID}` });
    expect(queued).toEqual([slot, slot]);
  });
});
