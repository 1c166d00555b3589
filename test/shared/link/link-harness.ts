import type { Random } from '../../../src-shared/ports/clock.js';
import { createLinkEndpoint } from '../../../src-shared/link/link-endpoint.js';
import type { LinkEndpoint, LinkEndpointOptions, LinkEvent } from '../../../src-shared/link/link-types.js';

/** Deterministic xorshift32 PRNG for reproducible simulations. */
export class SeededRandom implements Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 0x1_0000_0000;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.int(256);
    return out;
  }
}

/** Random source that returns fixed bytes (for vectors and wrap-around tests). */
export function fixedRandom(bytes: readonly number[]): Random {
  return { bytes: (n) => Uint8Array.from({ length: n }, (_, i) => bytes[i % bytes.length] ?? 0) };
}

/** Fault model of the simulated cable (probabilities per frame). */
export interface Faults {
  readonly loss?: number;
  readonly duplicate?: number;
  readonly corrupt?: number;
  /** Extra random delay up to this many ms (reorders frames). */
  readonly jitterMs?: number;
  readonly latencyMs?: number;
  /** Line rate in bytes per ms (e.g. 11.52 for 115,200 baud 8N1); undefined: infinite. */
  readonly bytesPerMs?: number;
  /** Garbage burst probability per frame (random bytes injected before it). */
  readonly garbage?: number;
}

type Side = 'station' | 'device';

/** Two endpoints wired through a simulated faulty cable on a fake clock. */
export class LinkPair {
  nowMs = 0;
  readonly station: LinkEndpoint;
  readonly device: LinkEndpoint;
  readonly events: Record<Side, LinkEvent[]> = { station: [], device: [] };
  wireBytes: Record<Side, number> = { station: 0, device: 0 };
  maxFrameBytes: Record<Side, number> = { station: 0, device: 0 };
  private deliveries: { atMs: number; to: Side; bytes: Uint8Array; order: number }[] = [];
  private order = 0;
  private lineFreeAt: Record<Side, number> = { station: 0, device: 0 };
  private deadlines: Record<Side, number | undefined> = { station: 0, device: 0 };
  onEvent: (side: Side, event: LinkEvent) => void = () => undefined;
  /** Drops a specific frame (wire bytes, without the leading burst delimiter) when it returns true. */
  dropIf: (from: Side, frame: Uint8Array) => boolean = () => false;

  constructor(
    readonly rng: SeededRandom,
    readonly faults: Faults = {},
    station: Partial<LinkEndpointOptions> = {},
    device: Partial<LinkEndpointOptions> = {},
  ) {
    this.station = createLinkEndpoint({ role: 'station', identity: { model: 'Bootbench' }, random: rng, ...station });
    this.device = createLinkEndpoint({ role: 'device', identity: { imei: '490154203237518', model: 'Sim' }, random: rng, ...device });
  }

  endpoint(side: Side): LinkEndpoint {
    return side === 'station' ? this.station : this.device;
  }

  /** Polls one side now and puts its output on the simulated cable. */
  poll(side: Side): void {
    for (let i = 0; i < 5 && this.pollOnce(side); i++);
  }

  private pollOnce(side: Side): boolean {
    const result = this.endpoint(side).poll(this.nowMs);
    this.deadlines[side] = result.nextDeadlineMs;
    const to: Side = side === 'station' ? 'device' : 'station';
    for (const frame of result.output) this.transmit(side, to, frame);
    for (const e of result.events) {
      this.events[side].push(e);
      this.onEvent(side, e);
    }
    return result.events.length > 0;
  }

  private transmit(from: Side, to: Side, frame: Uint8Array): void {
    const f = this.faults;
    this.wireBytes[from] += frame.length;
    this.maxFrameBytes[from] = Math.max(this.maxFrameBytes[from], frame.length - (frame[0] === 0 ? 1 : 0));
    const start = Math.max(this.nowMs, this.lineFreeAt[from]);
    const airtime = f.bytesPerMs === undefined ? 0 : frame.length / f.bytesPerMs;
    this.lineFreeAt[from] = start + airtime;
    if (f.loss !== undefined && this.rng.next() < f.loss) return;
    if (this.dropIf(from, frame[0] === 0 ? frame.subarray(1) : frame)) return;
    let bytes = frame;
    if (f.corrupt !== undefined && this.rng.next() < f.corrupt) {
      bytes = frame.slice();
      const at = this.rng.int(bytes.length);
      bytes[at] = bytes[at]! ^ (1 << this.rng.int(8));
    }
    if (f.garbage !== undefined && this.rng.next() < f.garbage) {
      const junk = this.rng.bytes(1 + this.rng.int(40));
      this.deliveries.push({ atMs: start + airtime, to, bytes: junk, order: this.order++ });
    }
    const copies = f.duplicate !== undefined && this.rng.next() < f.duplicate ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      const jitter = f.jitterMs === undefined ? 0 : this.rng.next() * f.jitterMs;
      this.deliveries.push({ atMs: start + airtime + (f.latencyMs ?? 0) + jitter, to, bytes, order: this.order++ });
    }
  }

  /** Runs the simulation until `done()` or `maxMs` of simulated time pass; returns done(). */
  run(done: () => boolean, maxMs = 600_000): boolean {
    this.poll('station');
    this.poll('device');
    const end = this.nowMs + maxMs;
    let stuck = 0;
    while (!done()) {
      // An endpoint whose returned deadline stays due after a poll would spin a real driver.
      if (++stuck > 1000) throw new Error(`simulation stuck at ${this.nowMs} ms: a deadline never advances`);
      let next = Number.POSITIVE_INFINITY;
      for (const d of this.deliveries) next = Math.min(next, d.atMs);
      for (const side of ['station', 'device'] as const) {
        const dl = this.deadlines[side];
        if (dl !== undefined) next = Math.min(next, dl);
      }
      if (!Number.isFinite(next) || next > end) return done();
      if (next > this.nowMs) stuck = 0;
      this.nowMs = Math.max(this.nowMs, next);
      const due = this.deliveries.filter((d) => d.atMs <= this.nowMs).sort((a, b) => a.atMs - b.atMs || a.order - b.order);
      this.deliveries = this.deliveries.filter((d) => d.atMs > this.nowMs);
      for (const d of due) this.endpoint(d.to).receive(d.bytes);
      this.poll('station');
      this.poll('device');
    }
    return true;
  }
}
