import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseBootstrapSpec, type BootstrapSpec } from '../../src-shared/bootstrap/bootstrap-spec.js';
import type { ByteChannel, ChannelCloseReason } from '../../src-shared/ports/byte-channel.js';
import { runCableBootstrap, type BootstrapProgress } from '../../src-main/bootstrap/cable-bootstrap.js';
import { memoryChannelPair } from '../../src-main/sim/memory-channel.js';
import { SimDevice } from '../../src-main/sim/sim-device.js';
import { simIdentity } from '../../src-main/sim/sim-identity.js';
import { MemoryStateStore } from '../../src-main/sim/state-store.js';
import { ThrottledChannel } from '../../src-main/transports/throttled-channel.js';
import { median, type BenchRow } from '../support/bench.js';

/** Counts the bytes written through a channel. */
class Counting implements ByteChannel {
  written = 0;
  constructor(private readonly inner: ByteChannel) {}
  write(bytes: Uint8Array): Promise<void> {
    this.written += bytes.length;
    return this.inner.write(bytes);
  }
  onData(l: (chunk: Uint8Array) => void): () => void {
    return this.inner.onData(l);
  }
  onClose(l: (reason: ChannelCloseReason) => void): () => void {
    return this.inner.onClose(l);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

interface Run {
  readonly ms: number;
  readonly bytes: number;
  /** When each progress step was reached (ms from the start). */
  readonly steps: number[];
}

async function bootstrapOnce(spec: BootstrapSpec, journalDir: string, seed: number, baud: number | undefined): Promise<Run> {
  const [s, d] = memoryChannelPair();
  const station = new Counting(baud === undefined ? s : new ThrottledChannel(s, { baudRate: baud }));
  const device = new Counting(baud === undefined ? d : new ThrottledChannel(d, { baudRate: baud }));
  const sim = new SimDevice({ channel: device, store: new MemoryStateStore(), identity: simIdentity(seed) });
  const running = sim.run();
  const steps: number[] = [];
  const start = performance.now();
  const result = await runCableBootstrap({ channel: station, spec, journalDir, onProgress: (_p: BootstrapProgress) => steps.push(performance.now() - start) });
  const ms = performance.now() - start;
  await running;
  if (result.kind !== 'completed') throw new Error(`bench bootstrap ${result.kind}`);
  return { ms, bytes: station.written + device.written, steps };
}

/** Bootstrap time vs pure line time at emulated baud rates; 32 handsets at once vs one. */
export default async (): Promise<BenchRow[]> => {
  const spec = parseBootstrapSpec(await readFile(join(process.cwd(), 'test/fixtures/bootstrap/bootstrap.json'), 'utf8'));
  if (!spec.ok) throw spec.error;
  // Station journals on the disk, as a station keeps them (each step an atomic write with fsyncs).
  // On a box whose disk is shared with other jobs' I/O, BB_BENCH_JOURNAL_BASE=/dev/shm takes the
  // disk out of the comparison (quiet machine: 0.928x on /tmp, 0.933x on /dev/shm).
  const base = process.env.BB_BENCH_JOURNAL_BASE ?? tmpdir();
  const dir = await mkdtemp(join(base, 'bb-cable-bench-'));
  const rows: BenchRow[] = [];
  try {
    let seed = 100;
    for (const [baud, goal] of [
      [115_200, 1.1],
      [921_600, 1.25],
    ] as const) {
      const runs: Run[] = [];
      for (let i = 0; i < 5; i++) runs.push(await bootstrapOnce(spec.value, dir, seed++, baud));
      const ms = median(runs.map((r) => r.ms));
      const bytes = median(runs.map((r) => r.bytes));
      // The same bytes sent back to back on one 8N1 line (both directions take turns here).
      const lineMs = (bytes * 10 * 1000) / baud;
      const ratio = ms / lineMs;
      rows.push({ name: `cable bootstrap at ${baud} baud (${bytes} bytes both ways)`, value: ms, unit: 'ms', baseline: lineMs, ratio, goal: `<= ${goal.toFixed(2)}x line time`, pass: ratio <= goal });
    }
    const cpu0 = process.cpuUsage();
    const unthrottled: Run[] = [];
    for (let i = 0; i < 5; i++) unthrottled.push(await bootstrapOnce(spec.value, dir, seed++, undefined));
    const cpu = process.cpuUsage(cpu0);
    rows.push({ name: 'CPU per bootstrap, both ends in this process (no throttle)', value: (cpu.user + cpu.system) / 1000 / 5, unit: 'ms' });
    rows.push({ name: 'bootstrap with no line-rate limit (median)', value: median(unthrottled.map((r) => r.ms)), unit: 'ms' });

    // 32 handsets at once on an emulated 115,200 baud line each, vs one alone. Warm up the
    // concurrent paths first (JIT), then 3 rounds. The single-handset baseline is measured in the
    // same run, interleaved with the rounds (before each and after the last; the median of those
    // 4), so a drift in machine load hits both sides; the aggregate is the median round.
    await Promise.all(Array.from({ length: 32 }, () => bootstrapOnce(spec.value, dir, seed++, undefined)));
    const singles: Run[] = [];
    const rounds: { wallMs: number; runs: Run[] }[] = [];
    let lagMaxMs = 0;
    for (let round = 0; round < 3; round++) {
      singles.push(await bootstrapOnce(spec.value, dir, seed++, 115_200));
      // A fresh monitor per round (re-enabling one would count the pause between rounds as delay).
      const lag = monitorEventLoopDelay({ resolution: 1 });
      lag.enable();
      const t0 = performance.now();
      const runs = await Promise.all(Array.from({ length: 32 }, () => bootstrapOnce(spec.value, dir, seed++, 115_200)));
      rounds.push({ wallMs: performance.now() - t0, runs });
      lag.disable();
      lagMaxMs = Math.max(lagMaxMs, lag.max / 1e6);
    }
    singles.push(await bootstrapOnce(spec.value, dir, seed++, 115_200));
    const singleMs = median(singles.map((r) => r.ms));
    const wallMs = median(rounds.map((r) => r.wallMs));
    const one = 1000 / singleMs;
    const aggregate = (32 * 1000) / wallMs;
    rows.push({ name: 'one handset alone at 115200 baud (median of 4, interleaved)', value: singleMs, unit: 'ms' });
    rows.push({ name: `32 handsets at once: aggregate bootstraps/s (median of 3 rounds; journals in ${base})`, value: aggregate, unit: '/s', baseline: 32 * one, ratio: aggregate / (32 * one), goal: '>= 0.90x 32 x single', pass: aggregate >= 0.9 * 32 * one });
    rows.push({ name: '32 handsets at once: worst of the 3 rounds, ratio to 32 x single', value: singleMs / Math.max(...rounds.map((r) => r.wallMs)), unit: 'x' });
    // Step delay: how much later each device reached each step than a device alone did.
    const reference = [...singles].sort((a, b) => a.ms - b.ms)[Math.floor(singles.length / 2)]!.steps;
    let worst = 0;
    const gaps = (steps: readonly number[]): number[] => steps.map((t, i) => t - (i === 0 ? 0 : steps[i - 1]!));
    const refGaps = gaps(reference);
    for (const r of rounds.flatMap((x) => x.runs)) gaps(r.steps).forEach((g, i) => (worst = Math.max(worst, g - (refGaps[i] ?? g))));
    rows.push({ name: '32 handsets: worst extra delay of one step vs a handset alone', value: worst, unit: 'ms', goal: '<= 50 ms', pass: worst <= 50 });
    rows.push({ name: '32 handsets: max event-loop delay', value: lagMaxMs, unit: 'ms', goal: '<= 50 ms', pass: lagMaxMs <= 50 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
};
