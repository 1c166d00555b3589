import { describe, expect, it } from 'vitest';
import { etaText, runsReducer, INITIAL_RUNS, tally, transitions } from '../../../../src-renderer/features/bench/runs-state.js';
import { aRun } from '../../support/runs-fake-bridge.js';

describe('runs state', () => {
  it('a list replaces every slot; progress events upsert whole slot statuses in order', () => {
    let s = runsReducer(INITIAL_RUNS, { type: 'listed', overview: { slots: [aRun(1)], recent: [], batchEtaMs: 5, concurrency: 3, autoRun: true } });
    expect([...s.slots.keys()]).toEqual(['sim-1']);
    expect(s).toMatchObject({ concurrency: 3, autoRun: true, batchEtaMs: 5 });
    s = runsReducer(s, { type: 'progressed', events: [{ run: aRun(2, { state: 'identifying' }), batchEtaMs: 9 }, { run: aRun(2, { state: 'bootstrapping' }), batchEtaMs: 7 }] });
    expect(s.slots.get('sim-2')?.state).toBe('bootstrapping');
    expect(s.batchEtaMs).toBe(7);
    expect(runsReducer(s, { type: 'progressed', events: [] })).toBe(s);
  });

  it('finds runs that ended, failures and the end of a batch', () => {
    const before = new Map([['sim-1', aRun(1, { state: 'bootstrapping' })], ['sim-2', aRun(2, { state: 'bootstrapping' })]]);
    const oneFailed = new Map(before).set('sim-1', aRun(1, { state: 'failed', result: 'failed', endedAtMs: 5 }));
    expect(transitions(before, oneFailed)).toMatchObject({ batchDone: false, failed: [{ slot: 'sim-1' }] });
    const allDone = new Map(oneFailed).set('sim-2', aRun(2, { state: 'done', result: 'done', endedAtMs: 6 }));
    const t = transitions(oneFailed, allDone);
    expect(t.ended.map((r) => r.slot)).toEqual(['sim-2']);
    expect(t.batchDone).toBe(true);
    expect(transitions(allDone, allDone).ended).toEqual([]);
    expect(tally(allDone.values())).toEqual({ passed: 1, failed: 1, active: 0 });
  });

  it('words the ETA', () => {
    expect(etaText(0)).toBe('');
    expect(etaText(400)).toBe('about 1 s left');
    expect(etaText(12_400)).toBe('about 12 s left');
    expect(etaText(300_000)).toBe('about 5 min left');
  });
});
