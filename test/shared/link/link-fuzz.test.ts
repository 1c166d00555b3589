import { describe, expect, it } from 'vitest';
import { encodeFrame, FLAG_FIN, FrameType, type FrameTypeValue } from '../../../src-shared/link/frame.js';
import { encodeHello } from '../../../src-shared/link/hello.js';
import { decodeMessage, encodeMessage } from '../../../src-shared/link/message-codec.js';
import { LinkPair, SeededRandom } from './link-harness.js';

const KINDS = new Set(['hello-complete', 'request', 'response', 'notification', 'message-dropped', 'exchange-failed', 'peer-restarted', 'failed', 'closed']);
const TYPES = Object.values(FrameType) as FrameTypeValue[];

describe('link fuzzing', () => {
  it('10^5 fuzzed CRC-valid frames into open endpoints yield only typed outcomes', () => {
    const rng = new SeededRandom(99);
    const pair = new LinkPair(rng, {}, { timers: { idleTimeoutMs: 0 } }, { timers: { idleTimeoutMs: 0 } });
    pair.run(() => pair.station.state === 'open' && pair.device.state === 'open');
    const validMessage = encodeMessage({ kind: 'request', exchangeId: 3, request: { method: 'GET', target: '/x', headers: [['A', 'b']], body: Uint8Array.of(1) } });
    let eventsSeen = 0;
    let slowest = 0;
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      const type = TYPES[rng.int(TYPES.length)]!;
      let payload: Uint8Array;
      const shape = rng.int(4);
      if (shape === 0) payload = rng.bytes(rng.int(80));
      else if (shape === 1 && type === FrameType.HELLO) payload = encodeHello({ version: rng.int(3), role: rng.int(2) ? 'station' : 'device', nonce: rng.int(4), initialSeq: rng.int(65536), maxFramePayload: rng.int(3000), window: rng.int(200), maxMessageBytes: rng.int(5000), maxExchanges: rng.int(4), identity: { imei: 'x' } });
      else if (shape === 2) {
        payload = validMessage.slice(0, rng.int(validMessage.length + 1));
        if (payload.length > 0) payload[rng.int(payload.length)] = rng.int(256);
      } else payload = new Uint8Array(0);
      const side = rng.int(2) === 0 ? pair.station : pair.device;
      side.receive(encodeFrame({ type, flags: rng.int(2) ? FLAG_FIN : rng.int(256), seq: rng.int(65536), ack: rng.int(65536), payload }));
      const t0 = performance.now();
      const result = side.poll(pair.nowMs + i);
      slowest = Math.max(slowest, performance.now() - t0);
      for (const e of result.events) {
        seen.add(e.kind);
        eventsSeen++;
      }
    }
    expect([...seen].filter((k) => !KINDS.has(k))).toEqual([]);
    expect(eventsSeen).toBeGreaterThan(0);
    expect(slowest).toBeLessThan(100);
  });

  it('10^5 fuzzed message bodies decode to a message or a reason, never an exception', () => {
    const rng = new SeededRandom(7);
    const seedMessage = encodeMessage({ kind: 'response', exchangeId: 9, response: { status: 200, headers: [['Content-Type', 'application/json']], body: rng.bytes(20) } });
    let rejected = 0;
    for (let i = 0; i < 100_000; i++) {
      const bytes = rng.int(2) === 0 ? rng.bytes(rng.int(40)) : seedMessage.slice(0, rng.int(seedMessage.length + 1));
      if (bytes.length > 0 && rng.int(2) === 0) bytes[rng.int(bytes.length)] = rng.int(256);
      const r = decodeMessage(bytes);
      if (!r.ok && typeof r.reason === 'string') rejected++;
    }
    expect(rejected).toBeGreaterThan(1000);
  });
});
