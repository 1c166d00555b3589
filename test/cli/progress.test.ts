import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ERROR_CODES } from '../../src-shared/errors/index.js';
import { RUN_STATES } from '../../src-shared/runs/run-state.js';
import type { CliIO } from '../../src-main/cli/io.js';
import { runCli } from '../../src-main/cli/program.js';
import { createProgress, progressEnabled, renderBar } from '../../src-main/cli/progress.js';
import { startPtyPair, type PtyPair } from '../support/socat.js';
import { FIXTURE_PATH, tempDir } from '../main/bootstrap/helpers.js';
import { spawnSim, type SimProcess } from '../main/sim/sim-process.js';

/** A CliIO whose stderr claims to be a terminal (isTTY, columns), as a tty.WriteStream does. */
function ttyIO(tty = true): { io: CliIO; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY: tty, columns: 72 });
  let o = '';
  let e = '';
  stdout.on('data', (c: Buffer) => (o += c.toString()));
  stderr.on('data', (c: Buffer) => (e += c.toString()));
  return { io: { stdout, stderr, isTty: false }, out: () => o, err: () => e };
}

/** `run --json` lines: progress events, then one result per slot. */
const RunJsonLine = z.discriminatedUnion('event', [
  z.object({ event: z.literal('progress'), slot: z.string(), runId: z.string().nullable(), devId: z.string().nullable(), state: z.enum(RUN_STATES), step: z.string().nullable(), etaMs: z.number().nonnegative() }),
  z.object({
    event: z.literal('result'),
    slot: z.string(),
    kind: z.enum(['done', 'already-done', 'failed', 'cancelled']),
    devId: z.string().optional(),
    durationMs: z.number().nonnegative(),
    error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).optional(),
  }),
]);

/** `bootstrap --json` lines: identified, steps, then the result. */
const BootstrapJsonLine = z.discriminatedUnion('event', [
  z.object({ event: z.literal('identified'), devId: z.string(), deviceState: z.string() }),
  z.object({ event: z.literal('step'), step: z.string(), atMs: z.number() }),
  z.object({ event: z.literal('result'), kind: z.enum(['completed', 'refused', 'failed']), devId: z.string().optional(), durationMs: z.number() }),
]);

// eslint-disable-next-line no-control-regex
const CLEAR = /\r\u001b\[K$/;

describe('the progress bar', () => {
  it('draws on a terminal stderr, redraws in place and is cleared', () => {
    const t = ttyIO();
    const bar = createProgress(t.io, false, 'run', 4);
    bar.update(1, undefined, 'slot A');
    bar.tick('slot B');
    expect(t.err()).toContain('\rrun: slot A [');
    expect(t.err()).toMatch(/run: slot B \[#+-+\] 2\/4/);
    bar.clear();
    expect(t.err()).toMatch(CLEAR);
    bar.clear();
    expect(t.err().split('\r\u001b[K')).toHaveLength(2);
    expect(t.out()).toBe('');
  });

  it('draws nothing when stderr is not a terminal, or with --json', () => {
    for (const [t, json] of [[ttyIO(false), false], [ttyIO(true), true]] as const) {
      expect(progressEnabled(t.io, json)).toBe(false);
      const bar = createProgress(t.io, json, 'x', 3);
      bar.update(1);
      bar.tick();
      bar.clear();
      expect(t.err()).toBe('');
    }
  });

  it('fits the terminal width and counts without a total', () => {
    expect(renderBar('bootstrap', 3, 6, 'link-up', 80)).toBe(`bootstrap: link-up [${'#'.repeat(15)}${'-'.repeat(15)}] 3/6`);
    expect(renderBar('card write', 17, undefined, '', 80)).toBe('card write … 17');
    expect(renderBar('x'.repeat(200), 1, 2, '', 40)).toHaveLength(39);
  });
});

describe.concurrent('progress of long commands (simulator on a pty)', () => {
  let dir: string;
  let remove: () => Promise<void>;
  const pairs: PtyPair[] = [];
  const sims: SimProcess[] = [];
  beforeAll(async () => {
    ({ dir, remove } = await tempDir('bb-cli-progress-'));
    for (const n of [1, 2, 3, 4]) {
      const pair = await startPtyPair(dir, `tty${n}`);
      pairs.push(pair);
      sims.push(await spawnSim(['--port', pair.b, '--state', join(dir, `phone${n}.json`), '--seed', String(90 + n)]));
    }
  });
  afterAll(async () => {
    for (const s of sims) await s.stop();
    for (const p of pairs) await p.stop();
    await remove();
  });

  it('bootstrap draws its steps on a terminal and clears the bar before the result', async ({ expect }) => {
    const t = ttyIO();
    const code = await runCli(['bootstrap', '--port', pairs[0]!.a, '--profile', FIXTURE_PATH, '--journal', join(dir, 'j1')], t.io);
    expect(code).toBe(0);
    expect(t.err()).toMatch(/\rbootstrap: bootstrap-complete \[#+\] 6\/6/);
    expect(t.err()).toMatch(CLEAR);
    expect(t.out()).toMatch(/^bootstrap completed for /);
    expect(t.out()).not.toContain('\r');
  });

  it('run counts finished slots on a terminal; with --json on the same terminal it draws nothing', async ({ expect }) => {
    const t = ttyIO();
    const code = await runCli(['run', '--profile', FIXTURE_PATH, '--port', pairs[1]!.a, '--data-dir', join(dir, 'd2')], t.io);
    expect(code).toBe(0);
    expect(t.err()).toMatch(/\rrun: .* \[#+\] 1\/1/);
    expect(t.err()).toMatch(CLEAR);
    const j = ttyIO();
    expect(await runCli(['run', '--profile', FIXTURE_PATH, '--port', pairs[2]!.a, '--data-dir', join(dir, 'd3'), '--json'], j.io)).toBe(0);
    expect(j.err()).toBe('');
    const lines = j.out().trim().split('\n').map((l) => RunJsonLine.parse(JSON.parse(l)));
    expect(lines.at(-1)).toMatchObject({ event: 'result', kind: 'done', slot: pairs[2]!.a });
  });

  it('a piped stderr never gets a bar; bootstrap --json lines match their schema', async ({ expect }) => {
    const t = ttyIO(false);
    const code = await runCli(['bootstrap', '--port', pairs[3]!.a, '--profile', FIXTURE_PATH, '--journal', join(dir, 'j4'), '--json'], t.io);
    expect(code).toBe(0);
    expect(t.err()).toBe('');
    const lines = t.out().trim().split('\n').map((l) => BootstrapJsonLine.parse(JSON.parse(l)));
    expect(lines.at(-1)).toMatchObject({ event: 'result', kind: 'completed' });
  });
});
