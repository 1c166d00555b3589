import { execFileSync } from 'node:child_process';
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDmServerHost, type DmServerHost } from '../../../../src-main/dm/dm-server-host.js';
import { deviceTlsCredential } from '../../../../src-main/provisioning/credentials/device-credential.js';
import { ProvisioningError } from '../../../../src-shared/errors/provisioning-error.js';
import { KEYGEN_MOID } from '../../../../src-shared/pki/keygen-mo.js';
import { getInstance, nodeAt, type TreeNode } from '../../../../src-shared/protocol/dm/index.js';
import type { SessionTurn } from '../../../../src-shared/protocol/dm/session/index.js';
import { toPem } from '../../../../src-shared/pki/pem.js';
import { createTestPki, type TestPki } from '../../../support/test-pki.js';
import { ACCOUNT, DMACC, deviceTree, makeDevice, refusals, SERVER_ID, startStation, type Device, type Station } from './fixtures.js';

const IMEI_A = '356938035643809';
const IMEI_B = '490154203237518';
const DEV_A = `IMEI:${IMEI_A}`;
const DEV_B = `IMEI:${IMEI_B}`;

let pki: TestPki;
let station: Station;
let deviceA: Device;
let deviceB: Device;

const leaf = (node: TreeNode | undefined): TreeNode & { kind: 'leaf' } => {
  if (node?.kind !== 'leaf') throw new Error('expected a leaf');
  return node;
};
const binAt = (device: Device, path: readonly string[]): Uint8Array => {
  const l = leaf(nodeAt(getInstance(device.keygen.tree.tree, DMACC, 'acc1')!.root, path));
  if (l.format !== 'bin') throw new Error(`${path.join('/')} is ${l.format}, not bin`);
  return l.value;
};
const pemFile = (name: string, der: Uint8Array): string => {
  const path = join(station.dir, name);
  writeFileSync(path, toPem('CERTIFICATE', der));
  return path;
};
const openssl = (args: readonly string[]): string => execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Every textual form of a private key that could leak: PKCS#8 DER base64, PEM body, raw scalar (hex, base64, base64url). */
function keyForms(key: KeyObject): string[] {
  const der = key.export({ type: 'pkcs8', format: 'der' });
  const d = key.export({ format: 'jwk' }).d!;
  const raw = Buffer.from(d, 'base64url');
  return [der.toString('base64'), der.toString('base64').slice(40, 100), raw.toString('hex'), raw.toString('base64'), d];
}

beforeAll(async () => {
  pki = createTestPki();
  station = await startStation(pki);
  station.plans.set(DEV_A, { origin: 'device-key', deviceId: IMEI_A, accountUri: ACCOUNT, validityDays: 90, profileVersion: 'p-7' });
  station.plans.set(DEV_B, { origin: 'station-key', deviceId: IMEI_B, accountUri: ACCOUNT, validityDays: 30 });
  const factory = { ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key };
  deviceA = makeDevice(DEV_A, deviceTree(DEV_A, station.host.entryUrl), factory);
  deviceB = makeDevice(DEV_B, deviceTree(DEV_B, station.host.entryUrl), factory);
});

afterAll(async () => {
  deviceA?.http.close();
  deviceB?.http.close();
  await station?.close();
  pki?.dispose();
});

