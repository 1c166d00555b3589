import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TraceRecord } from '../../../src-shared/trace/trace-record.js';
import { TraceRecorder } from '../../../src-main/trace/trace-recorder.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('TraceRecorder', () => {
  it('keeps only the newest records: the ring is bounded by count', () => {
    const r = new TraceRecorder({ maxRecords: 100 });
    for (let i = 0; i < 1000; i++) r.record({ layer: 'link', direction: 'in', summary: `f${i}` });
    expect(r.size).toBe(100);
    expect(r.evicted).toBe(900);
    const { records, dropped } = r.list({ limit: 2000 });
    expect(records.map((x) => x.summary)).toEqual(Array.from({ length: 100 }, (_, i) => `f${900 + i}`));
    expect(records.at(-1)?.id).toBe(1000);
    expect(dropped).toBe(900);
  });

  it('is bounded by memory too: big details evict old records long before the count bound', () => {
    const r = new TraceRecorder({ maxRecords: 20_000, maxBytes: 1_000_000 });
    for (let i = 0; i < 5000; i++) r.record({ layer: 'dm', direction: 'out', summary: `p${i}`, detail: 'x'.repeat(8000) });
    expect(r.bytes).toBeLessThanOrEqual(1_000_000);
    expect(r.size).toBeLessThan(100);
    expect(r.size).toBeGreaterThan(10);
  });

  it('cuts over-long fields and keeps at most 1 KiB of bytes (with the wire length)', () => {
    const r = new TraceRecorder();
    r.record({ layer: 'link', direction: 'in', summary: 's'.repeat(1000), detail: 'd'.repeat(100_000), bytes: new Uint8Array(5000) });
    const [rec] = r.list({ limit: 1 }).records;
    expect(rec!.summary.length).toBe(300);
    expect(rec!.detail!.length).toBe(8192);
    expect(rec!.hex!.length).toBe(2048);
    expect(rec!.length).toBe(5000);
  });

  it('lists by device, layer, direction, text and since', () => {
    const r = new TraceRecorder();
    r.record({ layer: 'at', direction: 'out', summary: 'AT+CGSN', deviceId: 'a' as TraceRecord['deviceId'] & string });
    r.record({ layer: 'link', direction: 'in', summary: 'HELLO_ACK', deviceId: 'b' as never });
    r.record({ layer: 'dm', direction: 'in', summary: 'POST /dm Package#1', detail: 'OMADM-DevID: IMEI:1', deviceId: 'a' as never });
    expect(r.list({ limit: 10, deviceId: 'a' as never }).records.map((x) => x.summary)).toEqual(['AT+CGSN', 'POST /dm Package#1']);
    expect(r.list({ limit: 10, layers: ['link', 'dm'] }).total).toBe(2);
    expect(r.list({ limit: 10, directions: ['out'] }).records.map((x) => x.summary)).toEqual(['AT+CGSN']);
    expect(r.list({ limit: 10, text: 'devid' }).records.map((x) => x.id)).toEqual([3]);
    expect(r.list({ limit: 10, since: 1 }).records.map((x) => x.id)).toEqual([2, 3]);
    expect(r.list({ limit: 1 }).records.map((x) => x.id)).toEqual([3]);
    expect(r.clear('a')).toBe(2);
    expect(r.list({ limit: 10 }).records.map((x) => x.summary)).toEqual(['HELLO_ACK']);
  });

  it('publishes in batches: a burst of 10,000 records is at most 20 batches a second, none lost', () => {
    vi.useFakeTimers();
    const batches: { records: TraceRecord[]; dropped: number }[] = [];
    const r = new TraceRecorder({ now: () => Date.now(), maxBatch: 100_000 });
    r.onBatch((b) => batches.push(b));
    // 10,000 records spread over one simulated second.
    for (let ms = 0; ms < 1000; ms++) {
      for (let i = 0; i < 10; i++) r.record({ layer: 'link', direction: 'in', summary: `f${ms}-${i}` });
      vi.advanceTimersByTime(1);
    }
    vi.advanceTimersByTime(100);
    expect(batches.length).toBeLessThanOrEqual(21);
    expect(batches.length).toBeGreaterThanOrEqual(19);
    expect(batches.reduce((n, b) => n + b.records.length, 0)).toBe(10_000);
  });

  it('caps a batch and counts what it left out (still listable)', () => {
    vi.useFakeTimers();
    const batches: { records: TraceRecord[]; dropped: number }[] = [];
    const r = new TraceRecorder({ maxBatch: 50, publish: (b) => batches.push(b) });
    for (let i = 0; i < 120; i++) r.record({ layer: 'at', direction: 'in', summary: `l${i}` });
    vi.advanceTimersByTime(60);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.records).toHaveLength(50);
    expect(batches[0]!.dropped).toBe(70);
    expect(r.list({ limit: 500 }).total).toBe(120);
  });
});
