import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCableBootstrap } from '../../../src-main/bootstrap/cable-bootstrap.js';
import { issueCredentials } from '../../../src-main/bootstrap/credentials.js';
import { openCliStorage } from '../../../src-main/cli/commands/profile.js';
import { planForCable } from '../../../src-main/plan/cable-plan.js';
import { treeEntries } from '../../../src-main/plan/current-tree.js';
import { FileStateStore } from '../../../src-main/sim/state-store.js';
import { openSerialChannel } from '../../../src-main/transports/serial-channel.js';
import { planBootstrap } from '../../../src-shared/bootstrap/bootstrap-plan.js';
import { withIssuedCredentials } from '../../../src-shared/bootstrap/bootstrap-spec.js';
import { devIdOf } from '../../../src-shared/bootstrap/factory-tree.js';
import { diffAgainstTree, MASK } from '../../../src-shared/plan/tree-diff.js';
import { runCliCaptured } from '../../support/cli.js';
import { startPtyPair } from '../../support/socat.js';
import { tempDir } from '../bootstrap/helpers.js';
import { spawnSim } from '../sim/sim-process.js';

const PROFILE = new URL('../../fixtures/plan/sim-handset.yaml', import.meta.url).pathname;
const STATE_KEY = new Uint8Array(32).fill(0x22);
const CREDENTIAL_KEY = new Uint8Array(32).fill(0x5a);
const cleanups: (() => Promise<unknown>)[] = [];
let base: { dir: string; remove: () => Promise<void> };
let dataDir: string;

beforeAll(async () => {
  base = await tempDir('bb-plan-cable-');
  dataDir = join(base.dir, 'data');
  const pass = join(base.dir, 'ca.pass');
  await writeFile(pass, 'Plan-Cable-Passphrase-7f31\n');
  expect((await runCliCaptured(['ca', 'init', '--passphrase-file', pass, '--data-dir', dataDir])).code).toBe(0);
});
afterAll(async () => base.remove());
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('profile-driven cable bootstrap against the simulated handset', () => {
  it('identifies, compiles, bootstraps; the device then holds exactly the plan documents', async () => {
    const pair = await startPtyPair(base.dir, 'e2e');
    cleanups.push(() => pair.stop());
    process.env.BB_PLAN_STATE_KEY = '22'.repeat(32);
    const stateFile = join(base.dir, 'phone.json');
    const sim = await spawnSim(['--port', pair.b, '--state', stateFile, '--state-key-env', 'BB_PLAN_STATE_KEY', '--seed', '5']);
    cleanups.push(() => sim.stop());
    const storage = await openCliStorage({ dataDir });
    cleanups.push(() => storage.close());
    const channel = await openSerialChannel({ path: pair.a, hangupProbeMs: 20 });
    const planned = await planForCable({ channel, file: PROFILE, dataDir, storage, stationId: 'test-station' });
    if (!planned.compiled.ok) throw new Error(JSON.stringify(planned.compiled.error));
    const { plan, facts } = planned.compiled.value;
    expect(planned.identified.state).toBe('factory');
    expect(facts.device.model).toBe('SimPhone 2');
    // The diff against the factory image: every planned instance is new; the PSK is not in the plan (derived at run time).
    expect(planned.diff?.instances.added).toEqual(plan.instances);
    expect(planned.diff?.instances.changed).toEqual([]);
    await mkdir(join(base.dir, 'journal'), { recursive: true });
    const result = await runCableBootstrap({ channel, spec: plan.bootstrapSpec, journalDir: join(base.dir, 'journal'), credentialKey: CREDENTIAL_KEY });
    if (result.kind === 'failed') throw new Error(JSON.stringify(result));
    expect(result).toMatchObject({ kind: 'completed', instances: plan.instances });
    await sim.stop();
    const state = await new FileStateStore(stateFile, STATE_KEY).load();
    expect(state?.bootstrap).toBe('complete');
    const onDevice = treeEntries(state!.tree);
    // What the station sent = the plan's documents with the station-derived PSK filled in.
    const devId = devIdOf(facts.device.imei!);
    const sent = planBootstrap(withIssuedCredentials(plan.bootstrapSpec, issueCredentials(plan.bootstrapSpec, devId, CREDENTIAL_KEY).issued)).publications.flatMap((p) => p.entries);
    expect(sent.map((e) => e.ClientURI)).toEqual(plan.entries.map((e) => e.ClientURI));
    expect(diffAgainstTree({ entries: sent }, onDevice)).toEqual({ instances: { added: [], changed: [], unchanged: plan.instances }, nodes: [] });
    // Against the plan itself (its derived credential not compared) nothing is left to do.
    expect(diffAgainstTree(plan, onDevice)).toEqual({ instances: { added: [], changed: [], unchanged: plan.instances }, nodes: [] });
    // Before the run, the diff showed the derived credential as added, masked.
    expect(planned.diff?.nodes).toContainEqual({ kind: 'added', instance: 'urn:oma:mo:oma-dm-dmacc:1.2/operator', path: 'DMAcc/Auth/Trsp/Secret', after: MASK });
    // Nothing else was created: factory instances plus exactly the planned ones.
    const others = onDevice.map((e) => e.ClientURI.replace(/\/$/, '')).filter((i) => !plan.instances.includes(i));
    expect(others.sort()).toEqual(['urn:oma:mo:oma-dm-devinfo:1.2/di', 'urn:oma:mo:oma-dm-dmacc:1.2/bootstrap']);
  });
});
