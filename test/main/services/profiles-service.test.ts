import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandName, Input, Output } from '../../../src-shared/ipc/contract.js';
import { MASK } from '../../../src-shared/plan/tree-diff.js';
import type { CallContext } from '../../../src-main/ipc/gate.js';
import { parseProfileText } from '../../../src-main/profile/profile-file.js';
import { createStation, type Station } from '../../../src-main/station.js';

// The profile library through the station's one gate: real files in a temp data dir, the real
// station CA, SQLite storage and audit log, a built-in simulated handset for the plan diff.

const call: CallContext = { via: 'cli', clientId: 'profiles-test', signal: new AbortController().signal };
let station: Station;
let dataDir = '';

async function ask<C extends CommandName>(name: C, input: Input<C>): Promise<Output<C>> {
  const envelope = await station.gate.dispatch(name, input, call);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { code: envelope.error.code });
  return envelope.value as Output<C>;
}

const failure = async <C extends CommandName>(name: C, input: Input<C>): Promise<{ code: string; message: string }> => {
  const envelope = await station.gate.dispatch(name, input, call);
  if (envelope.ok) throw new Error(`${name} unexpectedly succeeded`);
  return envelope.error;
};

/** A profile for the built-in simulated handsets (model "SimPhone 2"), a PSK account and one config MO. */
const simProfile = (version: string, apn = 'internet.example') => `schema: bootbench.profile/v1
id: sim-line
name: Simulated handsets
version: "${version}"
target:
  models: ["SimPhone*"]
accounts:
  - authority: operator
    serverId: op-dm.example
    serverUri: https://dm.operator.example/dm2
    name: Operator
    permittedMoids: [urn:oma:mo:ext-bootbench-apn:1.0]
    credential: { kind: psk, lengthBytes: 32 }
initialConfig:
  - moid: urn:oma:mo:ext-bootbench-apn:1.0
    miid: main
    data:
      APN:
        Name: ${apn}
`;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bb-profiles-'));
  station = await createStation({ shell: 'web', serial: false, discovery: { dataDir } });
});
afterAll(async () => {
  await station.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('profile library in the station', () => {
  it('is seeded with the sample profiles on first start, each stored under its content hash', async () => {
    const list = await ask('profiles.list', undefined);
    expect(list.map((p) => p.name)).toEqual(['factory-handset', 'field-modem', 'retail-sim']);
    for (const p of list) {
      const asset = await readFile(new URL(`../../../assets/profiles/${p.name}.yaml`, import.meta.url), 'utf8');
      const loaded = parseProfileText(asset);
      expect(loaded.ok && loaded.hash).toBe(p.latest.hash);
      expect(await readFile(join(dataDir, 'profiles', p.name, 'versions', `${p.latest.hash}.yaml`), 'utf8')).toBe(asset);
      expect(p.latest.approval).toBeNull();
    }
    expect((await ask('profiles.get', { name: 'field-modem' })).text).toContain('id: field-modem');
  });

  it('validates text: YAML errors and schema issues with line:column and JSON pointer', async () => {
    const broken = await ask('profiles.validate', { text: 'schema: bootbench.profile/v1\nid: [unclosed\n' });
    expect(broken.ok).toBe(false);
    expect(broken.issues[0]?.line).toBeGreaterThan(0);
    const unknown = await ask('profiles.validate', { text: simProfile('1').replace('name: Operator', 'name: Operator\n    colour: blue') });
    expect(unknown.ok).toBe(false);
    expect(unknown.issues).toContainEqual(expect.objectContaining({ pointer: '/accounts/0/colour', line: 12, column: 5 }));
    const good = await ask('profiles.validate', { text: simProfile('1') });
    expect(good).toMatchObject({ ok: true, issues: [], profileId: 'sim-line', label: '1' });
  });

  it('saves immutable versions: invalid text refused, same content is the same version, history newest first with a diff', async () => {
    expect((await failure('profiles.save', { name: 'sim-line', text: 'id: nope\n' })).code).toBe('INVALID_REQUEST');
    await expect(readdir(join(dataDir, 'profiles', 'sim-line'))).rejects.toThrow();
    const v1 = await ask('profiles.save', { name: 'sim-line', text: simProfile('1') });
    expect(v1.isNew).toBe(true);
    // A comment and re-ordered keys do not change the content hash.
    expect((await ask('profiles.save', { name: 'sim-line', text: `# same\n${simProfile('1')}` })).version.hash).toBe(v1.version.hash);
    const v2 = await ask('profiles.save', { name: 'sim-line', text: simProfile('2', 'fast.example') });
    expect(v2.isNew).toBe(true);
    const versions = await ask('profiles.versions', { name: 'sim-line' });
    expect(versions.map((v) => v.hash)).toEqual([v2.version.hash, v1.version.hash]);
    expect(await readFile(join(dataDir, 'profiles', 'sim-line', 'versions', `${v1.version.hash}.yaml`), 'utf8')).toBe(simProfile('1'));
    const diff = await ask('profiles.diff', { name: 'sim-line', from: v1.version.hash, to: v2.version.hash });
    expect(diff).toEqual([
      { kind: 'changed', pointer: '/initialConfig/0/data/APN/Name', before: 'internet.example', after: 'fast.example' },
      { kind: 'changed', pointer: '/version', before: '1', after: '2' },
    ]);
    expect((await failure('profiles.get', { name: 'sim-line', version: 'f'.repeat(64) })).code).toBe('NOT_FOUND');
  });

  it('approves with the station CA only when unlocked; the signature verifies, a tampered approval does not', async () => {
    const [latest] = await ask('profiles.versions', { name: 'sim-line' });
    expect((await failure('profiles.approve', { name: 'sim-line', version: latest!.hash })).code).toBe('AUTH_FAILED'); // no CA unlocked
    await ask('ca.init', { passphrase: 'profiles test passphrase' });
    const approved = await ask('profiles.approve', { name: 'sim-line', version: latest!.hash, by: 'QA lead' });
    expect(approved.approval).toMatchObject({ approvedBy: 'QA lead', valid: true });
    expect((await ask('ca.status', undefined)).active?.fingerprintSha256).toBe(approved.approval?.signer);
    const list = await ask('profiles.list', undefined);
    expect(list.find((p) => p.name === 'sim-line')).toMatchObject({ versions: 2, approvedVersions: 1 });
    const audit = await ask('audit.entries', { text: 'profile.approve' });
    expect(audit.entries.some((e) => e.step === 'profile.approve' && e.profileVersion === latest!.hash)).toBe(true);
    // Tampering with the stored approval (another signer's name) breaks its signature.
    const file = join(dataDir, 'profiles', 'sim-line', 'approvals', `${latest!.hash}.json`);
    const stored = JSON.parse(await readFile(file, 'utf8')) as { approvedBy: string };
    await writeFile(file, JSON.stringify({ ...stored, approvedBy: 'Mallory' }));
    expect((await ask('profiles.versions', { name: 'sim-line' }))[0]?.approval).toMatchObject({ approvedBy: 'Mallory', valid: false });
  });

  it('compiles the plan for a connected handset and diffs it against the tree read from it, secrets masked', async () => {
    const [device] = station.services.registry.list();
    const [latest] = await ask('profiles.versions', { name: 'sim-line' });
    const result = await ask('profiles.planDiff', { name: 'sim-line', version: latest!.hash, deviceId: device!.id });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.currentTree).toBe('live'); // read over the handset's cable (a factory-state handset)
    expect(result.device.imei).toBe(device!.identity.imei);
    expect(result.diff.added).toEqual(expect.arrayContaining(['urn:oma:mo:oma-dm-dmacc:1.2/operator', 'urn:oma:mo:ext-bootbench-apn:1.0/main']));
    expect(result.diff.nodes).toContainEqual({ kind: 'added', instance: 'urn:oma:mo:ext-bootbench-apn:1.0/main', path: 'APN/Name', after: 'fast.example' });
    const secret = result.diff.nodes.find((n) => n.path.endsWith('Trsp/Secret'));
    expect(secret?.after).toBe(MASK);
    expect(result.credentials).toEqual(['op-dm.example (operator): psk']);
    // A profile that does not fit the handset is a list of plan issues, not an error.
    const [modem] = await ask('profiles.versions', { name: 'field-modem' });
    const mismatch = await ask('profiles.planDiff', { name: 'field-modem', version: modem!.hash, deviceId: device!.id });
    expect(mismatch.ok).toBe(false);
    expect(!mismatch.ok && mismatch.issues[0]?.code).toBe('target-mismatch');
  });
});
