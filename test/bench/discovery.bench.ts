import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Discovery, type CandidatePort } from '../../src-main/discovery/discovery.js';
import { serialDiscoverySink } from '../../src-main/discovery/serial-source.js';
import { SlotNames } from '../../src-main/discovery/slot-names.js';
import { EventBus } from '../../src-main/ipc/event-bus.js';
import { deviceIdOf, DeviceRegistry } from '../../src-main/services/device-registry.js';
import { serialSummaryOf } from '../../src-main/services/serial-watcher.js';
import { random, startPort, type FarEnd, type Port } from '../main/discovery/far-end.js';
import { median, type BenchRow } from '../support/bench.js';

const HUNG_TIMEOUT_MS = 3000;

/** Time until every answering port is identified (ms), with `concurrency` probes and maybe one hung port. */
async function identifyAll(ports: readonly Port[], concurrency: number, withHung: boolean): Promise<number> {
  const bus = new EventBus();
  const registry = new DeviceRegistry(bus);
  const discovery = new Discovery({ registry, slotNames: SlotNames.inMemory(), clock: () => 0, random, pool: { concurrency, timeoutMs: HUNG_TIMEOUT_MS }, identify: { linkTimeoutMs: 400, atPingTimeoutMs: 150 } });
  const sink = serialDiscoverySink(discovery, { explicitPaths: ports.map((p) => p.pair.a) });
  const answering = new Set(ports.map((p) => deviceIdOf('serial', p.pair.a)));
  const done = new Promise<void>((resolve) => {
    const off = bus.subscribe(() => {
      if (registry.list().filter((d) => answering.has(d.id) && d.identification !== 'pending').length === answering.size) {
        off();
        resolve();
      }
    });
  });
  const t0 = performance.now();
  if (withHung) {
    const hung: CandidatePort = { id: deviceIdOf('usb', '9-9'), slot: 'usb:9-9', transport: 'usb', label: 'Hung', kind: 'unknown', identity: {}, probe: 'link', open: () => new Promise(() => undefined) };
    discovery.portAppeared(hung);
  }
  for (const p of ports) sink.attach(serialSummaryOf({ path: p.pair.a }, 0), { path: p.pair.a });
  await done;
  const ms = performance.now() - t0;
  discovery.close(); // every answering probe closed its port before reporting; only the hung one is cancelled
  return ms;
}

export default async function discoveryBench(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bb-bench-disc-'));
  const ends: FarEnd[] = [...Array.from({ length: 6 }, (_, i): FarEnd => ({ kind: 'link', identity: { model: `Phone ${i}` } })), { kind: 'at' }, { kind: 'at' }];
  const ports = await Promise.all(ends.map((end, i) => startPort(dir, `b${i}-`, end)));
  try {
    const sequential: number[] = [];
    const concurrent: number[] = [];
    const concurrentHung: number[] = [];
    const slowestAlone: number[] = [];
    for (let round = 0; round < 3; round++) {
      slowestAlone.push(await identifyAll([ports[6]!], 1, false));
      sequential.push(await identifyAll(ports, 1, false));
      concurrent.push(await identifyAll(ports, 4, false));
      concurrentHung.push(await identifyAll(ports, 4, true));
    }
    const seq = median(sequential);
    const con = median(concurrent);
    const hung = median(concurrentHung);
    const floor = median(slowestAlone);
    return [
      { name: '8 ports (6 link, 2 AT) identified, 4 probes at once vs 1 at a time', value: con, unit: 'ms', baseline: seq, ratio: con / seq, goal: 'faster', pass: con < seq },
      // The floor: an AT modem alone (the link HELLO must time out first). Concurrency cannot beat it.
      { name: 'same, vs the slowest port (AT modem) identified alone', value: con, unit: 'ms', baseline: floor, ratio: con / floor, goal: '<= 1.25x', pass: con / floor <= 1.25 },
      { name: 'same 8 ports with a 9th hung port, vs without it', value: hung, unit: 'ms', baseline: con, ratio: hung / con, goal: `<= 1.5x and < hung deadline ${HUNG_TIMEOUT_MS} ms`, pass: hung / con <= 1.5 && hung < HUNG_TIMEOUT_MS },
    ];
  } finally {
    for (const p of ports) await p.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
