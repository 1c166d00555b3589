import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBootstrapSpec, type BootstrapSpec } from '../../src-shared/bootstrap/bootstrap-spec.js';
import { runCableBootstrap } from '../../src-main/bootstrap/cable-bootstrap.js';
import { memoryChannelPair } from '../../src-main/sim/memory-channel.js';
import { SimDevice } from '../../src-main/sim/sim-device.js';
import { simIdentity } from '../../src-main/sim/sim-identity.js';
import { MemoryStateStore } from '../../src-main/sim/state-store.js';
import { TraceRecorder } from '../../src-main/trace/trace-recorder.js';
import { traceChannel } from '../../src-main/trace/trace-sink.js';
import type { DeviceId } from '../../src-shared/domain/device.js';
import { ThrottledChannel } from '../../src-main/transports/throttled-channel.js';
import { median, type BenchRow } from '../support/bench.js';

/** One cable bootstrap (in memory, optionally at an emulated baud rate), traced or not; ms and records. */
async function once(spec: BootstrapSpec, dir: string, seed: number, traced: boolean, baud?: number): Promise<{ ms: number; records: number }> {
  const [s, d] = memoryChannelPair();
  const stationEnd = baud === undefined ? s : new ThrottledChannel(s, { baudRate: baud });
  const deviceEnd = baud === undefined ? d : new ThrottledChannel(d, { baudRate: baud });
  const recorder = new TraceRecorder({ publish: () => undefined });
  const channel = traced ? traceChannel(stationEnd, recorder, { deviceId: `bench:${seed}` as DeviceId, slot: `b${seed}` }) : stationEnd;
  const running = new SimDevice({ channel: deviceEnd, store: new MemoryStateStore(), identity: simIdentity(seed) }).run();
  const start = performance.now();
  const result = await runCableBootstrap({ channel, spec, journalDir: dir });
  const ms = performance.now() - start;
  await running;
  recorder.close();
  if (result.kind !== 'completed') throw new Error(`bench bootstrap ${result.kind}`);
  return { ms, records: recorder.size };
}

/** Trace overhead on a cable bootstrap: traced vs untraced, interleaved, unthrottled and at 921,600 baud; recorder throughput. */
export default async (): Promise<BenchRow[]> => {
  const spec = parseBootstrapSpec(await readFile(join(process.cwd(), 'test/fixtures/bootstrap/bootstrap.json'), 'utf8'));
  if (!spec.ok) throw spec.error;
  const dir = await mkdtemp(join(tmpdir(), 'bb-trace-bench-'));
  const rows: BenchRow[] = [];
  try {
    let seed = 500;
    for (const [label, baud, n, goal] of [
      ['in memory', undefined, 21, 1.15],
      ['at 921,600 baud', 921_600, 11, 1.05],
    ] as const) {
      const plain: number[] = [];
      const traced: number[] = [];
      let records = 0;
      await once(spec.value, dir, seed++, true, baud); // warm-up
      for (let i = 0; i < n; i++) {
        plain.push((await once(spec.value, dir, seed++, false, baud)).ms);
        const t = await once(spec.value, dir, seed++, true, baud);
        traced.push(t.ms);
        records = t.records;
      }
      const ratio = median(traced) / median(plain);
      rows.push({ name: `cable bootstrap ${label}, traced (${records} records) vs untraced`, value: median(traced), unit: 'ms', baseline: median(plain), ratio, goal: `<= ${goal.toFixed(2)}x`, pass: ratio <= goal });
    }
    // Raw recorder throughput with the ring full (eviction on every record).
    const recorder = new TraceRecorder({ publish: () => undefined, maxRecords: 20_000 });
    const detail = 'x'.repeat(400);
    const t0 = performance.now();
    const total = 200_000;
    for (let i = 0; i < total; i++) recorder.record({ layer: 'link', direction: i % 2 === 0 ? 'in' : 'out', summary: `DATA seq ${i} ack 0 len 1024`, detail, bytes: new Uint8Array(8) });
    const perRecordUs = ((performance.now() - t0) * 1000) / total;
    recorder.close();
    rows.push({ name: `trace recorder: one record with a full 20k ring (${(recorder.bytes / 1048576).toFixed(1)} MiB kept)`, value: perRecordUs, unit: 'µs', goal: '<= 5 µs', pass: perRecordUs <= 5 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
};
