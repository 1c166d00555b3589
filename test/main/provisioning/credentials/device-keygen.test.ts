import { createPublicKey, X509Certificate } from 'node:crypto';
import { expect, it } from 'vitest';
import { createCaCertificate, issueFromCsr, signingCaFrom } from '../../../../src-main/pki/issue.js';
import { generateKeyPairFor, spkiDer } from '../../../../src-main/pki/keys.js';
import { csrSanUris, parseCsr, verifyCsrSignature } from '../../../../src-main/pki/x509-read.js';
import { deviceTlsCredential } from '../../../../src-main/provisioning/credentials/device-credential.js';
import { nodeDeviceKeygen } from '../../../../src-main/provisioning/credentials/device-keygen.js';
import { ProvisioningError } from '../../../../src-shared/errors/provisioning-error.js';
import { KEYGEN_EXECUTOR_KEY } from '../../../../src-shared/pki/keygen-executor.js';
import { KEYGEN_MOID } from '../../../../src-shared/pki/keygen-mo.js';
import { createInstance, getInstance, makeInterior, makeLeaf, nodeAt, setNode, type ManagementTree, type TreeNode } from '../../../../src-shared/protocol/dm/index.js';
import type { ExecOutcome } from '../../../../src-shared/protocol/dm/session/index.js';
import { fromBase64 } from '../../../../src-shared/util/base64.js';
import { ACCOUNT, DMACC, deviceTree } from './fixtures.js';

const chr = (value: string): TreeNode => makeLeaf({ format: 'chr', value });

function withKeygen(params: Readonly<Record<string, string>>): ManagementTree {
  const root = makeInterior([...Object.entries(params).map(([k, v]) => [k, chr(v)] as const), ['Generate', makeLeaf({ format: 'null', value: null })]]);
  const r = createInstance(deviceTree('IMEI:356938035643809', 'https://127.0.0.1:1/dm'), { moid: KEYGEN_MOID, miid: 'k', rootName: 'KeyGen', root, creator: { kind: 'local' } });
  if (r.status !== 'ok') throw new Error(r.detail);
  return r.value;
}

/** Runs Generate inside a transaction, as the DM client does, and commits. */
async function generate(tree: ManagementTree, options: Parameters<typeof nodeDeviceKeygen>[1] = undefined) {
  const k = options === undefined ? nodeDeviceKeygen(tree) : nodeDeviceKeygen(tree, options);
  const tx = k.tree.begin();
  const exec = k.executors[KEYGEN_EXECUTOR_KEY]!;
  const outcome = (await exec({ serverId: 's', moid: KEYGEN_MOID, miid: 'k', path: ['Generate'], uri: `${KEYGEN_MOID}/k/Generate`, tree: tx.tree })) as ExecOutcome;
  tx.commit();
  const instance = getInstance(k.tree.tree, KEYGEN_MOID, 'k')!;
  const value = (name: string) => (nodeAt(instance.root, [name]) as { value?: unknown } | undefined)?.value;
  return { k, outcome, instance, value };
}

const params = { KeyType: 'RSA-2048', Subject: 'CN=356938035643809, O=Acme', SAN: 'urn:imei:356938035643809', AccRef: ACCOUNT };

it('Generate makes an RSA-2048 key, stages Status Done and a CSR that the PKI reader verifies, and keeps the key out of the tree', async () => {
  const { k, outcome, value, instance } = await generate(withKeygen(params));
  expect(outcome).toEqual({ kind: 'done', result: { sc: 200 } });
  expect(value('Status')).toBe('Done');
  const csr = parseCsr(fromBase64(value('CSR') as string)!);
  expect(verifyCsrSignature(csr)).toBe(true);
  expect(csrSanUris(csr)).toEqual(['urn:imei:356938035643809']);
  const key = k.vault.get(ACCOUNT.replace(/\/$/, ''))!;
  expect(key.privateKey.asymmetricKeyType).toBe('rsa');
  expect(Buffer.from(spkiDer(createPublicKey(key.privateKey))).equals(Buffer.from(spkiDer(key.publicKey)))).toBe(true);
  expect([...instance.root.children.keys()].sort()).toEqual(['AccRef', 'CSR', 'Generate', 'KeyType', 'SAN', 'Status', 'Subject']);
});

it('unusable parameters are a device "no": Status Failed with the reason, EXEC 400, no key', async () => {
  const { k, outcome, value } = await generate(withKeygen({ ...params, KeyType: 'DSA-1024' }));
  expect(outcome).toEqual({ kind: 'done', result: { sc: 400 } });
  expect(value('Status')).toBe('Failed');
  expect(value('Error')).toMatch(/KeyType/);
  expect(k.vault.get(ACCOUNT)).toBeUndefined();
});

it('an unsupported subject attribute fails generation (500) with the PKI reason', async () => {
  const { outcome, value } = await generate(withKeygen({ ...params, KeyType: 'EC-P256', Subject: 'XX=nope' }));
  expect(outcome).toEqual({ kind: 'done', result: { sc: 500 } });
  expect(value('Error')).toMatch(/Unsupported name attribute/);
});

it('deviceTlsCredential pairs the DMAcc certificate with the vault key, and refuses missing or mismatched keys', async () => {
  const { k, value } = await generate(withKeygen({ ...params, KeyType: 'EC-P256' }));
  const caKeys = await generateKeyPairFor('ec-p256');
  const ca = signingCaFrom(createCaCertificate(caKeys, 'CN=Unit CA', 10, Date.now()), caKeys.privateKey);
  const cert = issueFromCsr(ca, fromBase64(value('CSR') as string)!, { deviceIds: ['356938035643809'], validityDays: 1, nowMs: Date.now() });
  const put = (tree: ManagementTree, der: Uint8Array) => {
    const r = setNode(tree, DMACC, 'acc1', ['Auth', 'Trsp'], makeInterior([['Data', makeLeaf({ format: 'bin', value: der })]]));
    if (r.status !== 'ok') throw new Error(r.detail);
    return r.value;
  };
  const tree = put(k.tree.tree, cert.der);
  const credential = deviceTlsCredential(tree, ACCOUNT, k.vault);
  expect(new X509Certificate(credential.cert).checkPrivateKey(k.vault.get(ACCOUNT)!.privateKey)).toBe(true);
  expect(credential.key).toMatch(/BEGIN PRIVATE KEY/);
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e instanceof ProvisioningError ? e.code : 'untyped';
    }
    return 'no error';
  };
  expect(code(() => deviceTlsCredential(k.tree.tree, ACCOUNT, k.vault))).toBe('NOT_FOUND');
  expect(code(() => deviceTlsCredential(tree, ACCOUNT))).toBe('NOT_FOUND');
  expect(code(() => deviceTlsCredential(tree, `${DMACC}/nope/`, k.vault))).toBe('NOT_FOUND');
  const other = await generateKeyPairFor('ec-p256');
  k.vault.put(ACCOUNT, other);
  expect(code(() => deviceTlsCredential(tree, ACCOUNT, k.vault))).toBe('CERT_INVALID');
  expect(code(() => deviceTlsCredential(put(tree, new Uint8Array([1, 2, 3])), ACCOUNT, k.vault))).toBe('CERT_INVALID');
});
