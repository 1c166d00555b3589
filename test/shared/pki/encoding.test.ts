import { describe, expect, test } from 'vitest';
import { decodePem, toPem } from '../../../src-shared/pki/pem.js';

describe('PEM', () => {
  test('wraps at 64 characters and decodes several blocks, ignoring surrounding text', () => {
    const der = Uint8Array.from({ length: 100 }, (_, i) => i);
    const pem = toPem('CERTIFICATE', der);
    expect(pem.split('\n')[1]).toHaveLength(64);
    const decoded = decodePem(`subject=CN = x\n${pem}junk\n${toPem('PRIVATE KEY', Uint8Array.of(1, 2, 3))}`);
    expect(decoded).toEqual({ ok: true, blocks: [{ label: 'CERTIFICATE', der }, { label: 'PRIVATE KEY', der: Uint8Array.of(1, 2, 3) }] });
  });

  test.each([
    ['no-blocks', 'hello'],
    ['unterminated-block', '-----BEGIN CERTIFICATE-----\nAAAA\n'],
    ['label-mismatch', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END PRIVATE KEY-----\n'],
    ['bad-base64', '-----BEGIN CERTIFICATE-----\n$$$$\n-----END CERTIFICATE-----\n'],
    ['encrypted-legacy-pem', '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nAAAA\n-----END RSA PRIVATE KEY-----\n'],
  ])('refuses %s', (reason, text) => {
    expect(decodePem(text)).toEqual({ ok: false, reason });
  });
});
