import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { x509 } from '../../../src-main/pki/x509.js';
import { generateKeyPairFor, spkiDer } from '../../../src-main/pki/keys.js';
import { createCaCertificate, issueFromCsr, issueWithGeneratedKey, signingCaFrom } from '../../../src-main/pki/issue.js';
import { buildCsr, encodeName, spkiFromDer } from '../../../src-main/pki/x509-build.js';
import { ProvisioningError } from '../../../src-shared/errors/provisioning-error.js';
import { openssl, scratchDir, writePem } from './pki-fixtures.js';

const NOW = Date.UTC(2026, 10, 24, 10, 0, 0);
const scratch = scratchDir();
afterAll(() => scratch.cleanup());

async function makeCa(spec: 'ec-p256' | 'rsa-2048') {
  const keys = await generateKeyPairFor(spec);
  const der = createCaCertificate(keys, `CN=Test CA ${spec},O=Bootbench`, 3650, NOW);
  return signingCaFrom(der, keys.privateKey);
}

describe.each(['ec-p256', 'rsa-2048'] as const)('issuance with a %s CA', (caSpec) => {
  test('openssl accepts the CA and a station-generated device certificate', async () => {
    const ca = await makeCa(caSpec);
    const { certificate } = await issueWithGeneratedKey(ca, 'ec-p256', { deviceIds: ['356938035643809'], validityDays: 365, nowMs: Date.now() });
    const caPath = writePem(scratch.dir, `ca-${caSpec}.pem`, 'CERTIFICATE', ca.certDer);
    const leafPath = writePem(scratch.dir, `leaf-${caSpec}.pem`, 'CERTIFICATE', certificate.der);
    const verified = openssl(['verify', '-CAfile', caPath, '-purpose', 'sslclient', leafPath]);
    expect(verified.out).toContain(': OK');
    expect(verified.status).toBe(0);
    const text = openssl(['x509', '-in', leafPath, '-text', '-noout']);
    expect(text.status).toBe(0);
    expect(text.out).toContain('URI:urn:imei:356938035643809');
    expect(text.out).toContain('TLS Web Client Authentication');
    expect(text.out).toMatch(/Key Usage: critical\s+Digital Signature/);
    expect(text.out).toContain('X509v3 Authority Key Identifier');
    expect(openssl(['x509', '-in', caPath, '-text', '-noout']).out).toMatch(/CA:TRUE, pathlen:0/);
  });
});

test('a CSR from the device is honoured: key kept, SAN set by the station, parsed alike by @peculiar/x509', async () => {
  const ca = await makeCa('ec-p256');
  const device = await generateKeyPairFor('ec-p256');
  const csr = buildCsr(encodeName('CN=handset 7'), spkiFromDer(spkiDer(device.publicKey)), device.privateKey, ['urn:imei:000000000000000']);
  expect(openssl(['req', '-inform', 'DER', '-verify', '-noout'], csr).out).toMatch(/verify OK/i);
  const issued = issueFromCsr(ca, csr, { deviceIds: ['IMEI:356938035643809'], validityDays: 30, nowMs: NOW });
  const cert = new X509Certificate(issued.der);
  expect(cert.subject).toBe('CN=handset 7');
  expect(cert.subjectAltName).toBe('URI:urn:imei:356938035643809');
  expect(cert.checkPrivateKey(device.privateKey)).toBe(true);
  expect(cert.verify(createPublicKey(ca.privateKey))).toBe(true);
  expect(Date.parse(cert.validTo) - NOW).toBe(30 * 86_400_000);
  const parsed = new x509.X509Certificate(new Uint8Array(issued.der));
  expect(parsed.serialNumber).toBe(issued.serialHex);
  expect(parsed.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual(['1.3.6.1.5.5.7.3.2']);
  expect(issued.serialHex).toMatch(/^[0-7][0-9a-f]{31}$/);
});

test('a CSR made by openssl (an independent device) is issued; a tampered one is refused', async () => {
  const ca = await makeCa('rsa-2048');
  const keyPath = join(scratch.dir, 'ossl-dev.key');
  const made = openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyPath, '-subj', '/CN=ossl device/O=Acme', '-addext', 'subjectAltName=URI:urn:imei:356938035643809', '-outform', 'DER', '-out', join(scratch.dir, 'ossl.csr')]);
  expect(made.status).toBe(0);
  const csr = new Uint8Array(readFileSync(join(scratch.dir, 'ossl.csr')));
  const issued = issueFromCsr(ca, csr, { deviceIds: ['356938035643809'], validityDays: 10, nowMs: Date.now() });
  expect(issued.subject).toBe('CN=ossl device, O=Acme');
  const leafPath = writePem(scratch.dir, 'ossl-leaf.pem', 'CERTIFICATE', issued.der);
  expect(openssl(['verify', '-CAfile', writePem(scratch.dir, 'ossl-ca.pem', 'CERTIFICATE', ca.certDer), leafPath]).out).toContain(': OK');
  expect(new X509Certificate(issued.der).checkPrivateKey(createPrivateKey(readFileSync(keyPath)))).toBe(true);
  const tampered = Uint8Array.from(csr);
  tampered[30]! ^= 0x01;
  expect(() => issueFromCsr(ca, tampered, { deviceIds: ['356938035643809'], validityDays: 10, nowMs: Date.now() })).toThrow(expect.objectContaining({ code: 'CERT_INVALID' }));
});

test('a CSR whose signature does not verify is refused with CERT_INVALID', async () => {
  const ca = await makeCa('ec-p256');
  const device = await generateKeyPairFor('ec-p256');
  const other = await generateKeyPairFor('ec-p256');
  const forged = buildCsr(encodeName('CN=x'), spkiFromDer(spkiDer(device.publicKey)), other.privateKey);
  expect(() => issueFromCsr(ca, forged, { deviceIds: ['356938035643809'], validityDays: 1, nowMs: NOW })).toThrow(
    expect.objectContaining({ code: 'CERT_INVALID', message: expect.stringContaining('proof of possession') }),
  );
});

test('bad requests are typed INVALID_REQUEST errors', async () => {
  const ca = await makeCa('ec-p256');
  const bad = [
    { deviceIds: ['356938035643808'], validityDays: 1, nowMs: NOW },
    { deviceIds: ['not an id'], validityDays: 1, nowMs: NOW },
    { deviceIds: [], validityDays: 1, nowMs: NOW },
    { deviceIds: ['356938035643809'], validityDays: 0, nowMs: NOW },
  ];
  for (const request of bad) {
    const error = await issueWithGeneratedKey(ca, 'ec-p256', request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProvisioningError);
    expect((error as ProvisioningError).code).toBe('INVALID_REQUEST');
  }
});
