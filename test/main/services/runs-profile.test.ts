import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceSummary } from '../../../src-shared/domain/device.js';
import type { Payload } from '../../../src-shared/ipc/contract.js';
import type { RunSlotStatus } from '../../../src-shared/runs/run-status.js';
import type { CallContext } from '../../../src-main/ipc/gate.js';
import { createStation, type Station } from '../../../src-main/station.js';
import { gateCalls, identifiedHandset, untilBus } from './gate-station.js';

// Station runs from a chosen profile version (docs/runs.md "Runs from the profile library"): a real
// station in a temp data dir, the real station CA, SQLite storage, the built-in simulated handset
// identified by its AT probe, bootstrapped over its line and read back with `tree.read`.

const call: CallContext = { via: 'cli', clientId: 'runs-profile-test', signal: new AbortController().signal };
let station: Station;
let dataDir = '';
const events: Payload<'run.progressed'>[] = [];

const { ask, failure } = gateCalls(() => station, call);
const until = <T>(check: () => T | undefined): Promise<T> => untilBus(station, check);

const ended = (slot: string, count: number): RunSlotStatus | undefined => events.filter((e) => e.run.slot === slot && e.run.endedAtMs !== null)[count - 1]?.run;

/** A profile for the built-in simulated handsets (model "SimPhone …"): an account without credentials and one config MO. */
const simProfile = (version: string, models = 'SimPhone*') => `schema: bootbench.profile/v1
id: sim-line
name: Simulated handsets
version: "${version}"
target:
  models: ["${models}"]
accounts:
  - authority: operator
    serverId: op-dm.example
    serverUri: https://dm.operator.example/dm2
    name: Operator
    permittedMoids: [urn:oma:mo:ext-bootbench-apn:1.0]
    credential: { kind: none }
initialConfig:
  - moid: urn:oma:mo:ext-bootbench-apn:1.0
    miid: main
    data:
      APN:
        Name: line-${version}.example
`;

let handset: DeviceSummary;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bb-runs-profile-'));
  station = await createStation({ shell: 'web', serial: false, simulatedDevices: 1, discovery: { usb: false, dataDir }, reportUnexpected: () => undefined });
  station.services.bus.subscribe((name, payload) => name === 'run.progressed' && events.push(payload as Payload<'run.progressed'>));
  handset = await identifiedHandset(station);
});
afterAll(async () => {
  await station.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('station runs from a chosen profile version', () => {
  it('refuses an unapproved or unknown version with a typed error and keeps the demo description', async () => {
    const { version } = await ask('profiles.save', { name: 'sim-line', text: simProfile('1') });
    const refused = await failure('settings.set', { runProfile: { name: 'sim-line', version: version.hash } });
    expect(refused.code).toBe('INVALID_REQUEST');
    expect(refused.message).toMatch(/not approved/);
    expect((await failure('settings.set', { runProfile: { name: 'sim-line', version: 'a'.repeat(64) } })).code).toBe('NOT_FOUND');
    expect((await failure('settings.set', { runProfile: { name: 'Bad Name', version: version.hash } })).code).toBe('INVALID_REQUEST');
    expect((await ask('settings.get', undefined)).runProfile ?? null).toBeNull();
    expect(JSON.parse(await readFile(join(dataDir, 'settings.json'), 'utf8').catch(() => '{}')).runProfile ?? null).toBeNull();
  });

  it('runs an approved version: the run carries its content hash and the handset holds what the profile defines', async () => {
    const { version } = await ask('profiles.save', { name: 'sim-line', text: simProfile('2') });
    await ask('ca.init', { passphrase: 'runs profile test passphrase' });
    await ask('profiles.approve', { name: 'sim-line', version: version.hash, by: 'Line lead' });
    const saved = await ask('settings.set', { runProfile: { name: 'sim-line', version: version.hash } });
    expect(saved.runProfile).toEqual({ name: 'sim-line', version: version.hash });
    expect(JSON.parse(await readFile(join(dataDir, 'settings.json'), 'utf8')).runProfile).toEqual({ name: 'sim-line', version: version.hash });

    await ask('runs.start', { deviceIds: [handset.id] });
    const done = await until(() => ended(handset.slot, 1));
    expect(done, done.errorMessage ?? "").toMatchObject({ state: "done", result: "done", errorCode: null, deviceId: handset.id });

    const audit = await ask('audit.entries', { text: 'run.' });
    const bootstrap = audit.entries.find((e) => e.step === 'run.bootstrap');
    expect(bootstrap?.profileVersion).toBe(version.hash);
    expect(audit.entries.filter((e) => e.step.startsWith('run.')).every((e) => e.profileVersion === null || e.profileVersion === version.hash)).toBe(true);

    const tree = await ask('tree.read', { deviceId: handset.id });
    const values = new Map(tree.rows.filter((r) => r.value !== undefined).map((r) => [r.uri, r.value]));
    expect(values.get('urn:oma:mo:ext-bootbench-apn:1.0/main/Name')).toBe('line-2.example');
    expect(values.get('urn:oma:mo:oma-dm-dmacc:1.2/operator/SrvID')).toBe('op-dm.example');
    expect(values.get('urn:oma:mo:oma-dm-dmacc:1.2/operator/SrvURI')).toBe('https://dm.operator.example/dm2');
  });

  it('a device the chosen profile does not fit fails its run with the plan issues; clearing the choice goes back to the demo', async () => {
    const { version } = await ask('profiles.save', { name: 'sim-line', text: simProfile('3', 'OtherPhone*') });
    await ask('profiles.approve', { name: 'sim-line', version: version.hash, by: 'Line lead' });
    await ask('settings.set', { runProfile: { name: 'sim-line', version: version.hash } });
    await ask('runs.start', { deviceIds: [handset.id] });
    const failed = await until(() => ended(handset.slot, 2));
    expect(failed).toMatchObject({ state: 'failed', errorCode: 'INVALID_REQUEST' });
    expect(failed.errorMessage ?? '').toMatch(/model|target/i);

    expect((await ask('settings.set', { runProfile: null })).runProfile).toBeNull();
    await ask('runs.start', { deviceIds: [handset.id] });
    const demo = await until(() => ended(handset.slot, 3));
    expect(demo.state).toBe('done');
  });
});
