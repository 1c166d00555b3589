import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeMessage, encodeMessage, validateMessage, type LinkMessage } from '../../../src-shared/link/message-codec.js';

const token = fc.stringMatching(/^[A-Za-z0-9-]{1,20}$/);
const value = fc.stringMatching(/^[ -~]{0,40}$/);
const headers = fc.array(fc.tuple(token, value), { maxLength: 5 });

const message: fc.Arbitrary<LinkMessage> = fc.oneof(
  fc.record({ kind: fc.constant('request' as const), exchangeId: fc.nat(0xffff), request: fc.record({ method: token, target: fc.string({ minLength: 1, maxLength: 50 }).map((t) => t.replace(/[\uD800-\uDFFF]/g, 'x')), headers, body: fc.uint8Array({ maxLength: 300 }) }) }),
  fc.record({ kind: fc.constant('response' as const), exchangeId: fc.nat(0xffff), response: fc.record({ status: fc.integer({ min: 100, max: 999 }), headers, body: fc.uint8Array({ maxLength: 300 }) }) }),
  fc.record({ kind: fc.constant('notification' as const), payload: fc.uint8Array({ maxLength: 300 }) }),
);

describe('message codec', () => {
  it('round-trips every valid message (property)', () => {
    fc.assert(
      fc.property(message, (m) => {
        expect(validateMessage(m)).toBeUndefined();
        expect(decodeMessage(encodeMessage(m))).toEqual({ ok: true, value: m });
      }),
    );
  });

  it('rejects what HTTP cannot carry', () => {
    const req = (over: Partial<{ method: string; target: string; headers: [string, string][] }>): LinkMessage => ({ kind: 'request', exchangeId: 1, request: { method: 'GET', target: '/', headers: [], body: new Uint8Array(0), ...over } });
    expect(validateMessage(req({ method: 'G ET' }))).toBe('bad method');
    expect(validateMessage(req({ target: '' }))).toBe('bad target');
    expect(validateMessage(req({ headers: [['X', 'a\r\nInjected: 1']] }))).toBe('bad header value');
    expect(validateMessage(req({ headers: [['X Y', 'a']] }))).toBe('bad header name');
    expect(validateMessage({ kind: 'response', exchangeId: 1, response: { status: 42, headers: [], body: new Uint8Array(0) } })).toBe('bad status');
  });

  it('reports truncation and unknown kinds as reasons', () => {
    expect(decodeMessage(Uint8Array.of(1, 0))).toEqual({ ok: false, reason: 'truncated message header' });
    expect(decodeMessage(Uint8Array.of(9, 0, 0))).toEqual({ ok: false, reason: 'unknown message kind 9' });
    expect(decodeMessage(Uint8Array.of(2, 0, 1, 0))).toEqual({ ok: false, reason: 'truncated response' });
  });
});
