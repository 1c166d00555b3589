import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateVerifier } from '../../../../src-main/audit/station-signer.js';
import { CaStore } from '../../../../src-main/pki/ca-store.js';
import { verifyApproval } from '../../../../src-main/profile/approval.js';
import { runCliCaptured } from '../../../support/cli.js';
import { startPostgres, type PostgresCluster } from '../../../support/postgres.js';

const PASSPHRASE = 'Profile-CLI-Passphrase-19c2';
const assets = join(import.meta.dirname, '..', '..', '..', '..', 'assets', 'profiles');
const sample = (name: string) => join(assets, `${name}.yaml`);
let dir: string;
let dataDir: string;
let passFile: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bb-profile-cli-'));
  dataDir = join(dir, 'data');
  passFile = join(dir, 'ca.pass');
  await writeFile(passFile, `${PASSPHRASE}\n`);
  const init = await runCliCaptured(['ca', 'init', '--passphrase-file', passFile, '--data-dir', dataDir]);
  expect(init.code).toBe(0);
});
afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('bootbench profile', () => {
  it('validate: the samples pass (exit 0) with their hashes', async () => {
    const run = await runCliCaptured(['profile', 'validate', sample('factory-handset'), sample('retail-sim'), sample('field-modem'), '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as Array<{ ok: boolean; hash: string; id: string }>;
    expect(out.map((r) => [r.ok, r.id])).toEqual([[true, 'factory-handset'], [true, 'retail-sim'], [true, 'field-modem']]);
    expect(out[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('validate: a bad file exits 2 and names file:line:col and the JSON pointer', async () => {
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, (await readFile(sample('field-modem'), 'utf8')).replace('validityDays: 365', 'validityDays: 0'));
    const run = await runCliCaptured(['profile', 'validate', sample('retail-sim'), bad]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^ok {7}.*retail-sim\.yaml {2}sha256:[0-9a-f]{64}$/m);
    expect(run.stdout).toMatch(new RegExp(`^  ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: /accounts/0/credential/validityDays: .*>=1`, 'm'));
  });

  it('diff: lists changes by pointer; identical content reports none', async () => {
    const changed = join(dir, 'changed.yaml');
    await writeFile(changed, (await readFile(sample('field-modem'), 'utf8')).replace('"2026.10-7"', '"2026.10-8"').replace('      - urn:oma:mo:oma-fumo:1.0\n', ''));
    const run = await runCliCaptured(['profile', 'diff', sample('field-modem'), changed]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('~ /version: "2026.10-7" → "2026.10-8"');
    expect(run.stdout).toMatch(/^[-~] \/accounts\/0\/permittedMoids\/1/m);
    const same = await runCliCaptured(['profile', 'diff', sample('retail-sim'), sample('retail-sim'), '--json']);
    expect(JSON.parse(same.stdout)).toMatchObject({ changes: [] });
  });

  it('approve: stores the version and signs its hash with the station CA; show lists the approval', async () => {
    const run = await runCliCaptured(['profile', 'approve', sample('factory-handset'), '--passphrase-file', passFile, '--data-dir', dataDir, '--by', 'QA Lead', '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { hash: string; isNewVersion: boolean; approval: { versionHash: string; signer: string; approvedBy: string; approvedAt: string; signature: string } };
    expect(out.isNewVersion).toBe(true);
    expect(out.approval).toMatchObject({ versionHash: out.hash, approvedBy: 'QA Lead' });
    const anchors = await (await CaStore.open(dataDir)).trustAnchors();
    const verify = certificateVerifier(anchors.map((a) => a.der));
    expect(verifyApproval(out.approval, verify)).toBe(true);
    expect(verifyApproval({ ...out.approval, versionHash: 'f'.repeat(64) }, verify)).toBe(false);
    const show = await runCliCaptured(['profile', 'show', `sha256:${out.hash}`, '--data-dir', dataDir, '--json']);
    expect(show.code).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({ hash: out.hash, profile: { id: 'factory-handset' }, approvals: [{ approvedBy: 'QA Lead', signature: out.approval.signature }] });
    const again = await runCliCaptured(['profile', 'approve', sample('factory-handset'), '--passphrase-file', passFile, '--data-dir', dataDir, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ hash: out.hash, isNewVersion: false });
    // Each approval is an audit step, and the log verifies.
    const exported = JSON.parse((await runCliCaptured(['audit', 'export', '--json', '--data-dir', dataDir])).stdout) as Array<{ entry: { step: string; who: string; profileVersion: string } }>;
    expect(exported.map((r) => [r.entry.step, r.entry.profileVersion])).toEqual([['profile.approve', out.hash], ['profile.approve', out.hash]]);
    expect(exported[0]!.entry.who).toBe('QA Lead');
    expect((await runCliCaptured(['audit', 'verify', '--data-dir', dataDir])).code).toBe(0);
  });

  it('approve: refuses without a passphrase, with a wrong one, and an invalid profile — storing nothing', async () => {
    const none = await runCliCaptured(['profile', 'approve', sample('retail-sim'), '--data-dir', dataDir, '--json']);
    expect(none.code).toBe(2);
    expect(JSON.parse(none.stdout)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    const wrongFile = join(dir, 'wrong.pass');
    await writeFile(wrongFile, 'not-the-passphrase');
    const wrong = await runCliCaptured(['profile', 'approve', sample('retail-sim'), '--passphrase-file', wrongFile, '--data-dir', dataDir]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/AUTH_FAILED/);
    expect(wrong.stderr + wrong.stdout).not.toContain('not-the-passphrase');
    const show = await runCliCaptured(['profile', 'validate', sample('retail-sim'), '--json']);
    const hash = (JSON.parse(show.stdout) as Array<{ hash: string }>)[0]!.hash;
    const missing = await runCliCaptured(['profile', 'show', `sha256:${hash}`, '--data-dir', dataDir]);
    expect(missing.code).toBe(3);
  });

  it('help has examples', async () => {
    for (const sub of ['validate', 'diff', 'approve', 'show']) {
      const run = await runCliCaptured(['profile', sub, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Examples:');
    }
  });
});

describe('bootbench profile on fleet storage (PostgreSQL)', () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('approve --database-url stores the version and approval in PostgreSQL, show reads them back', async () => {
    const url = cluster.connectionString;
    const run = await runCliCaptured(['profile', 'approve', sample('retail-sim'), '--passphrase-file', passFile, '--data-dir', dataDir, '--database-url', url, '--by', 'Fleet QA', '--json']);
    expect(run.code).toBe(0);
    const { hash } = JSON.parse(run.stdout) as { hash: string };
    const show = await runCliCaptured(['profile', 'show', `sha256:${hash}`, '--database-url', url, '--json']);
    expect(JSON.parse(show.stdout)).toMatchObject({ hash, profile: { id: 'retail-sim' }, approvals: [{ approvedBy: 'Fleet QA' }] });
    const local = await runCliCaptured(['profile', 'show', `sha256:${hash}`, '--data-dir', join(dir, 'elsewhere'), '--database-url', '']);
    expect(local.code).toBe(3);
  });
});

describe('bootbench profile plan', () => {
  const fixtures = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'plan');
  const handset = ['--imei', '490154203237518', '--model', 'Acme X1', '--usb', '1d6b:0104'];
  type PlanJson = {
    variables: { serial: string; counters: Record<string, number> };
    plan: { commands: { name: string; url: string }[]; moDocuments: { path: string; entries: { ClientURI: string; MOData: Record<string, Record<string, unknown>> }[] }[]; bootstrapSpec: { trustAnchors: { certificate: string }[] }; warnings: { pointer: string }[]; cardContent?: { entries: { MOData: { DMAcc: { Auth: { Trsp: { Secret: string } } } } }[] } };
    diff: { instances: { added: string[] } };
  };

  it('prints the plan and diff of a sample profile; the same handset keeps its serial, another gets a new one', async () => {
    const runs = [];
    for (const imei of ['490154203237518', '490154203237518', '356938035643809']) {
      const run = await runCliCaptured(['profile', 'plan', sample('factory-handset'), ...handset.slice(2), '--imei', imei, '--data-dir', dataDir, '--json']);
      expect(run.code).toBe(0);
      runs.push(JSON.parse(run.stdout) as PlanJson);
    }
    const [a, again, b] = runs as [PlanJson, PlanJson, PlanJson];
    expect(a.plan.commands.map((c) => c.name)).toEqual(['HGET', 'HGET', 'HGET']);
    // Per-device identity record (device + profile version): compiling again allocates nothing new.
    expect(again.variables).toEqual(a.variables);
    expect(a.variables.serial).not.toBe(b.variables.serial);
    expect(a.variables.counters['unit']).not.toBe(b.variables.counters['unit']);
    const nap = (p: PlanJson) => p.plan.moDocuments.flatMap((d) => d.entries).find((e) => e.ClientURI.startsWith('urn:oma:mo:oma-connmo-nap:1.0/'))?.MOData['NAP']?.['Name'];
    expect(nap(a)).toBe(`Internet ${String(a.variables.counters['unit']! + 1).padStart(6, '0')}`);
    const ca = (await (await CaStore.open(dataDir)).trustAnchors())[0]!;
    expect(a.plan.bootstrapSpec.trustAnchors[0]?.certificate).toBe(Buffer.from(ca.der).toString('base64'));
    expect(a.diff.instances.added).toContain('urn:oma:mo:oma-dm-dmacc:1.2/operator');
    // device-csr and the notification secret are honoured over the cable: nothing to warn about.
    expect(a.plan.warnings).toEqual([]);
    const text = await runCliCaptured(['profile', 'plan', sample('factory-handset'), ...handset, '--data-dir', dataDir]);
    expect(text.stdout).toContain('HGET http://station.link/repo/bootstrap/accounts');
    expect(text.stdout).toMatch(/\+ urn:oma:mo:oma-dm-dmacc:1.2\/operator DMAcc\/SrvID: op-dm.example/);
  });

  it('refuses a device outside the target, and a plan the flow cannot honour, with exit 2', async () => {
    const other = await runCliCaptured(['profile', 'plan', sample('factory-handset'), '--imei', '490154203237518', '--model', 'Other Z9', '--usb', '1d6b:0104', '--data-dir', dataDir, '--json']);
    expect(other.code).toBe(2);
    expect(JSON.parse(other.stdout)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/\/target\/models: .*"Other Z9" is not in target.models/) } });
    // Every policy compiles for the cable; a handset profile has nothing for a card.
    const cable = await runCliCaptured(['profile', 'plan', sample('factory-handset'), ...handset, '--purpose', 'cable', '--data-dir', dataDir]);
    expect(cable.code).toBe(0);
    const card = await runCliCaptured(['profile', 'plan', sample('factory-handset'), ...handset, '--purpose', 'card', '--data-dir', dataDir]);
    expect(card.code).toBe(2);
    expect(card.stderr + card.stdout).toMatch(/smartcard/);
    const badUsb = await runCliCaptured(['profile', 'plan', sample('factory-handset'), '--usb', 'nope', '--data-dir', dataDir, '--json']);
    expect(badUsb.code).toBe(2);
  });

  it('builds card content from the CSV row with the PSK masked in the output', async () => {
    process.env.BB_PLAN_CRED_KEY = '7e'.repeat(32);
    const run = await runCliCaptured(['profile', 'plan', join(fixtures, 'retail-sim.yaml'), '--iccid', '8944100000000000012', '--atr', '3b9f95801fc78031e073fe211b6300000000aa55', '--purpose', 'card', '--credential-key-env', 'BB_PLAN_CRED_KEY', '--data-dir', dataDir, '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as PlanJson & { plan: { bootstrapSpec: { accounts: { name: string }[] } } };
    expect(out.plan.bootstrapSpec.accounts[0]?.name).toBe('Ada Lovelace');
    expect(out.plan.cardContent?.entries[0]?.MOData.DMAcc.Auth.Trsp.Secret).toBe('•••');
    const noKey = await runCliCaptured(['profile', 'plan', join(fixtures, 'retail-sim.yaml'), '--iccid', '8944100000000000012', '--atr', '3b9f95801fc78031e073fe211b6300000000aa55', '--purpose', 'card', '--data-dir', dataDir, '--json']);
    expect(noKey.code).toBe(2);
    expect(noKey.stdout).toMatch(/station credential key/);
    const preview = await runCliCaptured(['profile', 'plan', join(fixtures, 'retail-sim.yaml'), '--iccid', '8944100000000000012', '--atr', '3b9f95801fc78031e073fe211b6300000000aa55', '--data-dir', dataDir, '--json']);
    expect(preview.code).toBe(0);
    const missing = await runCliCaptured(['profile', 'plan', join(fixtures, 'retail-sim.yaml'), '--iccid', '8944100000000000038', '--atr', '3b9f95801fc78031e073fe211b6300000000aa55', '--purpose', 'card', '--data-dir', dataDir, '--json']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toMatch(/no row for iccid 8944100000000000038/);
  });
});
