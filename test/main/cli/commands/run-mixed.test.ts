import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../../support/cli.js';
import { VICC_READER, startCardLab, type CardLab } from '../../../support/card-lab.js';
import { startPtyPair } from '../../../support/socat.js';
import { tempDir } from '../../bootstrap/helpers.js';
import { spawnSim } from '../../sim/sim-process.js';

const PROFILE = new URL('../../../fixtures/runs/mixed-bench.yaml', import.meta.url).pathname;
const cleanups: (() => Promise<unknown>)[] = [];
let lab: CardLab;

beforeAll(async () => {
  lab = await startCardLab();
  process.env['PCSCLITE_CSOCK_NAME'] = lab.socketPath;
});
afterAll(async () => lab?.stop());
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Line {
  readonly event: string;
  readonly kind?: string;
  readonly slot?: string;
  readonly devId?: string;
  readonly checked?: string[];
}

describe('bootbench run over a mixed bench', () => {
  it('takes a station profile, a handset on a pty and a card reader; one result per slot', async () => {
    const { dir, remove } = await tempDir('bb-cli-run-mixed-');
    cleanups.push(remove);
    const pair = await startPtyPair(dir, 'tty1');
    cleanups.push(() => pair.stop());
    const sim = await spawnSim(['--port', pair.b, '--state', join(dir, 'phone.json'), '--seed', '61']);
    cleanups.push(() => sim.stop());
    process.env['BB_TEST_CREDENTIAL_KEY'] = '5a'.repeat(32);
    const args = ['run', '--profile', PROFILE, '--port', pair.a, '--reader', VICC_READER, '--credential-key-env', 'BB_TEST_CREDENTIAL_KEY', '--data-dir', join(dir, 'data'), '--json'];
    const first = await runCliCaptured(args);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const results = first.stdout.trim().split('\n').map((l) => JSON.parse(l) as Line).filter((l) => l.event === 'result');
    expect(results.map((r) => [r.slot, r.kind])).toEqual([[pair.a, 'done'], [`reader:${VICC_READER}`, 'done']]);
    expect(results[0]?.devId).toMatch(/^IMEI:/);
    expect(results[1]).toMatchObject({ devId: 'ATR:3b951381018073ff01000b', checked: ['card-verified', 'card-read-as-device'] });
    expect(first.stdout).not.toMatch(/secret/i);
    const again = await runCliCaptured(args.filter((a) => a !== '--json'));
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`reader:${VICC_READER}: already done ATR:3b951381018073ff01000b`));
  });

  it('refuses neither ports nor readers with exit 2', async () => {
    const none = await runCliCaptured(['run', '--profile', PROFILE]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--reader <name\.\.\.>/);
  });
});
