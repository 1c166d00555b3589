import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStateStore } from '../../../../src-main/sim/state-store.js';
import { runCliCaptured } from '../../../support/cli.js';
import { startPtyPair } from '../../../support/socat.js';
import { FIXTURE_PATH, tempDir } from '../../bootstrap/helpers.js';
import { spawnSim } from '../../sim/sim-process.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('bootbench bootstrap', () => {
  it('bootstraps a simulated handset on a pty and prints JSON progress and the result', async () => {
    const { dir, remove } = await tempDir('bb-cli-boot-');
    cleanups.push(remove);
    const pair = await startPtyPair(dir);
    cleanups.push(() => pair.stop());
    // The handset's store is sealed (its credentials never reach disk in plaintext).
    process.env.BB_TEST_STATE_KEY = '11'.repeat(32);
    const sim = await spawnSim(['--port', pair.b, '--state', join(dir, 'phone.json'), '--state-key-env', 'BB_TEST_STATE_KEY']);
    cleanups.push(() => sim.stop());
    const run = await runCliCaptured(['bootstrap', '--port', pair.a, '--profile', FIXTURE_PATH, '--journal', join(dir, 'journal'), '--json']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; kind?: string; step?: string });
    expect(lines.filter((l) => l.event === 'step').map((l) => l.step)).toEqual(['identified', 'link-up', 'notified', 'bootstrap-ended', 'bootstrap-complete']);
    expect(lines.at(-1)).toMatchObject({ event: 'result', kind: 'completed' });
    expect(run.stdout).not.toMatch(/secret/i);
    await sim.stop();
    const sealed = await readFile(join(dir, 'phone.json'), 'utf8');
    expect(sealed).not.toContain('dm.operator.test');
    const state = await new FileStateStore(join(dir, 'phone.json'), new Uint8Array(32).fill(0x11)).load();
    expect(state?.bootstrap).toBe('complete');
  });

  it('refuses a malformed description with exit 2 before touching the port', async () => {
    const { dir, remove } = await tempDir('bb-cli-boot-');
    cleanups.push(remove);
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ version: 1, accounts: [] }));
    const run = await runCliCaptured(['bootstrap', '--port', '/nonexistent/tty', '--profile', bad, '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });

  it('reports a missing port with exit 3 (DEVICE_NOT_FOUND)', async () => {
    const { dir, remove } = await tempDir('bb-cli-boot-');
    cleanups.push(remove);
    const run = await runCliCaptured(['bootstrap', '--port', '/nonexistent/tty', '--profile', FIXTURE_PATH, '--journal', join(dir, 'j'), '--json']);
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'DEVICE_NOT_FOUND' } });
  });
});

describe('bootbench bootstrap --profile <station profile>', () => {
  const PROFILE = new URL('../../../fixtures/plan/sim-handset.yaml', import.meta.url).pathname;
  it('--dry-run identifies, prints plan and diff and writes nothing; the real run completes', async () => {
    const { dir, remove } = await tempDir('bb-cli-boot-plan-');
    cleanups.push(remove);
    const dataDir = join(dir, 'data');
    await writeFile(join(dir, 'ca.pass'), 'Boot-Plan-Passphrase-2c9e\n');
    expect((await runCliCaptured(['ca', 'init', '--passphrase-file', join(dir, 'ca.pass'), '--data-dir', dataDir])).code).toBe(0);
    const pair = await startPtyPair(dir);
    cleanups.push(() => pair.stop());
    process.env.BB_TEST_STATE_KEY = '11'.repeat(32);
    process.env.BB_TEST_CRED_KEY = '5a'.repeat(32);
    const sim = await spawnSim(['--port', pair.b, '--state', join(dir, 'phone.json'), '--state-key-env', 'BB_TEST_STATE_KEY']);
    cleanups.push(() => sim.stop());
    const common = ['bootstrap', '--port', pair.a, '--profile', PROFILE, '--journal', join(dir, 'journal'), '--data-dir', dataDir, '--credential-key-env', 'BB_TEST_CRED_KEY'];
    const dry = await runCliCaptured([...common, '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    const planLine = JSON.parse(dry.stdout.trim().split('\n')[0]!) as { event: string; dryRun: boolean; deviceState: string; diff: { instances: { added: string[] } }; plan: { instances: string[] } };
    expect(planLine).toMatchObject({ event: 'plan', dryRun: true, deviceState: 'factory' });
    expect(planLine.diff.instances.added).toEqual(planLine.plan.instances);
    expect(dry.stdout.trim().split('\n')).toHaveLength(1);
    const textDry = await runCliCaptured([...common, '--dry-run']);
    expect(textDry.stdout).toMatch(/\+ urn:oma:mo:ext-bootbench-apn:1.0\/internet APN\/Name: Internet \d{6}/);
    const real = await runCliCaptured([...common, '--json']);
    expect(real.code).toBe(0);
    const lines = real.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; kind?: string; instances?: string[] });
    expect(lines[0]).toMatchObject({ event: 'plan', dryRun: false, deviceState: 'factory' }); // the dry runs wrote nothing
    expect(lines.at(-1)).toMatchObject({ event: 'result', kind: 'completed', instances: (lines[0] as unknown as { plan: { instances: string[] } }).plan.instances });
    expect(real.stdout).not.toMatch(/5a5a5a/i);
    await sim.stop();
    const state = await new FileStateStore(join(dir, 'phone.json'), new Uint8Array(32).fill(0x11)).load();
    expect(state?.bootstrap).toBe('complete');
  });

  it('refuses a profile whose target does not fit the handset with exit 2', async () => {
    const { dir, remove } = await tempDir('bb-cli-boot-plan-');
    cleanups.push(remove);
    const pair = await startPtyPair(dir);
    cleanups.push(() => pair.stop());
    const sim = await spawnSim(['--port', pair.b]);
    cleanups.push(() => sim.stop());
    const profile = new URL('../../../../assets/profiles/field-modem.yaml', import.meta.url).pathname;
    const run = await runCliCaptured(['bootstrap', '--port', pair.a, '--profile', profile, '--journal', join(dir, 'journal'), '--data-dir', join(dir, 'data'), '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/"SimPhone 2" is not in target.models/) } });
  });
});
