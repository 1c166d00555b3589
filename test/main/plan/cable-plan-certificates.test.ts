import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CaStore } from '../../../src-main/pki/ca-store.js';
import { FileStateStore } from '../../../src-main/sim/state-store.js';
import { STANDARD_MOIDS } from '../../../src-shared/protocol/dm/mo-ids.js';
import { instancesOf } from '../../../src-shared/protocol/dm/tree/tree.js';
import { runCliCaptured } from '../../support/cli.js';
import { startPtyPair } from '../../support/socat.js';
import { tempDir } from '../bootstrap/helpers.js';
import { spawnSim } from '../sim/sim-process.js';

const cleanups: (() => Promise<unknown>)[] = [];
let base: { dir: string; remove: () => Promise<void> };
let dataDir: string;
let pass: string;

/** Every certificate policy at once: a station key, a device key with a notification secret. */
const PROFILE = `schema: bootbench.profile/v1
id: sim-certificates
name: Simulated handset, certificates
version: "1"
target: { models: ["SimPhone*"] }
accounts:
  - authority: operator
    serverId: op-dm.test
    serverUri: https://dm.operator.test/dm2
    name: Operator DM
    permittedMoids: [urn:oma:mo:oma-dm-devinfo:1.2]
    credential: { kind: device-csr, keyType: ec-p256, validityDays: 30 }
    notification: { auth: shared-secret }
  - authority: fleet
    serverId: fleet-dm.test
    serverUri: https://dm.fleet.test/dm2
    name: Fleet DM
    permittedMoids: [urn:oma:mo:oma-fumo:1.0]
    credential: { kind: station-key, keyType: ec-p256, validityDays: 30 }
`;

beforeAll(async () => {
  base = await tempDir('bb-plan-certs-');
  dataDir = join(base.dir, 'data');
  pass = join(base.dir, 'ca.pass');
  await writeFile(pass, 'Plan-Certificates-Passphrase-2b91\n');
  expect((await runCliCaptured(['ca', 'init', '--passphrase-file', pass, '--data-dir', dataDir])).code).toBe(0);
});
afterAll(async () => base.remove());
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('bootbench bootstrap with certificate policies over a pty', () => {
  it('refuses without the CA (exit 2), then certifies a device key and a station key with --ca-passphrase-file', async () => {
    const profile = join(base.dir, 'certs.yaml');
    await writeFile(profile, PROFILE);
    const pair = await startPtyPair(base.dir, 'certs');
    cleanups.push(() => pair.stop());
    const stateFile = join(base.dir, 'phone.json');
    const sim = await spawnSim(['--port', pair.b, '--state', stateFile, '--seed', '9']);
    cleanups.push(() => sim.stop());
    process.env['BB_CERTS_KEY'] = '5a'.repeat(32);
    const args = ['bootstrap', '--port', pair.a, '--profile', profile, '--data-dir', dataDir, '--journal', join(base.dir, 'journal'), '--credential-key-env', 'BB_CERTS_KEY'];
    const noCa = await runCliCaptured(args);
    expect(noCa.code).toBe(2);
    expect(noCa.stderr).toMatch(/--ca-passphrase-file/);
    const done = await runCliCaptured([...args, '--ca-passphrase-file', pass, '--json']);
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    const result = JSON.parse(done.stdout.trim().split('\n').at(-1)!) as { kind: string; credentials: { miid: string; kind: string }[] };
    expect(result.kind).toBe('completed');
    expect(result.credentials.map((c) => `${c.kind}:${c.miid}`).sort()).toEqual(['certificate:fleet', 'certificate:operator', 'psk:operator#noti']);
    expect(done.stdout).not.toMatch(/PRIVATE KEY/);
    const registry = await (await CaStore.open(dataDir)).registry.list();
    expect(registry.map((r) => r.keySource).sort()).toEqual(['device-csr', 'station-generated']);
    await sim.stop();
    const state = await new FileStateStore(stateFile).load();
    expect(state?.bootstrap).toBe('complete');
    expect(instancesOf(state!.tree, STANDARD_MOIDS.dmAcc).map((i) => i.miid).sort()).toEqual(['bootstrap', 'fleet', 'operator']);
  });
});
