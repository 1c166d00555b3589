import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BootstrapSpec } from '../../src-shared/bootstrap/bootstrap-spec.js';
import { runCableBootstrap } from '../../src-main/bootstrap/cable-bootstrap.js';
import { specDigest } from '../../src-main/bootstrap/cable-bootstrap.js';
import { RunManager } from '../../src-main/runs/run-manager.js';
import { memoryChannelPair } from '../../src-main/sim/memory-channel.js';
import { SimDevice } from '../../src-main/sim/sim-device.js';
import { simIdentity } from '../../src-main/sim/sim-identity.js';
import { MemoryStateStore } from '../../src-main/sim/state-store.js';
import { openStorage } from '../../src-main/storage/open-storage.js';
import { ThrottledChannel } from '../../src-main/transports/throttled-channel.js';
import { fixtureSpec, SimBench, slotName } from '../main/runs/run-harness.js';
import { median, type BenchRow } from '../support/bench.js';

const SAMPLES = 8;

/** One bare cable bootstrap of a fresh simulated handset (no run journal, no storage). */
async function bareBootstrap(spec: BootstrapSpec, dir: string, seed: number, baudRate?: number): Promise<number> {
  const [s, d] = memoryChannelPair();
  const [station, device] = baudRate === undefined ? [s, d] : [new ThrottledChannel(s, { baudRate }), new ThrottledChannel(d, { baudRate })];
  const sim = new SimDevice({ channel: device, store: new MemoryStateStore(), identity: simIdentity(seed) });
  const running = sim.run();
  const t0 = performance.now();
  const r = await runCableBootstrap({ channel: station, spec, journalDir: dir });
  const ms = performance.now() - t0;
  await running;
  if (r.kind !== 'completed') throw new Error(`bare bootstrap ${r.kind}`);
  return ms;
}

/** A managed batch of `n` fresh handsets at concurrency `n` on a fresh station; wall time (ms). */
async function managedBatch(spec: BootstrapSpec, n: number, durability: 'full' | 'normal', baudRate?: number): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'bb-bench-runs-'));
  const storage = await openStorage({ kind: 'sqlite', file: join(dir, 's.sqlite'), durability });
  try {
    const bench = new SimBench(undefined, baudRate);
    const manager = new RunManager({ storage, stationId: 'bench', openChannel: bench.open, planFor: () => ({ spec, profileVersion: specDigest(spec) }), journalDir: join(dir, 'journal'), concurrency: n });
    const t0 = performance.now();
    const results = await manager.start(Array.from({ length: n }, (_, i) => slotName(i)));
    const ms = performance.now() - t0;
    if (results.some((r) => r.kind !== 'done')) throw new Error('a managed run did not finish');
    await Promise.allSettled(bench.devices);
    return ms;
  } finally {
    await storage.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Journal overhead vs a bare simulated bootstrap; 32-device throughput vs one device. */
export default async function bench(): Promise<BenchRow[]> {
  const spec = await fixtureSpec(join(process.cwd(), 'test/fixtures/bootstrap/bootstrap.json'));
  const dir = await mkdtemp(join(tmpdir(), 'bb-bench-bare-'));
  await mkdir(join(dir, 'j'), { recursive: true });
  try {
    await bareBootstrap(spec, join(dir, 'j'), 999); // warm-up
    await managedBatch(spec, 1, 'normal');
    const bare: number[] = [];
    const full: number[] = [];
    const normal: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      bare.push(await bareBootstrap(spec, join(dir, 'j'), 100 + i));
      full.push(await managedBatch(spec, 1, 'full'));
      normal.push(await managedBatch(spec, 1, 'normal'));
    }
    const b = median(bare);
    const f = median(full);
    const nm = median(normal);
    const one = median([await managedBatch(spec, 1, 'full'), await managedBatch(spec, 1, 'full'), await managedBatch(spec, 1, 'full')]);
    const many = median([await managedBatch(spec, 32, 'full'), await managedBatch(spec, 32, 'full')]);
    const bareCable: number[] = [];
    const managedCable: number[] = [];
    for (let i = 0; i < 3; i++) {
      bareCable.push(await bareBootstrap(spec, join(dir, 'j'), 200 + i, 115_200));
      managedCable.push(await managedBatch(spec, 1, 'full', 115_200));
    }
    const bc = median(bareCable);
    const mc = median(managedCable);
    const throughputOne = 1000 / one;
    const throughputMany = (32 * 1000) / many;
    return [
      { name: 'bare simulated bootstrap (p50)', value: b, unit: 'ms' },
      { name: 'managed run, 1 device, synchronous=FULL (p50)', value: f, unit: 'ms', baseline: b, ratio: f / b },
      { name: 'journal overhead, FULL (% of bare bootstrap)', value: ((f - b) / b) * 100, unit: '%' },
      { name: 'journal overhead, NORMAL (% of bare bootstrap)', value: ((nm - b) / b) * 100, unit: '%' },
      { name: 'bare bootstrap at 115,200 baud (p50)', value: bc, unit: 'ms' },
      { name: 'journal overhead at 115,200 baud, FULL (% of bare)', value: ((mc - bc) / bc) * 100, unit: '%', ratio: mc / bc },
      { name: 'throughput, 1 device', value: throughputOne, unit: 'dev/s' },
      { name: 'throughput, 32 devices at concurrency 32 (FULL)', value: throughputMany, unit: 'dev/s', baseline: throughputOne, ratio: throughputMany / throughputOne, goal: '> 1x (scales)', pass: throughputMany > throughputOne },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
