import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bootstrapBody } from '../../../src-shared/card/bootstrap-file.js';
import { OPEN_LOT } from '../../../src-shared/card/brick-guard.js';
import { runBootstrapJob, type BootstrapJobInput } from '../../../src-shared/card/bootstrap-job.js';
import { CardSession } from '../../../src-shared/card/card-session.js';
import { readBootstrapAsDevice } from '../../../src-shared/card/dm-bootstrap.js';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import { utf8Decode } from '../../../src-shared/link/utf8.js';
import { bytesEqual } from '../../../src-shared/util/bytes.js';
import { MemoryJournals, bootstrapJson, fixedClock, sha256 } from '../../support/card-helpers.js';
import { FaultCard } from '../../support/fault-card.js';

function input(body: Uint8Array, journals: MemoryJournals): BootstrapJobInput {
  return { body, sha256, journals, clock: fixedClock, lot: OPEN_LOT, guard: { overrideLastTry: false } };
}

describe('DM smartcard bootstrap job', () => {
  it('personalizes a blank card, writes, verifies, and a device reads the same JSON back', async () => {
    const card = new FaultCard({ iccid: '8944500102198304826' });
    const journals = new MemoryJournals();
    const json = bootstrapJson('one', 4096);
    const { report } = await runBootstrapJob(new CardSession(card), input(bootstrapBody(json), journals));
    expect(report).toEqual({ status: 'ok', cardId: 'iccid:8944500102198304826', generation: 1, passes: 1, written: true });
    expect(journals.records.get('iccid:8944500102198304826')).toMatchObject({ state: 'verified', generation: 1 });
    const device = await readBootstrapAsDevice(new CardSession(card), sha256);
    expect(device.state).toBe('valid');
    if (device.state === 'valid') expect(device.json).toBe(json);
  });

  it('is idempotent and bumps the generation for new content', async () => {
    const card = new FaultCard({ iccid: '8944500102198304826' });
    const journals = new MemoryJournals();
    const a = bootstrapBody(bootstrapJson('a'));
    await runBootstrapJob(new CardSession(card), input(a, journals));
    const again = await runBootstrapJob(new CardSession(card), input(a, journals));
    expect(again.report).toMatchObject({ status: 'ok', generation: 1, written: false });
    const b = await runBootstrapJob(new CardSession(card), input(bootstrapBody(bootstrapJson('b', 9000)), journals));
    expect(b.report).toMatchObject({ status: 'ok', generation: 2, written: true });
  });

  it('reports a card refusal as a value', async () => {
    const card = new FaultCard({ writeNeedsRef: 0x01, codes: new Map([[0x01, { code: '1234', tries: 3 }]]) });
    const { report } = await runBootstrapJob(new CardSession(card), input(bootstrapBody(bootstrapJson('a')), new MemoryJournals()));
    expect(report).toMatchObject({ status: 'rejected', step: 'CREATE FILE 5015', sw: '6982' });
  });
});

describe('slow card and cancellation', () => {
  it('waits for a slow card without timers, stops with CANCELLED when the operator aborts, and the rerun converges', async () => {
    const gates: (() => void)[] = [];
    const card = new FaultCard({ iccid: '8944500102198304826', faults: { delay: () => new Promise<void>((resolve) => gates.push(resolve)) } });
    const journals = new MemoryJournals();
    const body = bootstrapBody(bootstrapJson('slow', 2000));
    const controller = new AbortController();
    const job = runBootstrapJob(new CardSession(card, { signal: controller.signal }), input(body, journals));
    const outcome = job.then(
      () => 'finished',
      (error: unknown) => (error as ProvisioningError).code,
    );
    let released = 0;
    while (released < 25) {
      await new Promise<void>((resolve) => queueMicrotask(resolve));
      const gate = gates.shift();
      if (gate === undefined) continue;
      gate();
      released += 1;
    }
    controller.abort();
    for (const gate of gates.splice(0)) gate();
    expect(await outcome).toBe('CANCELLED');
    expect(card.apduCount).toBe(25);
    card.faults = {};
    const rerun = await runBootstrapJob(new CardSession(card), input(body, journals));
    expect(rerun.report).toMatchObject({ status: 'ok', generation: 1 });
  });
});

describe('tearing recovery (1,000 randomized runs on the fault card)', () => {
  it('never reports mixed content as valid, and converges in one extra pass', async () => {
    const bodies = [600, 1, 255, 256, 1500, 4096].map((n, i) => bootstrapBody(bootstrapJson(`v${i}`, Math.max(n, 120))));
    let torn = 0;
    let mixedReportedOk = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: bodies.length - 1 }),
        fc.integer({ min: 0, max: bodies.length - 1 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 80 }),
        fc.constantFrom<'before' | 'after'>('before', 'after'),
        async (oldIndex, newIndex, hasOld, tearOffset, tearMode) => {
          const card = new FaultCard({ iccid: '89445001021983048260' });
          const journals = new MemoryJournals();
          const oldBody = bodies[oldIndex]!;
          const newBody = bodies[newIndex]!;
          if (hasOld) expect((await runBootstrapJob(new CardSession(card), input(oldBody, journals))).report.status).toBe('ok');
          card.faults = { tearAtApdu: card.apduCount + tearOffset, tearMode };
          let firstOk = false;
          try {
            const first = await runBootstrapJob(new CardSession(card), input(newBody, journals));
            firstOk = first.report.status === 'ok';
            expect(first.report.status).toBe('ok');
          } catch (error) {
            expect(error).toBeInstanceOf(ProvisioningError);
            expect((error as ProvisioningError).code).toBe('CARD_ABSENT');
            torn += 1;
          }
          card.insert();
          card.faults = {};
          const seen = await readBootstrapAsDevice(new CardSession(card), sha256);
          if (seen.state === 'valid') {
            const isOld = hasOld && bytesEqual(seen.body, oldBody);
            const isNew = bytesEqual(seen.body, newBody);
            if (!isOld && !isNew) mixedReportedOk += 1;
            if (firstOk) expect(isNew).toBe(true);
          }
          const second = await runBootstrapJob(new CardSession(card), input(newBody, journals));
          expect(second.report.status).toBe('ok');
          const final = await readBootstrapAsDevice(new CardSession(card), sha256);
          expect(final.state === 'valid' && bytesEqual(final.body, newBody)).toBe(true);
          if (final.state === 'valid') expect(utf8Decode(final.body)).toBe(utf8Decode(newBody));
        },
      ),
      { numRuns: 1000, seed: 0x5eed },
    );
    expect(mixedReportedOk).toBe(0);
    expect(torn).toBeGreaterThan(500);
  });
});
