import type { TraceFilter, TraceRecord } from '../../src-shared/trace/trace-record.js';
import { TRACE_BYTES_MAX, TRACE_DETAIL_MAX, TRACE_SUMMARY_MAX, matchesTraceFilter } from '../../src-shared/trace/trace-record.js';
import type { TraceRecordInput, TraceSink } from './trace-sink.js';

/** Limits and pacing of a {@link TraceRecorder}. */
export interface TraceRecorderOptions {
  /** Records kept (oldest go first). @default 20_000 */
  readonly maxRecords?: number;
  /** Approximate memory the kept records may use, bytes. @default 32 MiB */
  readonly maxBytes?: number;
  /** Shortest time between two `trace.recorded` batches. @default 50 (≤ 20 batches/s) */
  readonly batchIntervalMs?: number;
  /** Most records one batch carries; the rest are counted as `dropped` (still listable). @default 500 */
  readonly maxBatch?: number;
  /** Publishes a batch (the station's event bus). */
  readonly publish?: (batch: { records: TraceRecord[]; dropped: number }) => void;
  readonly now?: () => number;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lowercase hex of at most `max` bytes. */
function hex(bytes: Uint8Array, max: number): string {
  let out = '';
  const n = Math.min(bytes.length, max);
  for (let i = 0; i < n; i++) out += HEX[bytes[i]!]!;
  return out;
}

/** Approximate bytes a record holds (UTF-16 strings plus fixed overhead). */
const sizeOf = (r: TraceRecord): number => 120 + 2 * (r.summary.length + (r.detail?.length ?? 0) + (r.hex?.length ?? 0) + (r.slot?.length ?? 0) + (r.deviceId?.length ?? 0));

/**
 * The station's live trace: a ring of the most recent records, bounded by count and by memory,
 * that publishes new records in batches (at most one batch per `batchIntervalMs`) so a busy bench
 * never floods the renderer. Recording is O(1) and never throws.
 */
export class TraceRecorder implements TraceSink {
  readonly #maxRecords: number;
  readonly #maxBytes: number;
  readonly #interval: number;
  readonly #maxBatch: number;
  readonly #now: () => number;
  #publish: ((batch: { records: TraceRecord[]; dropped: number }) => void) | undefined;
  #ring: TraceRecord[] = [];
  #start = 0;
  #bytes = 0;
  #nextId = 1;
  #evicted = 0;
  #pending: TraceRecord[] = [];
  #pendingDropped = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastFlush = -Infinity;

  constructor(options: TraceRecorderOptions = {}) {
    this.#maxRecords = options.maxRecords ?? 20_000;
    this.#maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
    this.#interval = options.batchIntervalMs ?? 50;
    this.#maxBatch = options.maxBatch ?? 500;
    this.#now = options.now ?? Date.now;
    this.#publish = options.publish;
  }

  /** Sets where batches go (the event bus, once the station has one). */
  onBatch(publish: (batch: { records: TraceRecord[]; dropped: number }) => void): void {
    this.#publish = publish;
  }

  /** Records kept now. */
  get size(): number {
    return this.#ring.length - this.#start;
  }

  /** Approximate bytes the kept records use. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Records evicted by the bounds since start. */
  get evicted(): number {
    return this.#evicted;
  }

  record(entry: TraceRecordInput): void {
    try {
      this.#record(entry);
    } catch {
      // Recording never throws into the line.
    }
  }

  #record(entry: TraceRecordInput): void {
    // One object shape for every record (fields assigned only when present; no spreads).
    const record: { -readonly [K in keyof TraceRecord]: TraceRecord[K] } = { id: this.#nextId++, atMs: this.#now(), layer: entry.layer, direction: entry.direction, summary: entry.summary.length > TRACE_SUMMARY_MAX ? entry.summary.slice(0, TRACE_SUMMARY_MAX) : entry.summary };
    if (entry.deviceId !== undefined) record.deviceId = entry.deviceId;
    if (entry.slot !== undefined) record.slot = entry.slot.slice(0, 200);
    if (entry.detail !== undefined && entry.detail !== '') record.detail = entry.detail.length > TRACE_DETAIL_MAX ? entry.detail.slice(0, TRACE_DETAIL_MAX) : entry.detail;
    if (entry.bytes !== undefined) record.hex = hex(entry.bytes, TRACE_BYTES_MAX);
    const length = entry.length ?? entry.bytes?.length;
    if (length !== undefined && (entry.length !== undefined || length > TRACE_BYTES_MAX)) record.length = length;
    this.#ring.push(record);
    this.#bytes += sizeOf(record);
    while (this.size > this.#maxRecords || (this.#bytes > this.#maxBytes && this.size > 1)) {
      const old = this.#ring[this.#start]!;
      this.#ring[this.#start] = undefined as unknown as TraceRecord;
      this.#start++;
      this.#bytes -= sizeOf(old);
      this.#evicted++;
    }
    if (this.#start > 4096 && this.#start * 2 > this.#ring.length) {
      this.#ring = this.#ring.slice(this.#start);
      this.#start = 0;
    }
    if (this.#publish === undefined) return;
    if (this.#pending.length < this.#maxBatch) this.#pending.push(record);
    else this.#pendingDropped++;
    this.#schedule();
  }

  #schedule(): void {
    if (this.#timer !== undefined) return;
    const wait = Math.max(0, this.#lastFlush + this.#interval - this.#now());
    this.#timer = setTimeout(() => this.flush(), wait);
    this.#timer.unref?.();
  }

  /** Publishes what is pending now (the timer calls it; tests and close may too). */
  flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.length === 0 && this.#pendingDropped === 0) return;
    const batch = { records: this.#pending, dropped: this.#pendingDropped };
    this.#pending = [];
    this.#pendingDropped = 0;
    this.#lastFlush = this.#now();
    this.#publish?.(batch);
  }

  /** Records matching the filter with an id above `since`, oldest first, at most `limit` (the newest ones). */
  list(filter: TraceFilter & { since?: number | undefined; limit: number }): { records: TraceRecord[]; total: number; dropped: number } {
    const matched: TraceRecord[] = [];
    const since = filter.since ?? 0;
    for (let i = this.#start; i < this.#ring.length; i++) {
      const r = this.#ring[i]!;
      if (r.id > since && matchesTraceFilter(r, filter)) matched.push(r);
    }
    return { records: matched.slice(-filter.limit), total: matched.length, dropped: this.#evicted };
  }

  /** Forgets the records of one device, or all; returns how many went. */
  clear(deviceId?: string): number {
    const before = this.size;
    const kept = deviceId === undefined ? [] : this.#ring.slice(this.#start).filter((r) => r.deviceId !== deviceId);
    this.#ring = kept;
    this.#start = 0;
    this.#bytes = kept.reduce((n, r) => n + sizeOf(r), 0);
    this.#pending = this.#pending.filter((r) => deviceId !== undefined && r.deviceId !== deviceId);
    return before - kept.length;
  }

  /** Stops the batch timer (pending records are published first). */
  close(): void {
    this.flush();
    this.#publish = undefined;
  }
}
