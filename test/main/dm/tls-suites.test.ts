import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDmHttpServer, type DmHttpServer } from '../../../src-main/dm/http-server.js';
import { DM_PSK_CIPHERS, DM_X509_CIPHERS } from '../../../src-main/dm/tls-options.js';
import { createTestPki, type TestPki } from '../../support/test-pki.js';
import { echoPeer, tryHandshake } from './helpers.js';

const KEY = Buffer.alloc(32, 0x5a);
let pki: TestPki;
let psk: DmHttpServer;
let x509: DmHttpServer;

beforeAll(async () => {
  pki = createTestPki();
  psk = await startDmHttpServer({ handler: echoPeer, tls: { cert: pki.server.cert, key: pki.server.key, psk: { lookup: (id) => (id === 'dev' ? KEY : undefined) } } });
  x509 = await startDmHttpServer({ handler: echoPeer, tls: { cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert, requireClientCert: true } });
}, 60_000);

afterAll(async () => {
  await Promise.all([psk?.close(), x509?.close()]);
  pki?.dispose();
});

/** The DM 2.0 suites (digest §7.1) our TLS 1.2 server negotiates with an EC P-256 certificate; RSA ones need an RSA certificate. */
const EC_SERVER_SUPPORTS = new Set(['PSK-AES128-GCM-SHA256', 'DHE-PSK-AES128-GCM-SHA256', 'PSK-AES128-CBC-SHA256', 'DHE-PSK-AES128-CBC-SHA256', 'ECDHE-PSK-AES128-CBC-SHA256', 'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES128-SHA256']);

describe('DM 2.0 TLS 1.2 cipher suites', () => {
  it.each([...DM_PSK_CIPHERS])('PSK suite %s', async (suite) => {
    const r = await tryHandshake({ host: '127.0.0.1', port: psk.port, maxVersion: 'TLSv1.2', ciphers: suite, pskCallback: () => ({ identity: 'dev', psk: KEY }), checkServerIdentity: () => undefined, ca: pki.ca.cert });
    expect(r.ok).toBe(EC_SERVER_SUPPORTS.has(suite));
  });

  it.each([...DM_X509_CIPHERS])('X.509 suite %s', async (suite) => {
    const r = await tryHandshake({ host: '127.0.0.1', port: x509.port, maxVersion: 'TLSv1.2', ciphers: suite, ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key, servername: 'localhost' });
    expect(r.ok).toBe(EC_SERVER_SUPPORTS.has(suite));
  });

  it('TLS 1.3 external PSK works', async () => {
    const r = await tryHandshake({ host: '127.0.0.1', port: psk.port, minVersion: 'TLSv1.3', pskCallback: () => ({ identity: 'dev', psk: KEY }), checkServerIdentity: () => undefined, ca: pki.ca.cert });
    expect(r).toEqual({ ok: true, protocol: 'TLSv1.3' });
  });
});
