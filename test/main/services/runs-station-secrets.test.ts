import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceSummary } from '../../../src-shared/domain/device.js';
import type { Payload } from '../../../src-shared/ipc/contract.js';
import type { CallContext } from '../../../src-main/ipc/gate.js';
import { CREDENTIAL_KEY_ENV } from '../../../src-main/areas/runs.js';
import { createStation, type Station } from '../../../src-main/station.js';
import { gateCalls, identifiedHandset, untilBus } from './gate-station.js';

// Station runs of profiles whose accounts carry credentials: the PSK is derived per device from the
// station credential key ($BOOTBENCH_CREDENTIAL_KEY), and a station-key certificate comes from the
// station CA — unlocked in this run; a locked CA fails the run with AUTH_FAILED.

const KEY = 'a1'.repeat(32);
const call: CallContext = { via: 'cli', clientId: 'runs-secrets-test', signal: new AbortController().signal };
let station: Station;
let dataDir = '';
const events: Payload<'run.progressed'>[] = [];

const { ask } = gateCalls(() => station, call);

const ended = (slot: string, count: number): Promise<Payload<'run.progressed'>['run']> =>
  untilBus(station, () => events.filter((e) => e.run.slot === slot && e.run.endedAtMs !== null)[count - 1]?.run);

const profile = (version: string, credential: string) => `schema: bootbench.profile/v1
id: sim-secrets
name: Simulated handsets with credentials
version: "${version}"
target:
  models: ["SimPhone*"]
accounts:
  - authority: operator
    serverId: op-dm.example
    serverUri: https://dm.operator.example/dm2
    name: Operator
    permittedMoids: [urn:oma:mo:ext-bootbench-apn:1.0]
    credential: ${credential}
`;

let handset: DeviceSummary;

beforeAll(async () => {
  process.env[CREDENTIAL_KEY_ENV] = KEY;
  dataDir = await mkdtemp(join(tmpdir(), 'bb-runs-secrets-'));
  station = await createStation({ shell: 'web', serial: false, simulatedDevices: 1, discovery: { usb: false, dataDir }, reportUnexpected: () => undefined });
  delete process.env[CREDENTIAL_KEY_ENV];
  station.services.bus.subscribe((name, payload) => name === 'run.progressed' && events.push(payload as Payload<'run.progressed'>));
  handset = await identifiedHandset(station);
});

afterAll(async () => {
  await station.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function choose(version: string, credential: string): Promise<string> {
  const saved = await ask('profiles.save', { name: 'sim-secrets', text: profile(version, credential) });
  await ask('profiles.approve', { name: 'sim-secrets', version: saved.version.hash, by: 'Line lead' });
  await ask('settings.set', { runProfile: { name: 'sim-secrets', version: saved.version.hash } });
  return saved.version.hash;
}

describe('station runs with credentials', () => {
  it('a PSK account gets a per-device secret from the station credential key, which never reaches the audit log or the journals', async () => {
    await ask('ca.init', { passphrase: 'runs secrets test passphrase' });
    await choose('1', '{ kind: psk, lengthBytes: 32 }');
    await ask('runs.start', { deviceIds: [handset.id] });
    const run = await ended(handset.slot, 1);
    expect(run, run.errorMessage ?? '').toMatchObject({ state: 'done', errorCode: null });
    const tree = await ask('tree.read', { deviceId: handset.id });
    expect(tree.rows.some((r) => r.uri.startsWith('urn:oma:mo:oma-dm-dmacc:1.2/operator/'))).toBe(true);
    const audit = JSON.stringify((await ask('audit.export', { format: 'json' })).text);
    expect(audit).not.toContain(KEY);
    const journal = join(dataDir, 'bootstrap-journal');
    for (const f of await readdir(journal)) expect(await readFile(join(journal, f), 'utf8')).not.toContain(KEY);
  });

  it('a station-key account is certified by the station CA: the run records the certificate fingerprint', async () => {
    await choose('2', '{ kind: station-key, keyType: ec-p256, validityDays: 30 }');
    const before = (await ask('certs.issued', undefined)).length;
    station.services.simulator.attach('Fresh handset'); // the first one is bootstrapped already
    const fresh = await identifiedHandset(station, [handset.id]);
    await ask('runs.start', { deviceIds: [fresh.id] });
    const run = await ended(fresh.slot, 1);
    expect(run, run.errorMessage ?? '').toMatchObject({ state: 'done', errorCode: null });
    const issued = await ask('certs.issued', undefined);
    expect(issued.length).toBe(before + 1);
    const audit = await ask('audit.entries', { text: 'run.bootstrap' });
    expect(audit.entries[0]?.fingerprints.join(' ')).toContain(issued[0]!.fingerprintSha256);
  });
});
