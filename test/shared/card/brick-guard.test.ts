import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bootstrapBody } from '../../../src-shared/card/bootstrap-file.js';
import { OPEN_LOT, afterPresentation, decidePresentation, presentationOutcome, type LotState } from '../../../src-shared/card/brick-guard.js';
import { runBootstrapJob } from '../../../src-shared/card/bootstrap-job.js';
import { CardSession } from '../../../src-shared/card/card-session.js';
import { utf8Encode } from '../../../src-shared/link/utf8.js';
import { MemoryJournals, bootstrapJson, fixedClock, sha256 } from '../../support/card-helpers.js';
import { FaultCard } from '../../support/fault-card.js';

const noOverride = { overrideLastTry: false };

describe('brick guard policy', () => {
  it('presents only with two or more tries left unless overridden', () => {
    expect(decidePresentation({ kind: 'tries', left: 3 }, OPEN_LOT, noOverride)).toEqual({ kind: 'present' });
    expect(decidePresentation({ kind: 'tries', left: 2 }, OPEN_LOT, noOverride)).toEqual({ kind: 'present' });
    expect(decidePresentation({ kind: 'tries', left: 1 }, OPEN_LOT, noOverride)).toMatchObject({ kind: 'refuse', reason: 'last-try' });
    expect(decidePresentation({ kind: 'tries', left: 1 }, OPEN_LOT, { overrideLastTry: true })).toEqual({ kind: 'present' });
    expect(decidePresentation({ kind: 'tries', left: 0 }, OPEN_LOT, { overrideLastTry: true })).toMatchObject({ kind: 'refuse', reason: 'blocked' });
    expect(decidePresentation({ kind: 'blocked' }, OPEN_LOT, { overrideLastTry: true })).toMatchObject({ kind: 'refuse', reason: 'blocked' });
    expect(decidePresentation({ kind: 'verified' }, OPEN_LOT, noOverride)).toEqual({ kind: 'skip' });
    expect(decidePresentation({ kind: 'unknown', sw: 0x6300 }, OPEN_LOT, noOverride)).toMatchObject({ kind: 'refuse', reason: 'counter-unknown' });
  });

  it('stops the lot after the first wrong code, even with the override', () => {
    const stopped = afterPresentation(OPEN_LOT, 'card-1', presentationOutcome(0x63c2));
    expect(stopped).toEqual({ kind: 'stopped', cardId: 'card-1', reason: 'code wrong on card card-1' });
    expect(decidePresentation({ kind: 'tries', left: 3 }, stopped, { overrideLastTry: true })).toMatchObject({ kind: 'refuse', reason: 'lot-stopped' });
    expect(afterPresentation(OPEN_LOT, 'c', presentationOutcome(0x9000))).toBe(OPEN_LOT);
    expect(presentationOutcome(0x6300)).toBe('wrong');
    expect(presentationOutcome(0x6983)).toBe('blocked');
    expect(presentationOutcome(0x6a88)).toBe('error');
  });
});

describe('brick guard through the station (1,000 randomized lots on the fault card)', () => {
  it('never lets a counter reach 0 and stops the lot after the first wrong code', async () => {
    const body = bootstrapBody(bootstrapJson('lot', 300));
    let wrongLots = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ tries: fc.integer({ min: 0, max: 3 }), programmed: fc.constantFrom('1234', '1234', '1234', '9999') }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom('1234', '1234', '0000'),
        async (cards, operatorCode) => {
          let lot: LotState = OPEN_LOT;
          let sawWrong = false;
          for (const [i, spec] of cards.entries()) {
            const card = new FaultCard({ iccid: `8944000000000000${i}`, writeNeedsRef: 0x01, codes: new Map([[0x01, { code: spec.programmed, tries: spec.tries }]]) });
            const result = await runBootstrapJob(new CardSession(card), {
              body,
              sha256,
              journals: new MemoryJournals(),
              clock: fixedClock,
              lot,
              guard: noOverride,
              code: { ref: 0x01, value: utf8Encode(operatorCode) },
            });
            lot = result.lot;
            expect(card.minTriesSeen).toBeGreaterThanOrEqual(spec.tries === 0 ? 0 : 1);
            expect(card.codes.get(0x01)!.tries).toBeGreaterThanOrEqual(spec.tries === 0 ? 0 : 1);
            if (sawWrong) {
              expect(result.report).toMatchObject({ status: 'refused', reason: 'lot-stopped' });
              expect(card.codes.get(0x01)!.tries).toBe(spec.tries);
            } else if (spec.tries <= 1) {
              expect(result.report).toMatchObject({ status: 'refused' });
            } else if (spec.programmed === operatorCode) {
              expect(result.report.status).toBe('ok');
            } else {
              expect(result.report).toMatchObject({ status: 'code-failed', outcome: 'wrong' });
              sawWrong = true;
              wrongLots += 1;
            }
          }
        },
      ),
      { numRuns: 1000, seed: 0xb71c },
    );
    expect(wrongLots).toBeGreaterThan(100);
  });
});
