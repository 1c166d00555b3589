import { fork } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../../src-main/sim/state-store.js';
import { percentile } from '../../support/bench.js';
import { startSocatSpawner } from '../../support/socat.js';
import { FIXTURE_PATH, loadFixtureSpec } from './helpers.js';
import { ptyAttempt } from './pty-attempt.js';
import type { OffsetRecord, SweepJob } from './pty-sweep-worker.js';
import { scratchDir } from './sweep-harness.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/**
 * Sweep processes (the station and simulator code is single-threaded): one per core, at most 2.
 * On 2 cores Vitest runs one file at a time, so the sweep has the machine; on bigger machines
 * Vitest runs cores − 1 files beside it, and 2 processes (plus their socats) leave them room.
 */
const WORKERS = Number(process.env.BB_SWEEP_WORKERS ?? Math.min(2, availableParallelism()));
/** Offsets in flight per process: each mostly waits on the ptys and socat. */
const LANES = Number(process.env.BB_SWEEP_LANES ?? 8);

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Bundles pty-sweep-worker.ts (esbuild, as `npm run bench` does) under out/, beside node_modules. */
async function bundleWorker(): Promise<string> {
  // One file per run: other test runs may bundle it at the same time.
  const outfile = join(ROOT, `out/test/pty-sweep-worker-${process.pid}.mjs`);
  cleanups.push(() => rm(outfile, { force: true }));
  await build({ absWorkingDir: ROOT, entryPoints: [fileURLToPath(new URL('./pty-sweep-worker.ts', import.meta.url))], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
  return outfile;
}

/** Forks one worker process, sends it its offsets, resolves with its records. */
function runWorker(script: string, job: SweepJob): Promise<OffsetRecord[]> {
  return new Promise((resolve, reject) => {
    const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const pid = child.pid;
    cleanups.push(async () => {
      if (pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGTERM');
    });
    let settled = false;
    child.once('message', (m: { records?: OffsetRecord[]; error?: string }) => {
      settled = true;
      if (m.records !== undefined) resolve(m.records);
      else reject(new Error(`sweep worker failed: ${m.error}`));
    });
    child.once('exit', (code) => {
      if (!settled) reject(new Error(`sweep worker exited (${code}) before reporting`));
    });
    child.send(job);
  });
}

describe('hang-up at EVERY device-bound byte offset of the 4 KB bootstrap, over real socat pty pairs (BB_SWEEP_STRIDE=n samples every nth for quick local runs)', () => {
  it('leaves no partial data or false "done"; the station detects the drop in < 100 ms; the reconnect completes in ≤ 1 s without redoing the apply or the issued credential', async () => {
    const started = performance.now();
    const [script, { dir, remove }] = await Promise.all([bundleWorker(), scratchDir()]);
    cleanups.push(remove);
    // The number of device-bound bytes of a whole bootstrap over a pty pair.
    const spawner = await startSocatSpawner();
    cleanups.push(() => spawner.stop());
    await mkdir(join(dir, 'clean'));
    const clean = await ptyAttempt(await spawner.hangupPair(), await loadFixtureSpec(), new MemoryStateStore(), join(dir, 'clean'));
    expect(clean.result.kind).toBe('completed');
    const total = clean.received;
    expect(total).toBeGreaterThan(3500);
    const stride = Number(process.env.BB_SWEEP_STRIDE ?? 1);
    const offsets = Array.from({ length: Math.ceil(total / stride) }, (_, i) => i * stride);
    const specText = await readFile(FIXTURE_PATH, 'utf8');
    // Interleaved shares, so every process gets early (AT, HELLO) and late (END, BootstrapComplete) cuts.
    const shares = await Promise.all(
      Array.from({ length: WORKERS }, async (_, k) => {
        const journalBase = join(dir, `w${k}`);
        await mkdir(journalBase);
        return runWorker(script, { specText, journalBase, offsets: offsets.filter((_o, i) => i % WORKERS === k), lanes: LANES });
      }),
    );
    const records = shares.flat();
    const detect = records.flatMap((r) => (r.detectMs === undefined ? [] : [r.detectMs]));
    const reconnect = records.flatMap((r) => (r.reconnectMs === undefined ? [] : [r.reconnectMs]));
    const late = records.filter((r) => r.completedDespiteCut === true).length;
    const pastEnd = records.filter((r) => r.pastEnd === true).map((r) => r.offset);
    const reidentified = records.filter((r) => r.reidentified !== undefined);
    const torn = records.filter((r) => r.tornRead !== undefined);
    const f = (v: number): string => v.toFixed(1);
    console.log(
      `pty hang-up sweep: ${records.length} offsets (of ${total} device-bound bytes) in ${((performance.now() - started) / 1000).toFixed(1)} s, ${WORKERS}×${LANES} lanes; ` +
        `detect max ${f(Math.max(...detect))} p99 ${f(percentile(detect, 99))} ms; reconnect max ${f(Math.max(...reconnect))} p99 ${f(percentile(reconnect, 99))} ms; ` +
        `${late} cuts after the last byte the station needed (completed anyway); ${pastEnd.length} offsets past the end of that run's bytes; ` +
        `${reidentified.length} reconnects plugged in twice (first failed identifying${reidentified.length === 0 ? '' : `: ${reidentified[0]!.reidentified}`}); ` +
        `${torn.length} journal reads retried${torn.length === 0 ? '' : ` (${torn[0]!.tornRead})`}`,
    );
    const problems = records.flatMap((r) => r.problems.map((p) => `offset ${r.offset}: ${p}`));
    expect(problems.slice(0, 10)).toEqual([]);
    expect(records.map((r) => r.offset).sort((a, b) => a - b)).toEqual(offsets);
    // Every cut is accounted for: detected (timed) or after the station's last needed byte.
    expect(detect.length + late + pastEnd.length).toBe(offsets.length);
    // A reconnect that failed cleanly while identifying (nothing issued or sent) may be plugged in
    // again, as on a line; it must stay rare (a loaded machine's late AT answers).
    expect(reidentified.length).toBeLessThanOrEqual(Math.ceil(offsets.length / 200));
    // A whole journal on the second read, at most once a sweep (see OffsetRecord.tornRead).
    expect(torn.length).toBeLessThanOrEqual(1);
    // Only the last few offsets may lie past a run's end (a wake AT more or less: 3 bytes each).
    expect(pastEnd.filter((o) => o < total - 16)).toEqual([]);
    expect(reconnect.length).toBe(offsets.length);
    // Timing goals of the issue's proof; under CI load the p99 is asserted and the max reported.
    expect(percentile(detect, 99)).toBeLessThan(100);
    expect(percentile(reconnect, 99)).toBeLessThanOrEqual(1000);
  }, 300_000);
});
