import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { CaStore } from '../../../src-main/pki/ca-store.js';
import { PassphraseProtector } from '../../../src-main/pki/secret-box.js';
import { StationCa } from '../../../src-main/pki/station-ca.js';
import type { Clock } from '../../../src-shared/ports/clock.js';
import { openssl, scratchDir, writePem } from './pki-fixtures.js';

const clock: Clock = { nowMs: () => Date.now(), monotonicMs: () => performance.now() };
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(p, readFileSync(p, 'base64'));
    }
  };
  walk(dir);
  return out;
}

async function freshCa() {
  const s = scratchDir();
  cleanups.push(s.cleanup);
  const station = new StationCa(await CaStore.open(s.dir), clock);
  const pass = new PassphraseProtector('station passphrase 1');
  await station.init({ spec: 'ec-p256', subject: 'CN=Line 3 CA,O=Bootbench', validityDays: 3650 }, pass);
  return { dir: s.dir, station, pass };
}

test('init stores an active CA with a sealed key; a second init is refused', async () => {
  const { station, pass, dir } = await freshCa();
  const status = await station.store.status();
  expect(status.active).toMatchObject({ state: 'active', subject: 'CN=Line 3 CA, O=Bootbench', key: { kind: 'ec', curve: 'P-256' }, protector: 'passphrase-scrypt' });
  expect(statSync(join(dir, 'pki', 'ca', `${status.active!.id}.key.json`)).mode & 0o777).toBe(0o600);
  await expect(station.init({ spec: 'ec-p256', subject: 'CN=again', validityDays: 10 }, pass)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
});

test('issuing records serial, fingerprint, device id and profile version durably', async () => {
  const { station, pass } = await freshCa();
  const ca = await station.store.unlock(pass);
  const { certificate, record } = await station.issueWithGeneratedKey(ca, 'ec-p256', { request: { deviceIds: ['356938035643809'], validityDays: 90 }, profileVersion: 'acme-v7' });
  expect(record).toMatchObject({ serialHex: certificate.serialHex, fingerprintSha256: certificate.fingerprintSha256, deviceId: '356938035643809', profileVersion: 'acme-v7', keySource: 'station-generated' });
  expect(await station.store.registry.list()).toEqual([record]);
  expect((await station.store.status()).issuedCount).toBe(1);
});

test('a wrong passphrase is AUTH_FAILED and leaves every file byte-identical', async () => {
  const { station, dir } = await freshCa();
  const before = snapshot(dir);
  const wrong = new PassphraseProtector('not the passphrase');
  await expect(station.store.unlock(wrong)).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  await expect(station.rotate({ spec: 'ec-p256', subject: 'CN=Next', validityDays: 10 }, wrong, wrong)).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  expect(snapshot(dir)).toEqual(before);
});

test('rotation retires the old CA, keeps it as a trust anchor, and old device certificates still verify', async () => {
  const { station, pass, dir } = await freshCa();
  const oldCa = await station.store.unlock(pass);
  const { certificate } = await station.issueWithGeneratedKey(oldCa, 'ec-p256', { request: { deviceIds: ['356938035643809'], validityDays: 90 } });
  await station.rotate({ spec: 'rsa-2048', subject: 'CN=Line 3 CA 2', validityDays: 3650 }, pass, pass);
  const status = await station.store.status();
  expect(status.active?.subject).toBe('CN=Line 3 CA 2');
  expect(status.retired.map((r) => r.fingerprintSha256)).toEqual([oldCa.fingerprintSha256]);
  expect(status.retired[0]?.retiredAt).not.toBeNull();
  const anchors = await station.store.trustAnchors();
  expect(anchors.map((a) => a.state)).toEqual(['active', 'retired']);
  const bundle = join(dir, 'anchors.pem');
  const { writeFileSync } = await import('node:fs');
  const { toPem } = await import('../../../src-shared/pki/pem.js');
  writeFileSync(bundle, anchors.map((a) => toPem('CERTIFICATE', a.der)).join(''));
  expect(openssl(['verify', '-CAfile', bundle, writePem(dir, 'old-leaf.pem', 'CERTIFICATE', certificate.der)]).out).toContain(': OK');
  const newCa = await station.store.unlock(pass);
  expect(newCa.fingerprintSha256).not.toBe(oldCa.fingerprintSha256);
});
