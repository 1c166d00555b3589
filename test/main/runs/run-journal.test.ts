import { afterEach, describe, expect, it } from 'vitest';
import { identityOwnerTag, RunJournal, runIdOf } from '../../../src-main/runs/run-journal.js';
import { testStation, type TestStation } from './run-harness.js';

const stations: TestStation[] = [];
afterEach(async () => {
  for (const s of stations.splice(0)) await s.close();
});

describe('RunJournal', () => {
  it('checks transitions, journals before the row, and keeps one identity per device across a lost journal entry', async () => {
    const s = await testStation();
    stations.push(s);
    const journal = new RunJournal(s.storage, 'st-j', () => '2026-11-24T12:00:00.000Z');
    const { run, created } = await journal.open('IMEI:356938039142964', 'v1', 'sim:0', { imei: '356938039142964' });
    expect(created).toBe(true);
    expect(run).toMatchObject({ id: runIdOf('v1', 'IMEI:356938039142964'), state: 'identifying' });
    expect((await journal.open('IMEI:356938039142964', 'v1', 'sim:0', {})).created).toBe(false);
    await expect(journal.transition(run.id, { kind: 'first-contact-ok' })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    expect(await journal.transition(run.id, { kind: 'identified' })).toBe('bootstrapping');
    // A crash after the allocation (and its per-device record, same transaction) committed but
    // before the run's journal entry: the next attempt reuses it.
    const lost = await s.storage.allocateFor('serial', 'st-j', { devId: 'IMEI:356938039142964', profileVersion: 'v1' }, identityOwnerTag('st-j', 'IMEI:356938039142964'));
    const again = await journal.identityFor(run.id, 'IMEI:356938039142964', 'serial');
    expect(again).toEqual({ identity: lost.identity, reused: true });
    const other = await journal.identityFor(run.id, 'IMEI:490154203237518', 'serial');
    expect(other.reused).toBe(false);
    expect(other.identity.value).not.toBe(lost.identity.value);
    // Another profile version of the same device is another record, hence another serial.
    const { run: v2 } = await journal.open('IMEI:356938039142964', 'v2', 'sim:0', {});
    const next = await journal.identityFor(v2.id, 'IMEI:356938039142964', 'serial');
    expect(next.reused).toBe(false);
    expect(next.identity.value).not.toBe(lost.identity.value);
    expect(await journal.has(run.id, 'state.bootstrapping')).toBe(true);
    expect((await journal.list(['bootstrapping'])).map((r) => r.id)).toEqual([run.id]);
    expect(await journal.list([])).toEqual([]);
    await expect(journal.transition('run:none', { kind: 'start' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
