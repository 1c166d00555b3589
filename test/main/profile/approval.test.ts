import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateVerifier, stationCaSigner } from '../../../src-main/audit/station-signer.js';
import { createCaCertificate } from '../../../src-main/pki/issue.js';
import { generateKeyPairFor } from '../../../src-main/pki/keys.js';
import { approvalMessage, approveProfile, verifyApproval } from '../../../src-main/profile/approval.js';
import { loadProfileFile } from '../../../src-main/profile/profile-file.js';
import { openStorage, type Storage } from '../../../src-main/storage/open-storage.js';

let dir: string;
let storage: Storage;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bb-approval-'));
  storage = await openStorage({ kind: 'sqlite', file: join(dir, 'db.sqlite') });
});
afterAll(async () => {
  await storage?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('profile approval', () => {
  it('stores the canonical document under its hash and signs the hash; any edit breaks the signature', async () => {
    const loaded = await loadProfileFile(join(import.meta.dirname, '..', '..', '..', 'assets', 'profiles', 'field-modem.yaml'));
    if (!loaded.ok) throw new Error('sample must validate');
    const keys = await generateKeyPairFor('ec-p256');
    const ca = { certDer: createCaCertificate(keys, 'CN=Approver CA', 30, Date.now()), privateKey: keys.privateKey };
    const { version, approval, isNewVersion } = await approveProfile(storage, loaded, stationCaSigner(ca), 'QA', '2027-01-01T00:00:00.000Z');
    expect(isNewVersion).toBe(true);
    expect(version).toMatchObject({ hash: loaded.hash, profileId: 'field-modem', label: '2026.10-7', document: loaded.canonical });
    expect(JSON.parse(version.document)).toEqual(loaded.profile);
    const verify = certificateVerifier([ca.certDer]);
    expect(verifyApproval(approval, verify)).toBe(true);
    for (const forged of [{ ...approval, approvedBy: 'Mallory' }, { ...approval, approvedAt: '2027-01-02T00:00:00.000Z' }, { ...approval, versionHash: '0'.repeat(64) }]) {
      expect(verifyApproval(forged, verify)).toBe(false);
    }
    expect(new TextDecoder().decode(approvalMessage(approval))).toContain('"kind":"bootbench-profile-approval-v1"');
    expect(await storage.profiles.approvals(loaded.hash)).toEqual([approval]);
  });
});
