import { createHash, X509Certificate } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeClock } from '../../../src-main/dm/dm-server-host.js';
import { deviceTlsCredential } from '../../../src-main/provisioning/credentials/device-credential.js';
import { profilePlanFor } from '../../../src-main/runs/profile-plan.js';
import { sealKey, unsealKey } from '../../../src-main/bootstrap/station-key.js';
import { notiCredentialFor } from '../../../src-main/bootstrap/credentials.js';
import { signPackage0 } from '../../../src-shared/protocol/dm/package0.js';
import { PACKAGE0_VERSION } from '../../../src-shared/protocol/dm/decisions.js';
import { NotificationPolicy } from '../../../src-shared/protocol/dm/session/index.js';
import { getInstance, nodeAt } from '../../../src-shared/protocol/dm/tree/tree.js';
import { STANDARD_MOIDS } from '../../../src-shared/protocol/dm/mo-ids.js';
import { slotName, type TestStation } from '../runs/run-harness.js';
import { caStation } from './ca-station.js';

const CREDENTIAL_KEY = new Uint8Array(32).fill(0x5a);
const stations: TestStation[] = [];
afterEach(async () => {
  for (const s of stations.splice(0)) await s.close();
});

/** A handset profile: station-key (EC P-256, 90 days) for the operator, a 16-byte PSK for the OEM. */
const PROFILE = `schema: bootbench.profile/v1
id: sim-station-key
name: Simulated handset, station key
version: "1"
target: { models: ["SimPhone*"] }
accounts:
  - authority: operator
    serverId: op-dm.test
    serverUri: https://dm.operator.test/dm2
    name: "Operator DM ({serial})"
    permittedMoids: [urn:oma:mo:oma-dm-devinfo:1.2]
    credential: { kind: station-key, keyType: ec-p256, validityDays: 90 }
    notification: { auth: shared-secret }
  - authority: oem
    serverId: oem-dm.test
    serverUri: https://dm.oem.test/dm2
    name: "OEM {imei}"
    permittedMoids: [urn:oma:mo:oma-fumo:1.0]
    credential: { kind: psk, lengthBytes: 16 }
`;

const setUp = () => caStation(stations, PROFILE, 'station-key.yaml');

const bytesOf = (node: unknown): Uint8Array => {
  const n = node as { kind: string; format: string; value: unknown };
  return n.format === 'bin' ? new Uint8Array(n.value as Uint8Array) : new Uint8Array(Buffer.from(String(n.value), 'base64'));
};

