import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { crc32 } from '../../../src-shared/link/crc.js';
import { Deframer } from '../../../src-shared/link/deframer.js';
import { decodeFrame, encodeFrame, FLAG_FIN, FrameType, type Frame } from '../../../src-shared/link/frame.js';
import { encodeHello } from '../../../src-shared/link/hello.js';
import { utf8Encode } from '../../../src-shared/link/utf8.js';

const frames: Frame[] = [
  { type: FrameType.HELLO, flags: 0, seq: 0, ack: 0, payload: encodeHello({ version: 1, role: 'station', nonce: 0x01020304, initialSeq: 0xfff0, maxFramePayload: 1024, window: 16, maxMessageBytes: 4194304, maxExchanges: 8, identity: { model: 'Bootbench' } }) },
  { type: FrameType.DATA, flags: FLAG_FIN, seq: 0xffff, ack: 7, payload: Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff) },
  { type: FrameType.ACK, flags: 0, seq: 0, ack: 0x1234, payload: Uint8Array.of(0, 0, 0, 5) },
  { type: FrameType.PING, flags: 0, seq: 0, ack: 1, payload: new Uint8Array(0) },
  { type: FrameType.RESET, flags: 0, seq: 0, ack: 0, payload: Uint8Array.of(1) },
];

describe('frame codec', () => {
  it('uses the standard CRC-32 (check value of "123456789")', () => {
    expect(crc32(utf8Encode('123456789'))).toBe(0xcbf43926);
  });

  it('round-trips frames through the deframer', () => {
    const deframer = new Deframer(1024);
    const wire = frames.map(encodeFrame);
    const got = wire.flatMap((w) => deframer.push(w));
    expect(got).toEqual(frames.map((frame) => ({ ok: true, frame })));
  });

  it('rejects every single-bit flip of valid frames (exhaustive over all bits)', () => {
    let flips = 0;
    for (const frame of frames) {
      const wire = encodeFrame(frame);
      const next = encodeFrame(frames[3]!);
      for (let bit = 0; bit < wire.length * 8; bit++) {
        const damaged = wire.slice();
        damaged[bit >> 3] = damaged[bit >> 3]! ^ (1 << (bit & 7));
        const deframer = new Deframer(1024);
        // A flipped delimiter merges the frame with the next; a leading delimiter closes any prefix.
        const items = [...deframer.push(Uint8Array.of(0)), ...deframer.push(damaged), ...deframer.push(next), ...deframer.push(Uint8Array.of(0))];
        const accepted = items.filter((i) => i.ok);
        expect(accepted.every((i) => i.ok && i.frame.type === FrameType.PING)).toBe(true);
        expect(accepted.filter((i) => i.ok && i.frame.type !== FrameType.PING)).toHaveLength(0);
        expect(items.some((i) => !i.ok)).toBe(true);
        flips++;
      }
    }
    expect(flips).toBeGreaterThan(3000);
  });

  it('resynchronises within one frame after any garbage prefix (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.integer({ min: 0, max: 4 }), (garbage, which) => {
        const deframer = new Deframer(1024);
        const frame = frames[which]!;
        const items = [...deframer.push(garbage), ...deframer.push(encodeFrame(frame)), ...deframer.push(encodeFrame(frames[3]!))];
        const ok = items.filter((i) => i.ok);
        // The frame right after the garbage may be lost only if the garbage ended without a 0x00; the next one never is.
        expect(ok.at(-1)).toEqual({ ok: true, frame: frames[3] });
        if (garbage.length === 0 || garbage.at(-1) === 0) expect(ok.at(-2)).toEqual({ ok: true, frame });
        expect(items.filter((i) => !i.ok).length).toBeLessThanOrEqual(garbage.length + 1);
      }),
    );
  });

  it('discards oversize blocks without buffering them', () => {
    const deframer = new Deframer(64);
    const junk = new Uint8Array(100_000).fill(0x55);
    expect(deframer.push(junk)).toEqual([]);
    const items = deframer.push(encodeFrame(frames[3]!));
    expect(items).toEqual([{ ok: false, reason: 'oversize' }]);
    expect(deframer.push(encodeFrame(frames[3]!))).toEqual([{ ok: true, frame: frames[3] }]);
    expect(deframer.stats.bytesDiscarded).toBeGreaterThanOrEqual(100_000);
  });

  it('survives 10^5 fuzzed frames with only typed outcomes', () => {
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const deframer = new Deframer(1024);
    let rejected = 0;
    let slowest = 0;
    const types = new Set<number>();
    for (let i = 0; i < 100_000; i++) {
      const base = encodeFrame(frames[rand(frames.length)]!);
      const mutated = base.slice(0, rand(3) === 0 ? rand(base.length + 1) : base.length);
      const mutations = rand(4);
      for (let m = 0; m < mutations && mutated.length > 0; m++) mutated[rand(mutated.length)] = rand(256);
      const t0 = performance.now();
      const items = rand(10) === 0 ? deframer.push(Uint8Array.from({ length: rand(64) }, () => rand(256))) : deframer.push(mutated);
      slowest = Math.max(slowest, performance.now() - t0);
      for (const item of items) {
        if (item.ok) types.add(item.frame.type);
        else rejected++;
      }
      // A lone block decode never throws either.
      if (typeof decodeFrame(mutated.subarray(0, Math.max(0, mutated.length - 1))).ok !== 'boolean') rejected = Number.NaN;
    }
    expect([...types].every((t) => (Object.values(FrameType) as number[]).includes(t))).toBe(true);
    expect(rejected).toBeGreaterThan(10_000);
    expect(slowest).toBeLessThan(100);
  });
});
