import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { STANDARD_MOIDS } from '../../../src-shared/protocol/dm/mo-ids.js';
import type { DeviceId } from '../../../src-shared/domain/device.js';
import { ProvisioningError } from '../../../src-shared/errors/provisioning-error.js';
import { getInstance, nodeAt } from '../../../src-shared/protocol/dm/tree/tree.js';
import { pushCertificate, type PushStep } from '../../../src-main/services/cert-push.js';
import { cableDevicePush } from '../../../src-main/services/cert-push-cable.js';
import { CertificatesService } from '../../../src-main/services/certificates-service.js';
import { memoryChannelPair } from '../../../src-main/sim/memory-channel.js';
import { SimDevice } from '../../../src-main/sim/sim-device.js';
import { simIdentity } from '../../../src-main/sim/sim-identity.js';
import { MemoryStateStore } from '../../../src-main/sim/state-store.js';
import { runCableBootstrap } from '../../../src-main/bootstrap/cable-bootstrap.js';
import { loadFixtureSpec } from '../bootstrap/helpers.js';

const clock = { nowMs: () => Date.now(), monotonicMs: () => performance.now() };
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function unlockedCertificates(): Promise<CertificatesService> {
  const dir = await mkdtemp(join(tmpdir(), 'bb-push-'));
  dirs.push(dir);
  const certs = new CertificatesService(dir, clock);
  await certs.init('correct horse battery', undefined);
  return certs;
}

/** A simulated handset on a memory line; `openLine` hands the station end out once. */
function plug(store: MemoryStateStore, seed: number) {
  const [stationEnd, deviceEnd] = memoryChannelPair();
  const running = new SimDevice({ channel: deviceEnd, store, identity: simIdentity(seed), linkTimers: { initialRtoMs: 100 } }).run();
  return { store, running, identity: simIdentity(seed), stationEnd, openLine: async () => stationEnd };
}

/** A handset bootstrapped over the cable with the fixture description (accounts `operator`, `enterprise`). */
async function bootstrappedHandset(seed: number) {
  const store = new MemoryStateStore();
  const first = plug(store, seed);
  const journal = await mkdtemp(join(tmpdir(), 'bb-push-journal-'));
  dirs.push(journal);
  const result = await runCableBootstrap({ channel: first.stationEnd, spec: await loadFixtureSpec(), journalDir: journal, timeoutMs: 5000 });
  await first.running;
  expect(result.kind).toBe('completed');
  return plug(store, seed);
}

describe.concurrent('certificate push over the cable (real CA, simulated handset)', () => {
  it('issues a station-generated certificate and writes it into DMAcc/operator/Auth/Trsp of a bootstrapped handset with the trust anchors', async () => {
    const certs = await unlockedCertificates();
    const h = await bootstrappedHandset(41);
    const steps: PushStep[] = [];
    const result = await pushCertificate(
      { push: cableDevicePush({ openLine: h.openLine }), unlockedCa: () => certs.unlockedCa(), onStep: (_d, s) => steps.push(s) },
      { deviceId: 'sim-1' as DeviceId, account: 'operator', validityDays: 30 },
      new AbortController().signal,
    );
    await h.running;
    expect(result.accountUri).toBe(`${STANDARD_MOIDS.dmAcc}/operator/`);
    expect(result.record.deviceId).toContain(h.identity.imei);
    expect(result.record.keySource).toBe('station-generated');
    expect(result.anchors).toBe(1);
    expect(steps).toEqual(['line-open', 'identified', 'link-up', 'session', 'issued', 'delivered', 'done']);
    // The handset committed the certificate: it is the registry's certificate, for the handset's key.
    const state = await h.store.load();
    const account = getInstance(state!.tree, STANDARD_MOIDS.dmAcc, 'operator');
    const data = nodeAt(account!.root, ['Auth', 'Trsp', 'Data']);
    expect(data?.kind).toBe('leaf');
    const der = data?.kind === 'leaf' && data.value instanceof Uint8Array ? data.value : Buffer.from(String(data?.kind === 'leaf' ? data.value : ''), 'base64');
    const cert = new X509Certificate(der);
    expect(cert.fingerprint256.replace(/:/g, '').toLowerCase()).toBe(result.record.fingerprintSha256);
    expect(cert.subjectAltName).toContain(h.identity.imei);
    expect(nodeAt(account!.root, ['Ext', 'Bootbench', 'TrustAnchors'])).toBeDefined();
    expect(state!.bootstrap).toBe('complete');
    expect((await certs.issued()).map((r) => r.serialHex)).toContain(result.record.serialHex);
  });

  it('refuses while the CA is locked, before touching the line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bb-push-'));
    dirs.push(dir);
    const certs = new CertificatesService(dir, clock);
    let opened = false;
    const push = cableDevicePush({ openLine: async () => ((opened = true), memoryChannelPair()[0]) });
    await expect(pushCertificate({ push, unlockedCa: () => certs.unlockedCa() }, { deviceId: 'x' as DeviceId, account: 'bootstrap', validityDays: 1 }, new AbortController().signal)).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    expect(opened).toBe(false);
  });

  it('an account the station did not create (the factory one) is refused by the device rights: a typed error, nothing written', async () => {
    const certs = await unlockedCertificates();
    const h = await bootstrappedHandset(42);
    const error = await pushCertificate({ push: cableDevicePush({ openLine: h.openLine }), unlockedCa: () => certs.unlockedCa() }, { deviceId: 'sim-2' as DeviceId, account: 'bootstrap', validityDays: 30 }, new AbortController().signal).catch((e: unknown) => e);
    await h.running;
    expect(error).toBeInstanceOf(ProvisioningError);
    expect((error as ProvisioningError).code).toBe('PROTOCOL_VIOLATION');
    const state = await h.store.load();
    expect(nodeAt(getInstance(state!.tree, STANDARD_MOIDS.dmAcc, 'bootstrap')!.root, ['Auth', 'Trsp', 'Data'])).toBeUndefined();
    expect((error as ProvisioningError).message).toContain('403');
  });
});
