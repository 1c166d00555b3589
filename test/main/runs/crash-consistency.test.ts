import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeDeviceState } from '../../../src-shared/bootstrap/device-state.js';
import { openStorage } from '../../../src-main/storage/open-storage.js';
import { median, percentile } from '../../support/bench.js';
import { FIXTURE_SPEC } from './run-harness.js';

// Kill points per suite run (BB_CRASH_POINTS=1000 for the full proof), spread over scenarios of
// DEVICES handsets; BB_CRASH_SEED picks the points.
const POINTS = Number(process.env['BB_CRASH_POINTS'] ?? 100);
const SEED = Number(process.env['BB_CRASH_SEED'] ?? 8);
const DEVICES = 3;
const MAX_KILLS_PER_SCENARIO = 12;
const PARALLEL = 2;
/** One station life (3 handsets) takes about a second; one that runs this long is stuck. */
const LIFE_LIMIT_MS = 180_000;
const root = join(import.meta.dirname, '..', '..', '..');

let script = '';
const pids = new Set<number>();

beforeAll(async () => {
  script = join(root, 'out', 'test-workers', 'crash-station.mjs');
  await mkdir(join(root, 'out', 'test-workers'), { recursive: true });
  await build({ absWorkingDir: root, entryPoints: ['test/main/runs/crash-station.ts'], outfile: script, bundle: true, platform: 'node', target: 'node22', format: 'esm', packages: 'external', logLevel: 'warning' });
});
afterAll(() => {
  for (const pid of pids) process.kill(pid, 'SIGKILL');
});

/** xorshift32 in [0, 1). */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

interface Life {
  readonly readyMs: number | undefined;
  readonly results: { slot: string; kind: string; code?: string }[] | undefined;
  readonly killed: boolean;
}

/** Runs one station process; kills it `killAfterMs` after it is ready (never when undefined). */
function life(dir: string, killAfterMs: number | undefined): Promise<Life> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, dir, String(DEVICES), '2', FIXTURE_SPEC], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_COMPILE_CACHE: join(root, 'out', 'test-workers', '.compile-cache') } });
    if (child.pid !== undefined) pids.add(child.pid);
    let out = '';
    let err = '';
    let readyMs: number | undefined;
    let timer: NodeJS.Timeout | undefined;
    // A life left to finish that does not: fail with what it printed instead of the whole test's timeout.
    const watchdog = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, LIFE_LIMIT_MS);
    let hung = false;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /^ready (\d+)\n/.exec(out);
      if (readyMs === undefined && m !== null) {
        readyMs = Number(m[1]);
        if (killAfterMs !== undefined) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (child.pid !== undefined) pids.delete(child.pid);
      if (timer !== undefined) clearTimeout(timer);
      clearTimeout(watchdog);
      if (hung) return reject(new Error(`a station life did not end within ${LIFE_LIMIT_MS / 1000} s (ready ${String(readyMs)} ms); stdout: ${out.slice(-500)} stderr: ${err.slice(-2000)}`));
      if (signal === 'SIGKILL') return resolve({ readyMs, results: undefined, killed: true });
      if (code !== 0) return reject(new Error(`station exited ${code}: ${err}`));
      const line = out.split('\n').find((l) => l.startsWith('['));
      resolve({ readyMs, killed: false, results: line === undefined ? undefined : (JSON.parse(line) as Life['results']) });
    });
  });
}

interface Verdict {
  /** Lives killed before the one that finished. */
  readonly kills: number;
  readonly maxReadyMs: number;
  /** Every life's restart-to-ready time (ms from process start). */
  readonly readyMs: readonly number[];
  readonly doubleIdentities: number;
  readonly doneTwice: number;
  readonly notDone: number;
  readonly appliedTwice: number;
  /** Device states that are not `complete@3`, as `state@generation` (must be none). */
  readonly odd: readonly string[];
}

/**
 * One scenario: kill the station at random points after it is ready until a life finishes on its
 * own (or `maxKills` kills), then inspect storage and the devices' state files.
 */
