import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceState } from '../../../src-shared/bootstrap/device-state.js';
import { MemoryStateStore } from '../../../src-main/sim/state-store.js';
import { slotName, testStation, type TestStation } from './run-harness.js';

const stations: TestStation[] = [];
afterEach(async () => {
  for (const s of stations.splice(0)) await s.close();
});

/**
 * A handset that loses power right after the station saw its BootstrapComplete, before its own
 * `complete` commit reached its store: that save is dropped (once), as a SIGKILL of the crash test
 * drops it. This is the window behind the crash test's one `bootstrapped@2` handset.
 */
class PowerCutBeforeComplete extends MemoryStateStore {
  dropped = 0;
  override save(state: DeviceState): Promise<void> {
    if (state.bootstrap === 'complete' && this.dropped === 0) {
      this.dropped++;
      return Promise.resolve();
    }
    return super.save(state);
  }
}

describe('a done run whose device never committed complete', () => {
  it('lets the device confirm on the next run: complete@3, still one run.done, nothing allocated again', async () => {
    const s = await testStation();
    stations.push(s);
    const store = new PowerCutBeforeComplete();
    s.bench.stores.set(`${slotName(0)}#1`, store);
    const [first] = await s.manager().start([slotName(0)]);
    expect(first).toMatchObject({ kind: 'done' });
    expect(store.dropped).toBe(1);
    expect((await store.load())).toMatchObject({ bootstrap: 'bootstrapped', generation: 2 });
    const identities = await s.storage.db.selectFrom('issued_identities').selectAll().execute();

    const [again] = await s.manager().start([slotName(0)]);
    expect(again).toMatchObject({ kind: 'already-done', runId: first!.runId });
    expect((await store.load())).toMatchObject({ bootstrap: 'complete', generation: 3 });
    const journal = await s.storage.runs.journal(first!.runId ?? '');
    expect(journal.filter((e) => e.step === 'run.done')).toHaveLength(1);
    expect(journal.filter((e) => e.step === 'bootstrap.confirm').map((e) => e.status)).toEqual(['intent', 'done']);
    expect(await s.storage.db.selectFrom('issued_identities').selectAll().execute()).toHaveLength(identities.length);
    expect((await s.storage.runs.getRun(first!.runId ?? ''))?.state).toBe('done');

    // A third pass finds a complete device: nothing to confirm, the line is just closed.
    const [third] = await s.manager().start([slotName(0)]);
    expect(third).toMatchObject({ kind: 'already-done' });
    expect((await s.storage.runs.journal(first!.runId ?? '')).filter((e) => e.step === 'bootstrap.confirm')).toHaveLength(2);
  });
});
