import { afterEach, describe, expect, it } from 'vitest';
import type { RunProgress } from '../../../src-main/runs/run-types.js';
import { slotName, testStation, type TestStation } from './run-harness.js';

const stations: TestStation[] = [];
afterEach(async () => {
  for (const s of stations.splice(0)) await s.close();
});

async function station(): Promise<TestStation> {
  const s = await testStation();
  stations.push(s);
  return s;
}

const slots = (n: number): string[] => Array.from({ length: n }, (_, i) => slotName(i));

async function doneEntries(s: TestStation, runId: string): Promise<number> {
  return (await s.storage.runs.journal(runId)).filter((e) => e.step === 'run.done').length;
}

describe('RunManager over simulated handsets', () => {
  it('runs a batch under the concurrency limit with distinct identities, journal, audit and ETA progress', async () => {
    const s = await station();
    const progress: RunProgress[] = [];
    const manager = s.manager({ concurrency: 2, onProgress: (p) => progress.push(p) });
    const results = await manager.start(slots(5));
    expect(results.map((r) => r.kind)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(s.bench.maxOpen).toBeLessThanOrEqual(2);
    expect(s.bench.maxOpen).toBe(2);
    const identities = results.map((r) => (r.kind === 'done' ? r.identity : ''));
    expect(new Set(identities).size).toBe(5);
    for (const r of results) if (r.kind === 'done') {
      expect(r.checked).toEqual(['bootstrap-complete']);
      expect(await doneEntries(s, r.runId)).toBe(1);
      expect((await s.storage.runs.getRun(r.runId))?.state).toBe('done');
      const steps = (await s.storage.runs.journal(r.runId)).map((e) => `${e.step}:${e.status}`);
      // Write-ahead: the intent of each non-idempotent step precedes it.
      expect(steps.indexOf('identity.serial:intent')).toBeLessThan(steps.indexOf('identity.serial:done'));
      expect(steps.indexOf('bootstrap:intent')).toBeLessThan(steps.indexOf('bootstrap:done'));
      expect(steps.at(-1)).toBe('run.done:done');
    }
    const perSlot = progress.filter((p) => p.slot === slotName(0)).map((p) => p.state);
    expect(perSlot).toEqual(expect.arrayContaining(['queued', 'identifying', 'bootstrapping', 'first-contact', 'done']));
    expect(progress.filter((p) => p.state === 'bootstrapping' && p.step !== null).length).toBeGreaterThan(0);
    expect(progress.every((p) => Number.isFinite(p.etaMs) && p.etaMs >= 0 && p.batchEtaMs >= 0)).toBe(true);
    expect(progress.filter((p) => p.state === 'done').every((p) => p.etaMs === 0)).toBe(true);
    const audit = await s.storage.audit.list();
    expect(audit.filter((r) => r.entry.step === 'run.finish' && r.entry.result === 'ok')).toHaveLength(5);
  });

  it('does not redo a device that is done: a second batch reports already-done and allocates nothing', async () => {
    const s = await station();
    await s.manager().start(slots(2));
    const before = await s.storage.db.selectFrom('issued_identities').selectAll().execute();
    const again = await s.manager().start(slots(2));
    expect(again.map((r) => r.kind)).toEqual(['already-done', 'already-done']);
    const after = await s.storage.db.selectFrom('issued_identities').selectAll().execute();
    expect(after).toHaveLength(before.length);
    for (const r of again) expect(await doneEntries(s, r.runId ?? '')).toBe(1);
  });

  it('retries only failed runs, resuming their journal and keeping their identity', async () => {
    const s = await station();
    s.bench.faults.set(slotName(1), { hangupAt: 900 });
    const manager = s.manager({ concurrency: 3 });
    const first = await manager.start(slots(3));
    expect(first.map((r) => r.kind)).toEqual(['done', 'failed', 'done']);
    const failed = first[1]!;
    expect(failed.kind === 'failed' && failed.error.code).toBe('DEVICE_DISCONNECTED');
    expect((await s.storage.runs.getRun(failed.runId ?? ''))?.state).toBe('failed');
    const identitiesBefore = await s.storage.db.selectFrom('issued_identities').selectAll().execute();
    s.bench.faults.delete(slotName(1));
    const openedBefore = s.bench.opened;
    const retried = await manager.retryFailed();
    expect(s.bench.opened - openedBefore).toBe(1);
    expect(retried).toHaveLength(1);
    expect(retried[0]).toMatchObject({ kind: 'done', slot: slotName(1), resumed: true });
    const identitiesAfter = await s.storage.db.selectFrom('issued_identities').selectAll().execute();
    expect(identitiesAfter).toHaveLength(identitiesBefore.length);
    expect((await s.storage.runs.getRun(failed.runId ?? ''))?.state).toBe('done');
  });

  it('retry-failed does not provision a different device that now sits in a failed slot', async () => {
    const s = await station();
    s.bench.faults.set(slotName(0), { hangupAt: 900 });
    const manager = s.manager();
    expect((await manager.start(slots(1)))[0]?.kind).toBe('failed');
    s.bench.faults.delete(slotName(0));
    s.bench.seeds.set(slotName(0), 77); // the operator swapped the handset
    const [r] = await manager.retryFailed();
    expect(r).toMatchObject({ kind: 'failed', runId: undefined, error: { code: 'INVALID_REQUEST' } });
    expect((await manager.journal.list()).map((run) => run.state)).toEqual(['failed']);
  });

  it('cancels a queued slot before it starts', async () => {
    const s = await station();
    const manager = s.manager({ concurrency: 1 });
    const running = manager.start(slots(2));
    expect(await manager.cancel(slotName(1))).toBe(true);
    expect(await manager.cancel('sim:99')).toBe(false);
    const results = await running;
    expect(results.map((r) => r.kind)).toEqual(['done', 'cancelled']);
    expect(s.bench.opened).toBe(1);
  });

  it('cancels a running slot: its line is closed and the run ends cancelled, retryable later', async () => {
    const s = await station();
    let manager = s.manager();
    manager = s.manager({
      onProgress: (p) => {
        if (p.state === 'bootstrapping' && p.step === 'link-up') void manager.cancel(p.slot);
      },
    });
    const [r] = await manager.start(slots(1));
    expect(r).toMatchObject({ kind: 'cancelled', slot: slotName(0) });
    expect((await s.storage.runs.getRun(r!.runId ?? ''))?.state).toBe('cancelled');
    const [again] = await s.manager().retryFailed();
    expect(again).toMatchObject({ kind: 'done', slot: slotName(0) });
  });

  it('fails a slot whose line cannot be opened with a typed error and no run row', async () => {
    const s = await station();
    const manager = s.manager({ openChannel: () => Promise.reject(new Error('no such port')) });
    const [r] = await manager.start(['/dev/ttyNOPE']);
    expect(r).toMatchObject({ kind: 'failed', runId: undefined, error: { code: 'INTERNAL' } });
    expect(await manager.journal.list()).toEqual([]);
  });

  it('resumes a run a crash left mid-way on its slot', async () => {
    const s = await station();
    s.bench.faults.set(slotName(0), { hangupAt: 900 });
    await s.manager().start(slots(1));
    const [run] = await s.manager().journal.list();
    // Pretend the station died during the bootstrap: the row is left in `bootstrapping`.
    await s.storage.runs.updateRun(run!.id, { state: 'bootstrapping', error: null });
    s.bench.faults.delete(slotName(0));
    const { slots: resumed, results } = await s.manager().resume();
    expect(resumed).toEqual([slotName(0)]);
    expect((await results).map((r) => r.kind)).toEqual(['done']);
    expect(await doneEntries(s, run!.id)).toBe(1);
  });
});
