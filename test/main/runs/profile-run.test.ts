import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planForFile, profilePlanFor } from '../../../src-main/runs/profile-plan.js';
import { getInstance, nodeAt } from '../../../src-shared/protocol/dm/tree/tree.js';
import { STANDARD_MOIDS } from '../../../src-shared/protocol/dm/mo-ids.js';
import { specDigest } from '../../../src-main/bootstrap/cable-bootstrap.js';
import { FIXTURE_SPEC, slotName, testStation, type TestStation } from './run-harness.js';

const SIM_PROFILE = new URL('../../fixtures/plan/sim-handset.yaml', import.meta.url).pathname;
const CREDENTIAL_KEY = new Uint8Array(32).fill(0x5a);
const stations: TestStation[] = [];
afterEach(async () => {
  for (const s of stations.splice(0)) await s.close();
});

/** The fixture profile without its station-CA anchor (no CA in these stations), written to `dir`. */
async function profileFile(dir: string, edit: (text: string) => string = (t) => t): Promise<string> {
  const text = (await readFile(SIM_PROFILE, 'utf8')).replace(/trustAnchors:\n.*\n/, '');
  const file = join(dir, 'line.yaml');
  await writeFile(file, edit(text));
  return file;
}

const leaf = (node: unknown): string | undefined => (node as { kind?: string; value?: unknown } | undefined)?.kind === 'leaf' ? String((node as { value: unknown }).value) : undefined;

describe('runs from a station profile', () => {
  it('compiles each identified handset from the profile: per-device serial = the run identity, stable across runs', async () => {
    const s = await testStation();
    stations.push(s);
    const file = await profileFile(s.dir);
    const planFor = profilePlanFor({ file, dataDir: s.dir, storage: s.storage, stationId: 'st-1' });
    const results = await s.manager({ planFor, credentialKey: CREDENTIAL_KEY }).start([slotName(0), slotName(1)]);
    expect(results.map((r) => r.kind)).toEqual(['done', 'done']);
    for (const [i, r] of results.entries()) {
      if (r.kind !== 'done') throw new Error('expected done');
      const state = await s.bench.stores.get(`${slotName(i)}#${i + 1}`)!.load();
      const account = getInstance(state!.tree, STANDARD_MOIDS.dmAcc, 'operator');
      // `{serial}` in the account name is the identity the run was given (one per-device record).
      expect(leaf(nodeAt(account!.root, ['Name']))).toBe(`Operator DM (${r.identity})`);
      expect(leaf(nodeAt(account!.root, ['Auth', 'Trsp', 'Data']))).toBeDefined();
      const run = await s.storage.runs.getRun(r.runId);
      expect(run?.profileVersion).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(new Set(results.map((r) => (r.kind === 'done' ? r.identity : ''))).size).toBe(2);
    const before = await s.storage.db.selectFrom('issued_identities').selectAll().execute();
    const again = await s.manager({ planFor, credentialKey: CREDENTIAL_KEY }).start([slotName(0), slotName(1)]);
    expect(again.map((r) => r.kind)).toEqual(['already-done', 'already-done']);
    expect(await s.storage.db.selectFrom('issued_identities').selectAll().execute()).toHaveLength(before.length);
  });

  it('a handset the profile does not target fails with the plan issue before anything is written', async () => {
    const s = await testStation();
    stations.push(s);
    const file = await profileFile(s.dir, (t) => t.replace('models: ["SimPhone*"]', 'models: ["Acme*"]'));
    const [r] = await s.manager({ planFor: profilePlanFor({ file, dataDir: s.dir, storage: s.storage, stationId: 'st-1' }), credentialKey: CREDENTIAL_KEY }).start([slotName(0)]);
    expect(r).toMatchObject({ kind: 'failed', runId: undefined, error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/target\/models/) } });
    expect((await s.bench.stores.get(`${slotName(0)}#1`)!.load())?.bootstrap).toBe('factory');
  });

  it('planForFile takes a profile or a bootstrap description, and refuses a broken profile at once', async () => {
    const s = await testStation();
    stations.push(s);
    const o = { dataDir: s.dir, storage: s.storage, stationId: 'st-1' };
    const spec = await planForFile(await readFile(FIXTURE_SPEC, 'utf8'), { ...o, file: FIXTURE_SPEC });
    expect(await spec({ slot: 'x', devId: 'IMEI:1', facts: {} })).toMatchObject({ profileVersion: specDigest(s.spec) });
    const bad = join(s.dir, 'bad.yaml');
    await writeFile(bad, 'schema: bootbench.profile/v1\nid: Bad\n');
    await expect(planForFile(await readFile(bad, 'utf8'), { ...o, file: bad })).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/not a valid profile/) });
    await expect(planForFile('{"version":2}', { ...o, file: 'x.json' })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });
});