describe('device-generated key over a DM 2.0 session (KeyGen MO)', () => {
  it('HGET, EXEC Generate, GET CSR, issue, HGET Auth/Trsp + anchors: the DMAcc holds a certificate openssl accepts', async () => {
    const outcome = await deviceA.client.openSession(SERVER_ID);
    expect(outcome.kind).toBe('completed');
    expect(station.outcomes.find((o) => o.devId === DEV_A), JSON.stringify(station.outcomes)).toMatchObject({ kind: 'issued', origin: 'device-key', anchors: 1 });

    // The DM commands the station sent, in order (the recorded Package#2 bodies).
    const p2 = deviceA.exchanges.filter((e) => e.url.includes('/dm')).map((e) => (JSON.parse(e.responseBody) as { CMD: string[][] }).CMD.map((c) => c[0]));
    expect(p2).toEqual([['CONT', 'HGET', 'EXEC', 'GET'], ['HGET'], ['END']]);

    const certDer = binAt(deviceA, ['Auth', 'Trsp', 'Data']);
    const cert = new X509Certificate(certDer);
    expect(openssl(['verify', '-CAfile', pemFile('station-ca.pem', new X509Certificate(station.signer.certDer).raw), pemFile('device-a.pem', certDer)])).toContain(': OK');
    const text = openssl(['x509', '-in', pemFile('device-a.pem', certDer), '-noout', '-ext', 'subjectAltName,extendedKeyUsage']);
    expect(text).toContain(`URI:urn:imei:${IMEI_A}`);
    expect(text).toContain('TLS Web Client Authentication');
    expect(cert.subject).toBe(`CN=${IMEI_A}`);
    const days = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86_400_000;
    expect(Math.round(days)).toBe(90);

    // The certificate's public key is the device's key; the key is only in the device's vault.
    const key = deviceA.keygen.vault.get(ACCOUNT);
    expect(key).toBeDefined();
    expect(cert.checkPrivateKey(key!.privateKey)).toBe(true);
    const account = getInstance(deviceA.keygen.tree.tree, DMACC, 'acc1')!;
    expect(nodeAt(account.root, ['Auth', 'Trsp', 'Secret'])).toBeUndefined();

    // KeyGen instance: Done with the CSR, no key material in the tree.
    const keygen = getInstance(deviceA.keygen.tree.tree, KEYGEN_MOID, 'station')!;
    expect(leaf(nodeAt(keygen.root, ['Status'])).value).toBe('Done');
    expect(leaf(nodeAt(keygen.root, ['CSR'])).format).toBe('b64');
    expect([...keygen.root.children.keys()].sort()).toEqual(['AccRef', 'CSR', 'Generate', 'KeyType', 'SAN', 'Status', 'Subject']);

    // The private key never appeared in any HTTP body, sent or received.
    const bodies = deviceA.exchanges.flatMap((e) => [e.requestBody, e.responseBody]);
    expect(bodies.some((b) => b.includes('"CSR"'))).toBe(true);
    for (const form of keyForms(key!.privateKey)) for (const body of bodies) expect(body.includes(form)).toBe(false);

    // Registry: the issuance is recorded as a device CSR for the profile.
    const records = await station.ca.store.registry.list();
    expect(records.find((r) => r.deviceId === IMEI_A)).toMatchObject({ keySource: 'device-csr', profileVersion: 'p-7', fingerprintSha256: cert.fingerprint256.replace(/:/g, '').toLowerCase() });
  });

  it('trust anchors are in the device tree (Ext/Bootbench/TrustAnchors/1/Cert = the station CA)', () => {
    for (const device of [deviceA]) expect(Buffer.from(binAt(device, ['Ext', 'Bootbench', 'TrustAnchors', '1', 'Cert'])).equals(Buffer.from(station.signer.certDer))).toBe(true);
  });
});