describe('credential policies over the cable bootstrap', () => {
  it('station-key: one certificate per device (CA registry, journal, audit fingerprint), key and cert match on the device, never plaintext on disk', async () => {
    const { s, ca, cableCa, file } = await setUp();
    const planFor = profilePlanFor({ file, dataDir: s.dir, storage: s.storage, stationId: 'st-1' });
    const [r] = await s.manager({ planFor, credentialKey: CREDENTIAL_KEY, cableCa }).start([slotName(0)]);
    expect(r).toMatchObject({ kind: 'done' });
    const state = (await s.bench.stores.get(`${slotName(0)}#1`)!.load())!;
    const credential = deviceTlsCredential(state.tree, `${STANDARD_MOIDS.dmAcc}/operator/`);
    const cert = new X509Certificate(credential.cert);
    const devId = r!.devId!;
    expect(cert.subjectAltName).toContain(`urn:imei:${devId.slice(5)}`);
    expect(cert.issuer).toContain('CN=Bootbench Cable CA');
    const fingerprint = createHash('sha256').update(cert.raw).digest('hex');
    const registry = await ca.store.registry.list();
    expect(registry).toHaveLength(1);
    expect(registry[0]).toMatchObject({ fingerprintSha256: fingerprint, deviceId: devId, keySource: 'station-generated' });
    expect(registry[0]!.profileVersion).toMatch(/^[0-9a-f]{64}$/);
    // The notification secret: a Package#0 the operator's DM server signs with the secret it
    // derives from the same key is accepted by the device; one signed with another key is not.
    const policy = new NotificationPolicy({ clock: nodeClock, sha256: (b) => new Uint8Array(createHash('sha256').update(b).digest()) });
    const sign = (key: Uint8Array, id: number) => signPackage0({ version: PACKAGE0_VERSION, serverId: 'op-dm.test', notificationId: id, timestampS: Math.floor(Date.now() / 1000), reqMos: false }, notiCredentialFor(key, 'op-dm.test', devId), (b) => new Uint8Array(createHash('sha256').update(b).digest()));
    expect(policy.evaluate(sign(CREDENTIAL_KEY, 7), state.tree)).toMatchObject({ accept: true, serverId: 'op-dm.test' });
    expect(policy.evaluate(sign(new Uint8Array(32).fill(1), 8), state.tree)).toMatchObject({ accept: false });
    // The OEM PSK is the requested 16 bytes.
    const oem = getInstance(state.tree, STANDARD_MOIDS.dmAcc, 'oem')!;
    expect(bytesOf(nodeAt(oem.root, ['Auth', 'Trsp', 'Secret']))).toHaveLength(16);
    // Audit: the bootstrap entry carries the certificate and PSK fingerprints.
    const audit = (await s.storage.audit.list()).find((e) => e.entry.step === 'run.bootstrap')!;
    expect(audit.entry.fingerprints).toEqual(expect.arrayContaining([`certificate:operator:${fingerprint}`, expect.stringMatching(/^psk:oem:[0-9a-f]{16}$/), expect.stringMatching(/^psk:operator#noti:[0-9a-f]{16}$/)]));
    // The journal holds the certificate and a sealed key; neither journal nor audit holds the key.
    const secret = bytesOf(nodeAt(getInstance(state.tree, STANDARD_MOIDS.dmAcc, 'operator')!.root, ['Auth', 'Trsp', 'Secret']));
    const journalDir = join(s.dir, 'journal');
    const journalText = (await Promise.all((await readdir(journalDir)).map((f) => readFile(join(journalDir, f), 'utf8')))).join('\n');
    expect(journalText).toContain(fingerprint);
    for (const text of [journalText, JSON.stringify(await s.storage.audit.list()), JSON.stringify(await s.storage.runs.journal(r!.runId!))]) {
      expect(text).not.toContain(Buffer.from(secret).toString('base64'));
      expect(text).not.toContain(Buffer.from(secret).toString('hex'));
      expect(text).not.toMatch(/PRIVATE KEY/);
    }
  });

  it('a bootstrap resumed after a cable pull delivers the journalled certificate and key: never a second certificate', async () => {
    const { s, ca, cableCa, file } = await setUp();
    const planFor = profilePlanFor({ file, dataDir: s.dir, storage: s.storage, stationId: 'st-1' });
    s.bench.faults.set(slotName(0), { hangupAt: 900 });
    const manager = s.manager({ planFor, credentialKey: CREDENTIAL_KEY, cableCa });
    expect((await manager.start([slotName(0)]))[0]).toMatchObject({ kind: 'failed', error: { code: 'DEVICE_DISCONNECTED' } });
    const issued = await ca.store.registry.list();
    expect(issued).toHaveLength(1);
    expect((await s.bench.stores.get(`${slotName(0)}#1`)!.load())?.bootstrap).toBe('factory');
    s.bench.faults.delete(slotName(0));
    // Another credential key is refused (its PSK would differ; its seal does not open), nothing issued.
    const wrong = await s.manager({ planFor, credentialKey: new Uint8Array(32).fill(1), cableCa }).retryFailed();
    expect(wrong[0]).toMatchObject({ kind: 'failed', error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/station key it was issued with/) } });
    const sealed = sealKey(new Uint8Array([1, 2, 3]), CREDENTIAL_KEY, 'IMEI:1');
    expect(unsealKey(sealed, CREDENTIAL_KEY, 'IMEI:1')).toEqual(new Uint8Array([1, 2, 3]));
    expect(() => unsealKey(sealed, new Uint8Array(32).fill(1), 'IMEI:1')).toThrow(expect.objectContaining({ code: 'AUTH_FAILED' }));
    expect(() => unsealKey(sealed, CREDENTIAL_KEY, 'IMEI:2')).toThrow(expect.objectContaining({ code: 'AUTH_FAILED' }));
    const [retried] = await manager.retryFailed();
    expect(retried).toMatchObject({ kind: 'done', resumed: true });
    expect(await ca.store.registry.list()).toHaveLength(1);
    const state = (await s.bench.stores.get(`${slotName(0)}#1`)!.load())!;
    const cert = new X509Certificate(deviceTlsCredential(state.tree, `${STANDARD_MOIDS.dmAcc}/operator/`).cert);
    expect(createHash('sha256').update(cert.raw).digest('hex')).toBe(issued[0]!.fingerprintSha256);
  });

  it('refuses a station-key account without a credential key or without a CA, with typed errors and nothing issued', async () => {
    const { s, ca, cableCa, file } = await setUp();
    const planFor = profilePlanFor({ file, dataDir: s.dir, storage: s.storage, stationId: 'st-1' });
    const [noKey] = await s.manager({ planFor, cableCa }).start([slotName(0)]);
    expect(noKey).toMatchObject({ kind: 'failed', error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/credential key/) } });
    const [noCa] = await s.manager({ planFor, credentialKey: CREDENTIAL_KEY }).start([slotName(1)]);
    expect(noCa).toMatchObject({ kind: 'failed', error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/no CA/) } });
    expect(await ca.store.registry.list()).toHaveLength(0);
  });
});
