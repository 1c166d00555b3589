import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../../support/cli.js';
import { startPtyPair } from '../../../support/socat.js';
import { FIXTURE_PATH, tempDir } from '../../bootstrap/helpers.js';
import { spawnSim } from '../../sim/sim-process.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Line {
  readonly event: string;
  readonly kind?: string;
  readonly slot?: string;
  readonly identity?: string;
  readonly state?: string;
  readonly etaMs?: number;
}

describe('bootbench run', () => {
  it('provisions two simulated handsets on ptys at once, then reports them already done', async () => {
    const { dir, remove } = await tempDir('bb-cli-run-');
    cleanups.push(remove);
    const ports: string[] = [];
    for (const n of [1, 2]) {
      const pair = await startPtyPair(dir, `tty${n}`);
      cleanups.push(() => pair.stop());
      const sim = await spawnSim(['--port', pair.b, '--state', join(dir, `phone${n}.json`), '--seed', String(40 + n)]);
      cleanups.push(() => sim.stop());
      ports.push(pair.a);
    }
    const args = ['run', '--profile', FIXTURE_PATH, '--port', ...ports, '--concurrency', '2', '--data-dir', join(dir, 'data'), '--json'];
    const first = await runCliCaptured(args);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const lines = first.stdout.trim().split('\n').map((l) => JSON.parse(l) as Line);
    const results = lines.filter((l) => l.event === 'result');
    expect(results.map((r) => [r.slot, r.kind])).toEqual(ports.map((p) => [p, 'done']));
    expect(new Set(results.map((r) => r.identity)).size).toBe(2);
    expect(lines.some((l) => l.event === 'progress' && l.state === 'bootstrapping' && typeof l.etaMs === 'number')).toBe(true);
    expect(first.stdout).not.toMatch(/secret/i);
    const again = await runCliCaptured(args.filter((a) => a !== '--json'));
    expect(again.code).toBe(0);
    expect(again.stdout.trim().split('\n')).toEqual(ports.map((p) => expect.stringMatching(new RegExp(`^${p}: already done IMEI:\\d{15} \\(not redone\\)$`)) as unknown as string));
  });

  it('refuses bad input with exit 2 before opening a port', async () => {
    const neither = await runCliCaptured(['run', '--profile', FIXTURE_PATH]);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toMatch(/--port <path\.\.\.> and\/or --reader <name\.\.\.>, or --all/);
    const concurrency = await runCliCaptured(['run', '--profile', FIXTURE_PATH, '--port', '/dev/null', '--concurrency', '0']);
    expect(concurrency.code).toBe(2);
    const missing = await runCliCaptured(['run', '--profile', '/nonexistent/spec.json', '--port', '/dev/null']);
    expect(missing.code).toBe(3);
  });
});
