import { createHash, hkdfSync } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { devIdOf } from '../../../src-shared/bootstrap/factory-tree.js';
import { STANDARD_MOIDS } from '../../../src-shared/protocol/dm/mo-ids.js';
import { getInstance, nodeAt } from '../../../src-shared/protocol/dm/tree/tree.js';
import { BootstrapJournal } from '../../../src-main/bootstrap/journal.js';
import { runCableBootstrap } from '../../../src-main/bootstrap/cable-bootstrap.js';
import { memoryChannelPair } from '../../../src-main/sim/memory-channel.js';
import { SimDevice } from '../../../src-main/sim/sim-device.js';
import { simIdentity } from '../../../src-main/sim/sim-identity.js';
import { MemoryStateStore } from '../../../src-main/sim/state-store.js';
import type { BootstrapSpec } from '../../../src-shared/bootstrap/bootstrap-spec.js';
import { loadFixtureSpec, tempDir } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function attempt(spec: BootstrapSpec, store: MemoryStateStore, journalDir: string, key: Uint8Array, hangupAt?: number) {
  const [s, d] = memoryChannelPair();
  const device = new SimDevice({ channel: d, store, identity: simIdentity(9), ...(hangupAt === undefined ? {} : { faults: { hangupAt } }) });
  const running = device.run();
  const result = await runCableBootstrap({ channel: s, spec, journalDir, credentialKey: key });
  await running;
  return result;
}

describe('credentials the station issues (issueTrspSecret)', () => {
  it('are derived once per device: a resumed bootstrap reuses the same credential, journals only its fingerprint, and refuses a different key', async () => {
    const base = await loadFixtureSpec();
    const spec: BootstrapSpec = { ...base, accounts: base.accounts.map((a) => (a.miid === 'enterprise' ? { ...a, issueTrspSecret: true, account: { ...a.account, auth: {} } } : a)) };
    const { dir, remove } = await tempDir('bb-cred-');
    cleanups.push(remove);
    const journalDir = join(dir, 'j');
    await mkdir(journalDir);
    const key = new Uint8Array(32).fill(7);
    const store = new MemoryStateStore();
    const devId = devIdOf(simIdentity(9).imei);
    const cut = await attempt(spec, store, journalDir, key, 1500);
    expect(cut.kind).toBe('failed');
    const wrongKey = await attempt(spec, store, journalDir, new Uint8Array(32).fill(8));
    expect(wrongKey).toMatchObject({ kind: 'failed', stage: 'credentials', error: { code: 'INVALID_REQUEST' } });
    const again = await attempt(spec, store, journalDir, key);
    expect(again.kind).toBe('completed');
    const journal = await BootstrapJournal.open(journalDir, devId);
    expect(journal.record.steps.filter((s) => s.step === 'credential-issued')).toHaveLength(1);
    const expected = new Uint8Array(hkdfSync('sha256', key, 'mdm.enterprise.test', `bootbench-trsp|${devId}`, 32));
    expect(journal.record.credentials).toEqual([{ miid: 'enterprise', fingerprint: createHash('sha256').update('bootbench-credential-fingerprint|').update(expected).digest('hex').slice(0, 16) }]);
    expect(JSON.stringify(journal.record)).not.toContain(Buffer.from(expected).toString('hex'));
    const acc = getInstance((await store.load())!.tree, STANDARD_MOIDS.dmAcc, 'enterprise');
    const secret = nodeAt(acc!.root, ['Auth', 'Trsp', 'Secret']);
    expect(secret?.kind === 'leaf' ? secret.value : undefined).toBe(Buffer.from(expected).toString('base64'));
  });
});