async function scenario(random: () => number, maxKills: number, runMs: number): Promise<Verdict> {
  const dir = await mkdtemp(join(tmpdir(), 'bb-crash-'));
  try {
    await mkdir(join(dir, 'devices'));
    let maxReadyMs = 0;
    const readyMs: number[] = [];
    let killed = 0;
    let final: Life | undefined;
    while (final === undefined) {
      const l = await life(dir, killed < maxKills ? Math.floor(random() * runMs) : undefined);
      maxReadyMs = Math.max(maxReadyMs, l.readyMs ?? 0);
      if (l.readyMs !== undefined) readyMs.push(l.readyMs);
      if (l.killed) killed++;
      else final = l;
    }
    const storage = await openStorage({ kind: 'sqlite', file: join(dir, 'station.sqlite'), durability: 'normal' });
    try {
      const identities = await storage.db.selectFrom('issued_identities').select(['station_id']).execute();
      const perOwner = new Map<string, number>();
      for (const r of identities) perOwner.set(r.station_id, (perOwner.get(r.station_id) ?? 0) + 1);
      const runs = await storage.db.selectFrom('runs').selectAll().execute();
      let doneTwice = 0;
      for (const r of runs) if ((await storage.runs.journal(r.id)).filter((e) => e.step === 'run.done').length !== 1) doneTwice++;
      let appliedTwice = 0;
      const odd: string[] = [];
      for (let seed = 1; seed <= DEVICES; seed++) {
        const state = decodeDeviceState(await readFile(join(dir, 'devices', `${seed}.json`), 'utf8'));
        // Applied exactly once: one bootstrap commit (generation 2), then at most the `complete` commit.
        if (state.bootstrap === 'factory' || state.generation > 3) appliedTwice++;
        if (state.bootstrap !== 'complete' || state.generation !== 3) odd.push(`${state.bootstrap}@${state.generation}`);
      }
      return {
        kills: killed,
        maxReadyMs,
        readyMs,
        doubleIdentities: [...perOwner.values()].filter((n) => n > 1).length + Math.max(0, DEVICES - perOwner.size),
        doneTwice,
        notDone: DEVICES - runs.filter((r) => r.state === 'done').length + (final.results ?? []).filter((r) => r.kind !== 'done' && r.kind !== 'already-done').length,
        appliedTwice,
        odd,
      };
    } finally {
      await storage.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('crash consistency: SIGKILL the station at random points', () => {
  it(`${POINTS} kill points (seed ${SEED}): no double identity, every device done exactly once and complete, ready ≤ 2 s (p99)`, { timeout: 600_000 }, async () => {
    // Calibrate: how long one uninterrupted station life takes after ready (the kill window).
    const t0 = performance.now();
    const calibration = await scenario(prng(SEED), 0, 0);
    const runMs = Math.max(50, performance.now() - t0 - calibration.maxReadyMs);
    expect(calibration).toMatchObject({ doubleIdentities: 0, doneTwice: 0, notDone: 0, appliedTwice: 0 });
    const verdicts: Verdict[] = [];
    const sum = (f: (v: Verdict) => number): number => verdicts.reduce((a, v) => a + f(v), 0);
    for (let s = 0; sum((v) => v.kills) < POINTS; s += PARALLEL) {
      const batch = Array.from({ length: PARALLEL }, (_, k) => scenario(prng(SEED * 7919 + s + k), MAX_KILLS_PER_SCENARIO, runMs));
      verdicts.push(...(await Promise.all(batch)));
    }
    const ready = verdicts.flatMap((v) => v.readyMs);
    const summary = { scenarios: verdicts.length, kills: sum((v) => v.kills), doubleIdentities: sum((v) => v.doubleIdentities), doneTwice: sum((v) => v.doneTwice), notDone: sum((v) => v.notDone), appliedTwice: sum((v) => v.appliedTwice), readyP50Ms: median(ready), readyP99Ms: percentile(ready, 99), maxReadyMs: Math.max(...verdicts.map((v) => v.maxReadyMs)), odd: verdicts.flatMap((v) => v.odd), runMs: Math.round(runMs) };
    console.log(`crash-consistency ${JSON.stringify(summary)}`);
    expect(summary).toMatchObject({ doubleIdentities: 0, doneTwice: 0, notDone: 0, appliedTwice: 0 });
    // Every handset in state `complete`, applied once: a run done while its device lost power
    // before committing `complete` is confirmed by the next run (RunManager #confirm).
    expect(summary.odd).toEqual([]);
    expect(summary.kills).toBeGreaterThanOrEqual(POINTS);
    // Restart-to-ready is mostly Node start-up; on a loaded 2-core VM a rare life stalls for
    // seconds (1,020-kill run: p99 within 2 s, one outlier at 4.3 s), so the goal is held at p99.
    expect(summary.readyP99Ms).toBeLessThanOrEqual(2000);
  });
});
