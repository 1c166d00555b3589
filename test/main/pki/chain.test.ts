import { X509Certificate } from 'node:crypto';
import { beforeAll, expect, test } from 'vitest';
import { chainCheck, type PooledCertificate } from '../../../src-main/pki/chain.js';
import { randomSerial } from '../../../src-main/pki/issue.js';
import { generateKeyPairFor, spkiDer, type KeyPair } from '../../../src-main/pki/keys.js';
import {
  authorityKeyIdExtension, basicConstraintsExtension, buildCertificate, encodeName, keyIdentifierOf, spkiFromDer, subjectKeyIdExtension,
} from '../../../src-main/pki/x509-build.js';
import { x509 } from '../../../src-main/pki/x509.js';

const NOW = Date.now();
let a: KeyPair;
let b: KeyPair;
let device: KeyPair;
beforeAll(async () => {
  [a, b, device] = await Promise.all([generateKeyPairFor('ec-p256'), generateKeyPairFor('ec-p256'), generateKeyPairFor('ec-p256')]);
});

const keyId = (keys: KeyPair): Uint8Array => keyIdentifierOf(spkiFromDer(spkiDer(keys.publicKey)));

/** A certificate for `subject`'s key, issued under `issuer`'s name and signed with its key. */
function cert(subject: string, keys: KeyPair, issuer: string, issuerKeys: KeyPair, isCa: boolean): PooledCertificate {
  const der = buildCertificate(
    {
      serial: randomSerial(), issuerName: encodeName(issuer), subjectName: encodeName(subject), notBeforeMs: NOW - 1000, notAfterMs: NOW + 86_400_000,
      spki: spkiFromDer(spkiDer(keys.publicKey)),
      extensions: [basicConstraintsExtension(isCa), subjectKeyIdExtension(keyId(keys)), authorityKeyIdExtension(keyId(issuerKeys))],
    },
    issuerKeys.privateKey,
  );
  return { node: new X509Certificate(der), peculiar: new x509.X509Certificate(new Uint8Array(der)) };
}

test('a leaf under an intermediate under a root: the whole path, in order, ending at the self-signed root', async () => {
  const root = cert('CN=Root', a, 'CN=Root', a, true);
  const intermediate = cert('CN=Intermediate', b, 'CN=Root', a, true);
  const leaf = cert('CN=dev', device, 'CN=Intermediate', b, false);
  const check = await chainCheck(leaf, [root, leaf, intermediate], 'CN=dev');
  expect(check).toEqual({ code: 'chain', passed: true, subject: 'CN=dev', explanation: 'Chain to a root: "CN=dev" → "CN=Intermediate" → "CN=Root" (self-signed)' });
});

test('a missing intermediate stops the chain where its issuer is missing', async () => {
  const root = cert('CN=Root', a, 'CN=Root', a, true);
  const leaf = cert('CN=dev', device, 'CN=Intermediate', b, false);
  const check = await chainCheck(leaf, [root, leaf], 'CN=dev');
  expect(check.passed).toBe(false);
  expect(check.explanation).toMatch(/^The chain "CN=dev" stops: no certificate named "CN=Intermediate"/);
});

test('cross-signed CAs that issue each other are explained as a loop, not followed forever', async () => {
  const aByB = cert('CN=A', a, 'CN=B', b, true);
  const bByA = cert('CN=B', b, 'CN=A', a, true);
  const leaf = cert('CN=dev', device, 'CN=A', a, false);
  const check = await chainCheck(leaf, [leaf, aByB, bByA], 'CN=dev');
  expect(check).toEqual({ code: 'chain', passed: false, subject: 'CN=dev', explanation: 'No chain can be built: the issuers form a loop' });
});