describe('station-generated key delivered into Auth/Trsp/{Data,Secret}', () => {
  it('delivers cert + key in one session, wipes the station copy, and the repository forgets the secret once fetched', async () => {
    const outcome = await deviceB.client.openSession(SERVER_ID);
    expect(outcome.kind).toBe('completed');
    await station.app.settled();
    expect(station.outcomes.find((o) => o.devId === DEV_B)).toMatchObject({ kind: 'issued', origin: 'station-key' });

    const certDer = binAt(deviceB, ['Auth', 'Trsp', 'Data']);
    const secret = binAt(deviceB, ['Auth', 'Trsp', 'Secret']);
    const key = createPrivateKey({ key: Buffer.from(secret), format: 'der', type: 'pkcs8' });
    const cert = new X509Certificate(certDer);
    expect(cert.checkPrivateKey(key)).toBe(true);
    expect(openssl(['verify', '-CAfile', pemFile('station-ca.pem', station.signer.certDer), pemFile('device-b.pem', certDer)])).toContain(': OK');
    expect(cert.subjectAltName).toBe(`URI:urn:imei:${IMEI_B}`);

    // The station's key buffer was zeroed after the device fetched it.
    const delivered = station.deliveries.at(-1)!;
    expect(delivered.secret!.length).toBe(secret.length);
    expect(delivered.secret!.every((b) => b === 0)).toBe(true);

    // The publication is gone: a second fetch of the same URL answers 404, nothing is pending.
    const fetch = deviceB.exchanges.find((e) => e.method === 'GET' && e.url.includes('/repo/credential/'))!;
    expect(fetch.responseBody).toContain(Buffer.from(secret).toString('base64'));
    const again = await deviceB.http.send({ method: 'GET', url: fetch.url, headers: { accept: 'application/vnd.oma.dm.mo+json' }, body: new Uint8Array(0) });
    expect(again.status).toBe(404);
    expect(station.repository.pendingOneShots()).toEqual([]);

    // The device never sends its Secret back (No Get): no request body carries it.
    for (const e of deviceB.exchanges) expect(e.requestBody.includes(Buffer.from(secret).toString('base64'))).toBe(false);
    expect(Buffer.from(binAt(deviceB, ['Ext', 'Bootbench', 'TrustAnchors', '1', 'Cert'])).equals(Buffer.from(station.signer.certDer))).toBe(true);
  });
});

describe('a new DM session authenticated with the issued certificate', () => {
  let mtls: DmServerHost;
  const peers: (string | undefined)[] = [];
  const refused = refusals();

  beforeAll(async () => {
    mtls = await startDmServerHost({
      serverId: SERVER_ID,
      app: { next: (turn: SessionTurn) => (peers.push(turn.peer.tls?.clientCertificate?.fingerprint256), []) },
      tls: { cert: pki.server.cert, key: pki.server.key, ca: station.caPem, requireClientCert: true },
      onRefusal: refused.listener,
    });
  });
  afterAll(async () => mtls?.close());

  it.each([
    ['device-generated', () => deviceA],
    ['station-generated', () => deviceB],
  ] as const)('succeeds with the %s key against a server trusting only the station CA', async (_, device) => {
    const d = device();
    const credential = deviceTlsCredential(d.keygen.tree.tree, ACCOUNT, d.keygen.vault);
    const next = makeDevice(d === deviceA ? DEV_A : DEV_B, d.keygen.tree.tree, { ca: pki.ca.cert, ...credential });
    try {
      const outcome = await next.client.openSession(SERVER_ID, { url: mtls.entryUrl });
      expect(outcome.kind).toBe('completed');
      expect(peers.at(-1)).toBe(new X509Certificate(credential.cert).fingerprint256);
    } finally {
      next.http.close();
    }
  });

  it('refuses a certificate from another CA with a typed error and a reason', async () => {
    const before = peers.length;
    const foreign = makeDevice(DEV_A, deviceA.keygen.tree.tree, { ca: pki.ca.cert, cert: pki.clientWrongCa.cert, key: pki.clientWrongCa.key });
    try {
      const error: unknown = await foreign.client.openSession(SERVER_ID, { url: mtls.entryUrl }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ProvisioningError);
      const p = error as ProvisioningError;
      expect(p.code).toBe('AUTH_FAILED');
      expect(p.message).toMatch(/refused/);
      expect(typeof p.details?.reason).toBe('string');
      expect(peers.length).toBe(before);
      expect(refused.all.some((r) => r.code === 'AUTH_FAILED' && /trusted CA|issuer|unknown/i.test(r.reason))).toBe(true);
    } finally {
      foreign.http.close();
    }
  });
});
