import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeFrame, FrameType } from '../../../src-shared/link/frame.js';
import type { LinkEvent } from '../../../src-shared/link/link-types.js';
import { seqAdd } from '../../../src-shared/link/seq.js';
import type { LinkHttpRequest } from '../../../src-shared/link/message-codec.js';
import { utf8Decode, utf8Encode } from '../../../src-shared/link/utf8.js';
import { fixedRandom, LinkPair, SeededRandom, type Faults } from './link-harness.js';

const request = (i: number, size: number, rng: SeededRandom): LinkHttpRequest => ({
  method: 'POST',
  target: `/dm2/${i}`,
  headers: [['Content-Type', 'application/vnd.oma.dm.request+json'], ['X-Seq', String(i)]],
  body: rng.bytes(size),
});

/** Both sides send `count` requests each (answered by echo) and `count` notifications. */
function exchangeAll(pair: LinkPair, count: number, maxSize: number): { ok: boolean; log: Record<string, string[]> } {
  const rng = pair.rng;
  const sent: Record<'station' | 'device', LinkHttpRequest[]> = { station: [], device: [] };
  const log: Record<string, string[]> = { stationGot: [], deviceGot: [], stationResp: [], deviceResp: [], stationNotes: [], deviceNotes: [] };
  const pending: Record<'station' | 'device', number> = { station: count, device: count };
  const byId: Record<'station' | 'device', Map<number, LinkHttpRequest>> = { station: new Map(), device: new Map() };
  let notesQueued = false;
  const pump = (side: 'station' | 'device'): void => {
    const ep = pair.endpoint(side);
    while (pending[side] > 0) {
      const i = count - pending[side];
      const req = request(i, rng.int(maxSize), rng);
      const r = ep.sendRequest(req);
      if (!r.ok) {
        expect(r.error.code).toBe('DEVICE_BUSY');
        return;
      }
      byId[side].set(r.value, req);
      sent[side].push(req);
      pending[side]--;
    }
  };
  pair.onEvent = (side, e: LinkEvent) => {
    const other = side === 'station' ? 'device' : 'station';
    const ep = pair.endpoint(side);
    switch (e.kind) {
      case 'hello-complete':
        if (!notesQueued && side === 'station') {
          notesQueued = true;
          for (let i = 0; i < count; i++) {
            expect(pair.station.sendNotification(utf8Encode(`s-note-${i}`)).ok).toBe(true);
            expect(pair.device.sendNotification(utf8Encode(`d-note-${i}`)).ok).toBe(true);
          }
        }
        pump('station');
        pump('device');
        break;
      case 'request':
        log[`${side}Got`]!.push(e.request.target);
        expect(ep.sendResponse(e.exchangeId, { status: 200, headers: [['X-Echo', e.request.target]], body: e.request.body }).ok).toBe(true);
        break;
      case 'response': {
        const req = byId[side].get(e.exchangeId)!;
        byId[side].delete(e.exchangeId);
        expect(e.response.headers).toEqual([['X-Echo', req.target]]);
        expect(e.response.body).toEqual(req.body);
        log[`${side}Resp`]!.push(req.target);
        pump(side);
        break;
      }
      case 'notification':
        log[`${side}Notes`]!.push(utf8Decode(e.payload));
        break;
      default:
        throw new Error(`${side} unexpected ${e.kind}: ${JSON.stringify(e)} (other ${other})`);
    }
  };
  const want = Array.from({ length: count }, (_, i) => `/dm2/${i}`);
  const ok = pair.run(
    () => log.stationResp!.length === count && log.deviceResp!.length === count && log.stationNotes!.length === count && log.deviceNotes!.length === count,
    3_600_000,
  );
  expect(log.deviceGot).toEqual(want);
  expect(log.stationGot).toEqual(want);
  expect(log.stationResp).toEqual(want);
  expect(log.deviceResp).toEqual(want);
  expect(log.stationNotes).toEqual(want.map((_, i) => `d-note-${i}`));
  expect(log.deviceNotes).toEqual(want.map((_, i) => `s-note-${i}`));
  return { ok, log };
}

