import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { CaStore } from '../../../src-main/pki/ca-store.js';
import { deliverStationKey } from '../../../src-main/pki/delivery.js';
import { loadElectronSafeStorage } from '../../../src-main/pki/electron-safe-storage.js';
import { createCaCertificate, issueWithGeneratedKey, signingCaFrom } from '../../../src-main/pki/issue.js';
import { generateKeyPairFor } from '../../../src-main/pki/keys.js';
import { PassphraseProtector } from '../../../src-main/pki/secret-box.js';
import { trustAnchorBundle } from '../../../src-main/pki/trust-anchors.js';
import type { TrspCredential } from '../../../src-shared/pki/dmacc-credentials.js';

async function issued() {
  const caKeys = await generateKeyPairFor('ec-p256');
  const ca = signingCaFrom(createCaCertificate(caKeys, 'CN=Delivery CA', 30, Date.now()), caKeys.privateKey);
  return issueWithGeneratedKey(ca, 'ec-p256', { deviceIds: ['356938035643809'], validityDays: 1, nowMs: Date.now() });
}

test('delivery hands over Auth/Trsp Data (cert) and Secret (PKCS#8), then zeroes the key buffer', async () => {
  const { certificate, keys } = await issued();
  let seen: TrspCredential | undefined;
  const result = await deliverStationKey(certificate.der, keys.privateKey, async (credential, moData) => {
    seen = credential;
    expect(new X509Certificate(Buffer.from(moData.Auth.Trsp.Data, 'base64')).fingerprint256).toBe(new X509Certificate(certificate.der).fingerprint256);
    const key = createPrivateKey({ key: Buffer.from(moData.Auth.Trsp.Secret!, 'base64'), format: 'der', type: 'pkcs8' });
    expect(new X509Certificate(certificate.der).checkPrivateKey(key)).toBe(true);
    expect(credential.secret!.some((b) => b !== 0)).toBe(true);
    return 'sent';
  });
  expect(result).toBe('sent');
  expect(seen!.secret!.length).toBeGreaterThan(100);
  expect(seen!.secret!.every((b) => b === 0)).toBe(true);
});

test('the key buffer is zeroed when sending fails too', async () => {
  const { certificate, keys } = await issued();
  let seen: TrspCredential | undefined;
  await expect(
    deliverStationKey(certificate.der, keys.privateKey, async (credential) => {
      seen = credential;
      throw new Error('cable pulled');
    }),
  ).rejects.toThrow('cable pulled');
  expect(seen!.secret!.every((b) => b === 0)).toBe(true);
});

test('trust anchor bundle lists active then retired CAs as PEM and MOData', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bb-anchors-'));
  try {
    const store = await CaStore.open(dir);
    const pass = new PassphraseProtector('anchor passphrase');
    for (const name of ['CN=First', 'CN=Second']) {
      const keys = await generateKeyPairFor('ec-p256');
      await store.install(createCaCertificate(keys, name, 30, Date.now()), keys.privateKey, pass, Date.now(), { rotate: true });
    }
    const bundle = await trustAnchorBundle(store);
    expect(bundle.anchors.map((a) => [a.state, new X509Certificate(Buffer.from(a.der)).subject])).toEqual([['active', 'CN=Second'], ['retired', 'CN=First']]);
    expect(bundle.pem.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(Object.keys(bundle.moData.Ext.Bootbench.TrustAnchors)).toEqual(['1', '2']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('outside Electron there is no safeStorage, so the caller falls back to a passphrase', async () => {
  expect(await loadElectronSafeStorage()).toBeUndefined();
});
