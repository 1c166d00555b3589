import { expect, test } from 'vitest';
import { deviceIdToSanUri } from '../../../src-shared/pki/device-id.js';
import { trspMoData, trustAnchorsMoData, wipe } from '../../../src-shared/pki/dmacc-credentials.js';
import { KEYGEN_MOID, keygenCommands, keygenRequestMoData, parseKeygenReport } from '../../../src-shared/pki/keygen-mo.js';

test('the KeyGen request instance and its command sequence', () => {
  expect(KEYGEN_MOID).toBe('urn:bootbench:mo:keygen:1.0');
  expect(keygenRequestMoData({ keyType: 'EC-P256', subject: 'CN=356938035643809', subjectAltName: 'urn:imei:356938035643809', accountRef: 'urn:oma:mo:oma-dm-dmacc:1.2/acme/' })).toEqual({
    KeyGen: { KeyType: 'EC-P256', Subject: 'CN=356938035643809', SAN: 'urn:imei:356938035643809', AccRef: 'urn:oma:mo:oma-dm-dmacc:1.2/acme/', Status: 'Idle' },
  });
  expect(keygenCommands('urn:bootbench:mo:keygen:1.0/k1', 'http://127.0.0.1:8080/repo/k1')).toEqual([
    ['HGET', 'http://127.0.0.1:8080/repo/k1', 'urn:bootbench:mo:keygen:1.0/k1/'],
    ['EXEC', 'urn:bootbench:mo:keygen:1.0/k1/Generate'],
    ['GET', 'urn:bootbench:mo:keygen:1.0/k1/'],
  ]);
});

test('a device report: CSR, refusal as data, pending, or invalid', () => {
  expect(parseKeygenReport({ KeyGen: { Status: 'Done', CSR: 'MAMCAQA=' } })).toEqual({ status: 'csr', csrDer: Uint8Array.of(0x30, 3, 2, 1, 0) });
  expect(parseKeygenReport({ KeyGen: { Status: 'Failed', Error: 'no entropy' } })).toEqual({ status: 'failed', detail: 'no entropy' });
  expect(parseKeygenReport({ KeyGen: { Status: 'Generating' } })).toEqual({ status: 'pending' });
  expect(parseKeygenReport({ KeyGen: { Status: 'Done' } })).toMatchObject({ status: 'invalid' });
  expect(parseKeygenReport({ KeyGen: { Status: 'Done', CSR: '***' } })).toMatchObject({ status: 'invalid' });
  expect(parseKeygenReport({ Other: {} })).toMatchObject({ status: 'invalid' });
  expect(parseKeygenReport(null)).toMatchObject({ status: 'invalid' });
});

test('Auth/Trsp MOData and trust anchors are base64 bin values; wipe zeroes', () => {
  const secret = Uint8Array.of(9, 9, 9);
  expect(trspMoData({ data: Uint8Array.of(1, 2, 3), secret })).toEqual({ Auth: { Trsp: { Data: 'AQID', Secret: 'CQkJ' } } });
  expect(trspMoData({ data: Uint8Array.of(1), secret: null })).toEqual({ Auth: { Trsp: { Data: 'AQ==' } } });
  wipe(secret);
  expect(secret).toEqual(new Uint8Array(3));
  expect(trustAnchorsMoData([Uint8Array.of(1), Uint8Array.of(2)])).toEqual({ Ext: { Bootbench: { TrustAnchors: { '1': { Cert: 'AQ==' }, '2': { Cert: 'Ag==' } } } } });
});

test('device ids map to SAN URIs', () => {
  expect(deviceIdToSanUri('356938035643809')).toBe('urn:imei:356938035643809');
  expect(deviceIdToSanUri('IMEI:356938035643809')).toBe('urn:imei:356938035643809');
  expect(deviceIdToSanUri('urn:imei:356938035643809')).toBe('urn:imei:356938035643809');
  expect(deviceIdToSanUri('urn:dev:ops:acme-gw-0042')).toBe('urn:dev:ops:acme-gw-0042');
  expect(() => deviceIdToSanUri('356938035643808')).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST', message: expect.stringContaining('Luhn') }));
  expect(() => deviceIdToSanUri('hello')).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
});
