import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect, createServer, type Server, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createCaCertificate, issueWithGeneratedKey, randomSerial, signingCaFrom, type SigningCa } from '../../../src-main/pki/issue.js';
import { generateKeyPairFor, spkiDer, type KeySpec } from '../../../src-main/pki/keys.js';
import { GeneralName, SubjectAlternativeName } from '@peculiar/asn1-x509';
import { basicConstraintsExtension, buildCertificate, encodeName, extendedKeyUsageExtension, extension, spkiFromDer } from '../../../src-main/pki/x509-build.js';
import { OID } from '../../../src-shared/pki/oids.js';
import { toPem } from '../../../src-shared/pki/pem.js';

/**
 * Stands in for the embedded DM server until it exists: a node:tls server on 127.0.0.1 that requires
 * a client certificate from the station CA.
 */
let stationCa: SigningCa;
let otherCa: SigningCa;
let server: Server;
let port: number;
const clientErrors: string[] = [];

async function newCa(name: string): Promise<SigningCa> {
  const keys = await generateKeyPairFor('ec-p256');
  return signingCaFrom(createCaCertificate(keys, name, 30, Date.now()), keys.privateKey);
}

beforeAll(async () => {
  stationCa = await newCa('CN=Station CA');
  otherCa = await newCa('CN=Some Other CA');
  const serverKeys = await generateKeyPairFor('ec-p256');
  const serverCert = buildCertificate(
    {
      serial: randomSerial(), issuerName: stationCa.subjectName, subjectName: encodeName('CN=dm.local'),
      notBeforeMs: Date.now() - 60_000, notAfterMs: Date.now() + 86_400_000, spki: spkiFromDer(spkiDer(serverKeys.publicKey)),
      extensions: [basicConstraintsExtension(false), extendedKeyUsageExtension([OID.serverAuth]), extension(OID.subjectAltName, false, new SubjectAlternativeName([new GeneralName({ iPAddress: '127.0.0.1' })]))],
    },
    stationCa.privateKey,
  );
  server = createServer({
    key: serverKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }),
    cert: toPem('CERTIFICATE', serverCert),
    ca: toPem('CERTIFICATE', stationCa.certDer),
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
  });
  server.on('secureConnection', (socket: TLSSocket) => socket.end(`hello ${socket.getPeerCertificate().subject.CN}`));
  // Node destroys an unauthorized peer with a bare 'socket hang up'; the reason is on the socket.
  server.on('tlsClientError', (error, socket) => clientErrors.push(`${socket.authorizationError ?? ''} ${error.message}`));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.close();
  await once(server, 'close');
});

async function handshake(ca: SigningCa, keySpec: KeySpec): Promise<{ readonly ok: boolean; readonly data: string; readonly error: string }> {
  const { certificate, keys } = await issueWithGeneratedKey(ca, keySpec, { deviceIds: ['356938035643809'], validityDays: 1, nowMs: Date.now() });
  const socket = connect({
    host: '127.0.0.1', port, ca: toPem('CERTIFICATE', stationCa.certDer),
    key: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }), cert: toPem('CERTIFICATE', certificate.der),
  });
  let data = '';
  socket.on('data', (chunk: Buffer) => (data += chunk.toString()));
  return new Promise((resolve) => {
    socket.on('error', (error) => resolve({ ok: false, data, error: error.message }));
    socket.on('close', () => resolve({ ok: data.startsWith('hello'), data, error: '' }));
  });
}

test.each(['ec-p256', 'rsa-2048'] as const)('a %s device certificate we issued authenticates to the TLS server', async (spec) => {
  const result = await handshake(stationCa, spec);
  expect(result).toEqual({ ok: true, data: 'hello 356938035643809', error: '' });
});

test('a device certificate from another CA is refused, with the reason', async () => {
  const before = clientErrors.length;
  const result = await handshake(otherCa, 'ec-p256');
  // TLS 1.3: the client may see the server's alert as an error or as a bare close; either way no data.
  expect(result.ok).toBe(false);
  expect(result.data).toBe('');
  await expect.poll(() => clientErrors.length).toBeGreaterThan(before);
  expect(clientErrors.at(-1)).toMatch(/^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY) /);
});
