import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import { afterAll, expect, test } from 'vitest';
import { createCaCertificate, issueWithGeneratedKey, signingCaFrom } from '../../../src-main/pki/issue.js';
import { generateKeyPairFor, pkcs8Der } from '../../../src-main/pki/keys.js';
import { inspectCredentials } from '../../../src-main/pki/inspector.js';
import { exportPkcs12, importPkcs12, looksLikePkcs12, maxKdfIterations } from '../../../src-main/pki/pkcs12.js';
import { openssl, scratchDir, writePem } from './pki-fixtures.js';

const scratch = scratchDir();
afterAll(() => scratch.cleanup());

async function deviceBundle(keySpec: 'ec-p256' | 'rsa-2048') {
  const caKeys = await generateKeyPairFor('ec-p256');
  const ca = signingCaFrom(createCaCertificate(caKeys, 'CN=P12 CA', 365, Date.now()), caKeys.privateKey);
  const { certificate, keys } = await issueWithGeneratedKey(ca, keySpec, { deviceIds: ['356938035643809'], validityDays: 30, nowMs: Date.now() });
  return { ca, certificate, keys };
}

test.each(['ec-p256', 'rsa-2048'] as const)('openssl 3 reads a %s PKCS#12 export without -legacy (AES-256, SHA-256 MAC)', async (spec) => {
  const { ca, certificate, keys } = await deviceBundle(spec);
  const p12 = exportPkcs12({ chain: [certificate.der, ca.certDer], keyPkcs8: pkcs8Der(keys.privateKey), password: 'field-pass-42', friendlyName: 'handset 7' });
  expect(looksLikePkcs12(p12)).toBe(true);
  const p12Path = join(scratch.dir, `${spec}.p12`);
  writeFileSync(p12Path, p12);
  const info = openssl(['pkcs12', '-info', '-in', p12Path, '-passin', 'pass:field-pass-42', '-nodes']);
  expect(info.status).toBe(0);
  expect(info.out).toContain('MAC: sha256');
  expect(info.out).toMatch(/Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC/);
  expect(info.out.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
  expect(info.out).toContain('friendlyName: handset 7');
  const keyPem = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(info.out)?.[0];
  expect(createPrivateKey(keyPem!).export({ type: 'pkcs8', format: 'der' })).toEqual(keys.privateKey.export({ type: 'pkcs8', format: 'der' }));
  expect(openssl(['pkcs12', '-info', '-in', p12Path, '-passin', 'pass:wrong', '-nodes']).out).toMatch(/Mac verify error: invalid password/i);
});

test('import reads our export and an OpenSSL-made file; a wrong password is AUTH_FAILED', async () => {
  const { ca, certificate, keys } = await deviceBundle('ec-p256');
  const ours = importPkcs12(exportPkcs12({ chain: [certificate.der, ca.certDer], keyPkcs8: pkcs8Der(keys.privateKey), password: 'pw-1234' }), 'pw-1234');
  expect(ours.certificates).toEqual([certificate.der, ca.certDer]);
  expect(ours.keysPkcs8).toHaveLength(1);
  expect(() => importPkcs12(exportPkcs12({ chain: [certificate.der], keyPkcs8: pkcs8Der(keys.privateKey), password: 'pw-1234' }), 'nope')).toThrow(expect.objectContaining({ code: 'AUTH_FAILED' }));

  const rsa = await deviceBundle('rsa-2048');
  const certPath = writePem(scratch.dir, 'rsa.pem', 'CERTIFICATE', rsa.certificate.der);
  const keyPath = join(scratch.dir, 'rsa.key');
  writeFileSync(keyPath, rsa.keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const outPath = join(scratch.dir, 'openssl.p12');
  expect(openssl(['pkcs12', '-export', '-in', certPath, '-inkey', keyPath, '-out', outPath, '-passout', 'pass:ossl-pass']).status).toBe(0);
  const theirs = importPkcs12(new Uint8Array(readFileSync(outPath)), 'ossl-pass');
  expect(new X509Certificate(theirs.certificates[0]!).fingerprint256).toBe(new X509Certificate(rsa.certificate.der).fingerprint256);
  expect(createPrivateKey({ key: Buffer.from(theirs.keysPkcs8[0]!), format: 'der', type: 'pkcs8' }).asymmetricKeyDetails?.modulusLength).toBe(2048);
});

test('a PFX demanding an absurd iteration count is refused before any key derivation', async () => {
  // Built with asn1js (the library under @peculiar/asn1-schema): PFX v3, empty data, MacData with 2^31-1 iterations.
  const hostile = new Uint8Array(new asn1js.Sequence({ value: [
    new asn1js.Integer({ value: 3 }),
    new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.7.1' }), new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.OctetString({ valueHex: new asn1js.Sequence().toBER() })] })] }),
    new asn1js.Sequence({ value: [
      new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '2.16.840.1.101.3.4.2.1' }), new asn1js.Null()] }), new asn1js.OctetString({ valueHex: new Uint8Array(32) })] }),
      new asn1js.OctetString({ valueHex: new Uint8Array(8) }),
      new asn1js.Integer({ value: 0x7fffffff }),
    ] }),
  ] }).toBER());
  expect(looksLikePkcs12(hostile)).toBe(true);
  expect(maxKdfIterations(hostile)).toBe(0x7fffffff);
  const t0 = performance.now();
  expect(() => importPkcs12(hostile, '')).toThrow(expect.objectContaining({ code: 'CERT_INVALID', message: expect.stringContaining('iterations') }));
  expect(await inspectCredentials(hostile, { nowMs: Date.now() })).toMatchObject({ ok: false, refusal: { code: 'malformed-der', explanation: expect.stringContaining('iterations') } });
  expect(performance.now() - t0).toBeLessThan(1000);
});
