import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeHello, encodeHello, type HelloParams } from '../../../src-shared/link/hello.js';

const base: HelloParams = { version: 1, role: 'device', nonce: 7, initialSeq: 9, maxFramePayload: 256, window: 4, maxMessageBytes: 1000, maxExchanges: 2, identity: {} };

describe('HELLO TLV', () => {
  it('round-trips any valid parameters and identity (property)', () => {
    fc.assert(
      fc.property(
        fc.record({ nonce: fc.nat(0xffffffff), initialSeq: fc.nat(0xffff), maxFramePayload: fc.integer({ min: 64, max: 0xffff }), window: fc.integer({ min: 1, max: 127 }), model: fc.string({ maxLength: 40 }) }),
        ({ nonce, initialSeq, maxFramePayload, window, model }) => {
          const hello: HelloParams = { ...base, nonce, initialSeq, maxFramePayload, window, identity: { model: model.replace(/[\uD800-\uDFFF]/g, '') } };
          expect(decodeHello(encodeHello(hello))).toEqual({ ok: true, value: hello });
        },
      ),
    );
  });

  it('skips unknown tags', () => {
    const bytes = Uint8Array.from([0x7f, 2, 0xaa, 0xbb, ...encodeHello(base)]);
    expect(decodeHello(bytes)).toEqual({ ok: true, value: base });
  });

  it.each([
    ['truncated', encodeHello(base).slice(0, -1), 'truncated TLV'],
    ['missing window', Uint8Array.of(1, 1, 1, 2, 1, 0, 3, 1, 5, 4, 2, 1, 0), 'missing required field'],
    ['window 0', encodeHello({ ...base, window: 0 }), 'bad window'],
    ['frame 63', encodeHello({ ...base, maxFramePayload: 63 }), 'bad max frame payload'],
    ['numeric field of 5 bytes', Uint8Array.of(1, 5, 0, 0, 0, 0, 1), 'bad length for tag 1'],
  ])('rejects %s with a reason', (_name, bytes, reason) => {
    expect(decodeHello(bytes)).toEqual({ ok: false, reason });
  });
});
