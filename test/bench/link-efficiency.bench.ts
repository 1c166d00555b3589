import { randomBytes } from 'node:crypto';
import { createLinkEndpoint } from '../../src-shared/link/link-endpoint.js';
import type { Random } from '../../src-shared/ports/clock.js';
import { LinkDriver } from '../../src-main/transports/link-driver.js';
import { openSerialChannel } from '../../src-main/transports/serial-channel.js';
import { ThrottledChannel } from '../../src-main/transports/throttled-channel.js';
import type { ByteChannel } from '../../src-shared/ports/byte-channel.js';
import { LinkPair, SeededRandom } from '../shared/link/link-harness.js';
import { startSocatPair } from '../main/transports/socat-pair.js';
import { median, type BenchRow } from '../support/bench.js';

const random: Random = { bytes: (n) => new Uint8Array(randomBytes(n)) };

/** One-way transfer of `size` payload bytes as a Package#0-style notification in the simulator. */
function simulate(size: number, bytesPerMs?: number): { payloadOverWire: number; elapsedMs: number; lineMs: number } {
  const pair = new LinkPair(new SeededRandom(1), bytesPerMs === undefined ? {} : { bytesPerMs, latencyMs: 0.1 });
  pair.run(() => pair.station.state === 'open' && pair.device.state === 'open');
  const wireBefore = pair.wireBytes.station;
  const start = pair.nowMs;
  const payload = new SeededRandom(2).bytes(size);
  pair.station.sendNotification(payload);
  pair.poll('station');
  pair.run(() => pair.events.device.some((e) => e.kind === 'notification'));
  const wire = pair.wireBytes.station - wireBefore;
  return { payloadOverWire: size / wire, elapsedMs: pair.nowMs - start, lineMs: bytesPerMs === undefined ? 0 : size / bytesPerMs };
}

async function ptyTransfer(size: number, runs: number, baudRate?: number): Promise<{ linkMs: number; rawMs: number; retransmissions: number }> {
  const pair = await startSocatPair();
  try {
    const linkTimes: number[] = [];
    const rawTimes: number[] = [];
    let retransmissions = 0;
    const wrap = (c: ByteChannel): ByteChannel => (baudRate === undefined ? c : new ThrottledChannel(c, { baudRate }));
    for (let r = 0; r < runs; r++) {
      const a = wrap(await openSerialChannel({ path: pair.a }));
      const b = wrap(await openSerialChannel({ path: pair.b }));
      const payload = new Uint8Array(randomBytes(size));
      // Raw: write the same bytes, wait until all arrived.
      const rawDone = new Promise<void>((resolve) => {
        let got = 0;
        const off = b.onData((c) => {
          got += c.length;
          if (got >= size) {
            off();
            resolve();
          }
        });
      });
      const t0 = performance.now();
      await a.write(payload);
      await rawDone;
      rawTimes.push(performance.now() - t0);
      // Link: same bytes as one notification through both engines.
      const timers = baudRate === undefined ? {} : { timers: { lineBytesPerSecond: baudRate / 10 } };
      const station = new LinkDriver({ channel: a, endpoint: createLinkEndpoint({ role: 'station', identity: {}, random, ...timers }) });
      const device = new LinkDriver({ channel: b, endpoint: createLinkEndpoint({ role: 'device', identity: {}, random, ...timers }) });
      await Promise.all([station.next('hello-complete'), device.next('hello-complete')]);
      const got = device.next('notification');
      const t1 = performance.now();
      station.notify(payload);
      await got;
      linkTimes.push(performance.now() - t1);
      retransmissions += station.endpoint.stats().retransmissions;
      await station.close();
      await device.close();
    }
    return { linkMs: median(linkTimes), rawMs: median(rawTimes), retransmissions };
  } finally {
    await pair.stop();
  }
}

/** Link efficiency: wire overhead, simulated line-rate time, and a real pty transfer vs raw write. */
export default async function linkEfficiency(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const small = simulate(4096);
  rows.push({ name: '4 KB payload/wire (1024 B frames, window 16)', value: small.payloadOverWire * 100, unit: '%', goal: 'theory 98.3 % per full frame' });
  const big = simulate(65_536);
  rows.push({ name: '64 KB payload/wire', value: big.payloadOverWire * 100, unit: '%' });
  for (const [baud, goal] of [[115_200, 1.1], [921_600, 1.25]] as const) {
    const sim = simulate(65_536, baud / 10 / 1000);
    const ratio = sim.elapsedMs / sim.lineMs;
    rows.push({ name: `64 KB link time vs line time, simulated ${baud} baud`, value: sim.elapsedMs, unit: 'ms', baseline: sim.lineMs, ratio, goal: `<= ${goal}x`, pass: ratio <= goal });
  }
  const pty = await ptyTransfer(65_536, 5);
  rows.push({ name: '64 KB over socat pty: link vs raw write (median of 5)', value: pty.linkMs, unit: 'ms', baseline: pty.rawMs, ratio: pty.linkMs / pty.rawMs });
  for (const [baud, size, goal] of [[115_200, 16_384, 1.1], [921_600, 65_536, 1.25]] as const) {
    const paced = await ptyTransfer(size, 3, baud);
    const lineMs = (size * 10) / (baud / 1000);
    rows.push({ name: `${size / 1024} KB over pty at emulated ${baud} baud: link vs raw paced write (median of 3)`, value: paced.linkMs, unit: 'ms', baseline: paced.rawMs, ratio: paced.linkMs / paced.rawMs, goal: `<= ${goal}x`, pass: paced.linkMs / paced.rawMs <= goal });
    rows.push({ name: `  same, vs pure line time (${paced.retransmissions} retransmissions)`, value: paced.linkMs, unit: 'ms', baseline: lineMs, ratio: paced.linkMs / lineMs, goal: `<= ${goal}x`, pass: paced.linkMs / lineMs <= goal });
  }
  return rows;
}