describe('link endpoint', () => {
  it('completes HELLO and negotiates the minimum window and frame size', () => {
    const pair = new LinkPair(new SeededRandom(1), {}, { limits: { window: 8, maxFramePayload: 2048 } }, { limits: { window: 4, maxFramePayload: 512 } });
    expect(pair.run(() => pair.station.state === 'open' && pair.device.state === 'open')).toBe(true);
    expect(pair.station.negotiated).toMatchObject({ window: 4, maxFramePayload: 512 });
    expect(pair.device.negotiated).toMatchObject({ window: 4, maxFramePayload: 512 });
    expect(pair.station.peer?.identity).toEqual({ imei: '490154203237518', model: 'Sim' });
    expect(pair.device.peer?.identity).toEqual({ model: 'Bootbench' });
    expect(pair.events.station[0]).toMatchObject({ kind: 'hello-complete' });
  });

  it('frames never exceed the negotiated payload size', () => {
    const pair = new LinkPair(new SeededRandom(2), {}, {}, { limits: { maxFramePayload: 100 } });
    exchangeAll(pair, 3, 1000);
    // COBS(8 + 100 + 4) + delimiter = 114 bytes at most per frame.
    expect(pair.maxFrameBytes.station).toBe(114);
    expect(pair.maxFrameBytes.device).toBe(114);
  });

  it('delivers requests, responses and notifications both ways on a clean line', () => {
    const pair = new LinkPair(new SeededRandom(3));
    const { ok } = exchangeAll(pair, 20, 5000);
    expect(ok).toBe(true);
    expect(pair.station.stats().retransmissions).toBe(0);
  });

  it('delivers exactly once, in order, over a lossy, duplicating, reordering, corrupting cable (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0x7fffffff }),
        fc.record({
          loss: fc.double({ min: 0, max: 0.2, noNaN: true }),
          duplicate: fc.double({ min: 0, max: 0.2, noNaN: true }),
          corrupt: fc.double({ min: 0, max: 0.2, noNaN: true }),
          jitterMs: fc.integer({ min: 0, max: 30 }),
          garbage: fc.double({ min: 0, max: 0.1, noNaN: true }),
          latencyMs: fc.integer({ min: 0, max: 20 }),
        }),
        (seed, faults: Faults) => {
          const pair = new LinkPair(new SeededRandom(seed), faults, { timers: { maxRetries: 30, idleTimeoutMs: 0 } }, { timers: { maxRetries: 30, idleTimeoutMs: 0 }, limits: { maxFramePayload: 256, window: 6 } });
          const { ok } = exchangeAll(pair, 6, 1500);
          expect(ok).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('wraps the 16-bit sequence numbers', () => {
    // Initial sequence numbers 0xfff0 on both sides: the transfer crosses 0xffff -> 0x0000.
    const pair = new LinkPair(new SeededRandom(5), { loss: 0.05 }, { random: fixedRandom([1, 2, 3, 4, 0xff, 0xf0]) }, { random: fixedRandom([5, 6, 7, 8, 0xff, 0xf0]), limits: { maxFramePayload: 64 } });
    exchangeAll(pair, 10, 600);
    expect(pair.station.peer?.initialSeq).toBe(0xfff0);
    expect(pair.station.stats().framesSent).toBeGreaterThan(20);
  });

  it('adapts the RTO to the measured round-trip time (Jacobson/Karels)', () => {
    const pair = new LinkPair(new SeededRandom(6), { latencyMs: 40 });
    exchangeAll(pair, 10, 200);
    const stats = pair.station.stats();
    expect(stats.smoothedRttMs).toBeGreaterThan(70);
    expect(stats.smoothedRttMs).toBeLessThan(200);
    expect(stats.rtoMs).toBeLessThan(1000); // moved off the 1 s initial value
    expect(stats.rtoMs).toBeGreaterThanOrEqual(stats.smoothedRttMs!);
  });

  it('recovers a single lost DATA frame by SACK fast retransmit, well before the RTO', () => {
    const pair = new LinkPair(new SeededRandom(21), { latencyMs: 5 }, { limits: { maxFramePayload: 128 } });
    pair.run(() => pair.station.state === 'open' && pair.device.state === 'open');
    let dropped = 0;
    pair.dropIf = (from, frame) => {
      const decoded = decodeFrame(frame.subarray(0, -1));
      if (from === 'station' && decoded.ok && decoded.frame.type === FrameType.DATA && dropped === 0 && decoded.frame.seq === seqAdd(pair.device.peer!.initialSeq, 2)) {
        dropped++;
        return true;
      }
      return false;
    };
    const start = pair.nowMs;
    expect(pair.station.sendNotification(new SeededRandom(3).bytes(1000)).ok).toBe(true);
    pair.poll('station');
    pair.run(() => pair.events.device.some((e) => e.kind === 'notification'));
    expect(dropped).toBe(1);
    expect(pair.station.stats().retransmissions).toBe(1);
    expect(pair.nowMs - start).toBeLessThan(100); // initial RTO is 1000 ms
  });

  it.each([
    [2400, true],
    [9600, true],
    [9600, false],
  ])('moves 16 KB at %i baud (line-rate hint %s) without spinning on a deadline', (baud, hint) => {
    const timers = hint ? { timers: { lineBytesPerSecond: baud / 10 } } : {};
    const pair = new LinkPair(new SeededRandom(22), { bytesPerMs: baud / 10_000, latencyMs: 1 }, timers, timers);
    pair.run(() => pair.station.state === 'open' && pair.device.state === 'open');
    const start = pair.nowMs;
    expect(pair.station.sendNotification(new SeededRandom(4).bytes(16_384)).ok).toBe(true);
    pair.poll('station');
    expect(pair.run(() => pair.events.device.some((e) => e.kind === 'notification'), 3_600_000)).toBe(true);
    const lineMs = 16_384 / (baud / 10_000);
    if (hint) {
      // With the hint, queueing behind earlier frames is not mistaken for loss.
      expect(pair.station.stats().retransmissions).toBe(0);
      expect(pair.nowMs - start).toBeLessThan(1.1 * lineMs);
    } else {
      expect(pair.nowMs - start).toBeLessThan(3 * lineMs);
    }
  });

  it('fails with TRANSPORT_TIMEOUT after max retries when the cable goes dead', () => {
    const pair = new LinkPair(new SeededRandom(7), {}, { timers: { maxRetries: 3, idleTimeoutMs: 0, keepaliveMs: 0 } });
    pair.run(() => pair.station.state === 'open');
    (pair.faults as { loss?: number }).loss = 1;
    const r = pair.station.sendRequest(request(0, 10, pair.rng));
    expect(r.ok).toBe(true);
    pair.run(() => pair.station.state === 'failed');
    const failed = pair.events.station.find((e) => e.kind === 'failed');
    expect(failed).toMatchObject({ kind: 'failed', error: { code: 'TRANSPORT_TIMEOUT' } });
    expect(pair.events.station.find((e) => e.kind === 'exchange-failed')).toMatchObject({ exchangeId: r.ok ? r.value : -1 });
    // 1 s, 2 s, 4 s, 8 s backoff (capped at 8 s) before giving up.
    expect(pair.nowMs).toBeGreaterThan(14_000);
  });

  it('detects a silent peer with keepalive and idle timeout', () => {
    const pair = new LinkPair(new SeededRandom(8), {}, { timers: { keepaliveMs: 200, idleTimeoutMs: 1000 } });
    pair.run(() => pair.station.state === 'open');
    const openedAt = pair.nowMs;
    expect(pair.run(() => pair.nowMs > openedAt + 3000 || pair.station.state !== 'open', 5000)).toBe(true);
    expect(pair.station.state).toBe('open'); // pings keep a live peer alive
    (pair.faults as { loss?: number }).loss = 1;
    const cutAt = pair.nowMs;
    pair.run(() => pair.station.state === 'failed');
    expect(pair.nowMs - cutAt).toBeLessThanOrEqual(1200);
  });

  it('refuses a request beyond the negotiated exchange limit with DEVICE_BUSY', () => {
    const pair = new LinkPair(new SeededRandom(9), {}, {}, { limits: { maxExchanges: 2 } });
    pair.run(() => pair.station.state === 'open');
    expect(pair.station.sendRequest(request(0, 1, pair.rng)).ok).toBe(true);
    expect(pair.station.sendRequest(request(1, 1, pair.rng)).ok).toBe(true);
    const third = pair.station.sendRequest(request(2, 1, pair.rng));
    expect(third.ok ? undefined : third.error.code).toBe('DEVICE_BUSY');
  });

  it('refuses messages over the peer message limit and unknown response ids', () => {
    const pair = new LinkPair(new SeededRandom(10), {}, {}, { limits: { maxMessageBytes: 1000 } });
    pair.run(() => pair.station.state === 'open');
    const big = pair.station.sendRequest(request(0, 2000, pair.rng));
    expect(big.ok ? undefined : big.error.code).toBe('INVALID_REQUEST');
    const stray = pair.station.sendResponse(42, { status: 200, headers: [], body: new Uint8Array(0) });
    expect(stray.ok ? undefined : stray.error.code).toBe('INVALID_REQUEST');
    const badMethod = pair.station.sendRequest({ method: 'GE T', target: '/', headers: [], body: new Uint8Array(0) });
    expect(badMethod.ok ? undefined : badMethod.error.code).toBe('INVALID_REQUEST');
  });

  it('drops an oversized incoming message with an event and keeps working', () => {
    const pair = new LinkPair(new SeededRandom(11), {}, {}, { limits: { maxMessageBytes: 1000 } });
    pair.run(() => pair.station.state === 'open');
    // The station believes the device accepts more (as a misbehaving peer would): bypass by notification size.
    (pair.station.peer as { maxMessageBytes: number }).maxMessageBytes = 1 << 20;
    expect(pair.station.sendNotification(new Uint8Array(5000)).ok).toBe(true);
    expect(pair.station.sendNotification(Uint8Array.of(1, 2, 3)).ok).toBe(true);
    pair.run(() => pair.events.device.some((e) => e.kind === 'notification'));
    expect(pair.events.device.filter((e) => e.kind === 'message-dropped')).toHaveLength(1);
    expect(pair.events.device.find((e) => e.kind === 'notification')).toMatchObject({ payload: Uint8Array.of(1, 2, 3) });
  });

  it('close() tells the peer; both sides end closed and further sends are refused', () => {
    const pair = new LinkPair(new SeededRandom(12));
    pair.run(() => pair.station.state === 'open' && pair.device.state === 'open');
    pair.station.close();
    pair.run(() => pair.device.state === 'closed');
    expect(pair.events.device.at(-1)).toEqual({ kind: 'closed', byPeer: true });
    expect(pair.events.station.at(-1)).toEqual({ kind: 'closed', byPeer: false });
    const r = pair.station.sendNotification(Uint8Array.of(1));
    expect(r.ok ? undefined : r.error.code).toBe('DEVICE_DISCONNECTED');
  });

  it('a restarted device answers traffic with RESET and the station fails with DEVICE_DISCONNECTED', () => {
    const pair = new LinkPair(new SeededRandom(13), {}, { timers: { keepaliveMs: 100 } });
    pair.run(() => pair.station.state === 'open');
    const fresh = new LinkPair(new SeededRandom(14));
    (pair as unknown as { device: unknown }).device = fresh.device; // the device "reboots"
    pair.run(() => pair.station.state === 'failed', 5000);
    expect(pair.events.station.at(-1)).toMatchObject({ kind: 'failed', error: { code: 'DEVICE_DISCONNECTED' } });
  });

  it('a restarted station re-handshakes and the device reports peer-restarted', () => {
    const pair = new LinkPair(new SeededRandom(15));
    pair.run(() => pair.device.state === 'open');
    const fresh = new LinkPair(new SeededRandom(16));
    (pair as unknown as { station: unknown }).station = fresh.station;
    pair.run(() => pair.station.state === 'open');
    expect(pair.events.device.map((e) => e.kind)).toEqual(['hello-complete', 'peer-restarted', 'hello-complete']);
  });

  it('station gives up after helloAttempts when nobody answers', () => {
    const pair = new LinkPair(new SeededRandom(17), { loss: 1 }, { timers: { helloAttempts: 3 } });
    pair.run(() => pair.station.state === 'failed');
    expect(pair.events.station.at(-1)).toMatchObject({ kind: 'failed', error: { code: 'TRANSPORT_TIMEOUT' } });
  });
});
