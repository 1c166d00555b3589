import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src-main/audit/audit-log.js';
import { certificateVerifier, stationCaSigner, type StationSigner } from '../../../src-main/audit/station-signer.js';
import { CaStore } from '../../../src-main/pki/ca-store.js';
import { PassphraseProtector } from '../../../src-main/pki/secret-box.js';
import { StationCa } from '../../../src-main/pki/station-ca.js';
import { openStorage } from '../../../src-main/storage/open-storage.js';
import type { CheckpointVerifier } from '../../../src-shared/audit/verify.js';
import { checkpointMessage } from '../../../src-shared/audit/chain.js';
import { factsFor, prng } from '../../shared/audit/audit-fixtures.js';

let dir: string;
let signer: StationSigner;
let verifier: CheckpointVerifier;
let certDer: Uint8Array;
let master: string;
const clock = { nowMs: () => 1_800_000_000_000, monotonicMs: () => 0 };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bootbench-audit-'));
  const station = new StationCa(await CaStore.open(join(dir, 'data')), clock);
  const protector = new PassphraseProtector('correct horse battery');
  await station.init({ spec: 'ec-p256', subject: 'CN=Audit Test CA', validityDays: 30 }, protector);
  const ca = await station.store.unlock(protector);
  certDer = ca.certDer;
  signer = stationCaSigner(ca);
  verifier = certificateVerifier((await station.store.trustAnchors()).map((a) => a.der));
  master = join(dir, 'master.sqlite');
  const storage = await openStorage({ kind: 'sqlite', file: master }, clock);
  const log = new AuditLog({ store: storage.audit, clock, station: 'station-0', signer, checkpointEvery: 50 });
  for (let i = 0; i < 200; i++) await log.append(factsFor(i));
  await storage.close(); // the last connection merges the WAL into the file, so a plain copy is complete
});
afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

async function verifyFile(file: string, pageSize?: number) {
  const storage = await openStorage({ kind: 'sqlite', file }, clock);
  try {
    return await new AuditLog({ store: storage.audit, clock, station: 'station-0' }).verify(verifier, pageSize);
  } finally {
    await storage.close();
  }
}

describe('AuditLog on SQLite', () => {
  it('appends 200 entries with a signed checkpoint every 50, and verifies', async () => {
    expect(await verifyFile(master)).toEqual({ ok: true, entries: 200, checkpoints: 4, unsealedTail: 0 });
    for (const pageSize of [1, 7, 50, 199, 200]) expect(await verifyFile(master, pageSize)).toEqual({ ok: true, entries: 200, checkpoints: 4, unsealedTail: 0 });
  });

  it('checkpoint signatures verify with openssl (an independent checker)', async () => {
    const storage = await openStorage({ kind: 'sqlite', file: master }, clock);
    const [cp] = await storage.audit.checkpoints();
    await storage.close();
    const { signature, ...unsigned } = cp!;
    await writeFile(join(dir, 'cp.msg'), checkpointMessage(unsigned));
    await writeFile(join(dir, 'cp.sig'), Buffer.from(signature, 'hex'));
    await writeFile(join(dir, 'ca.pub'), new X509Certificate(certDer).publicKey.export({ type: 'spki', format: 'pem' }));
    const out = execFileSync('openssl', ['dgst', '-sha256', '-verify', join(dir, 'ca.pub'), '-signature', join(dir, 'cp.sig'), join(dir, 'cp.msg')]).toString();
    expect(out.trim()).toBe('Verified OK');
  });

  it('detects tampering done with SQL on a copy of the database file, at the first bad index', async () => {
    const r = prng(42);
    const pick = (n: number) => Math.floor(r() * n);
    const cases: Array<{ name: string; sql: (db: Database.Database) => void; expected: number }> = [];
    for (let n = 0; n < 24; n++) {
      const i = pick(199);
      const j = i + 1 + pick(199 - i);
      const c = [49, 99, 149, 199][pick(4)]!;
      cases.push(
        ...[
          { name: `edit who of ${i}`, sql: (db: Database.Database) => db.prepare("update audit_entries set body = json_set(body, '$.who', 'mallory') where idx = ?").run(i), expected: i },
          { name: `edit result of ${i}`, sql: (db: Database.Database) => db.prepare("update audit_entries set body = json_set(body, '$.result', 'bogus') where idx = ?").run(i), expected: i },
          { name: `delete ${i}`, sql: (db: Database.Database) => db.prepare('delete from audit_entries where idx = ?').run(i), expected: i },
          { name: `swap ${i} and ${j}`, sql: (db: Database.Database) => db.prepare('update audit_entries set body = (select body from audit_entries b where b.idx = (? + ? - audit_entries.idx)), hash = (select hash from audit_entries b where b.idx = (? + ? - audit_entries.idx)) where idx in (?, ?)').run(i, j, i, j, i, j), expected: i },
          { name: `move row ${i} to the end (index column)`, sql: (db: Database.Database) => db.prepare('update audit_entries set idx = idx + 100000 where idx = ?').run(i), expected: i },
          { name: `truncate at ${j}`, sql: (db: Database.Database) => db.prepare('delete from audit_entries where idx >= ?').run(j), expected: j },
          { name: `forge checkpoint ${c}`, sql: (db: Database.Database) => db.prepare("update audit_checkpoints set hash = (select hash from audit_entries where idx = 0) where idx = ?").run(c), expected: c },
        ].filter(() => r() < 0.25),
      );
    }
    expect(cases.length).toBeGreaterThan(10);
    for (const [n, t] of cases.entries()) {
      const file = join(dir, `tampered-${n}.sqlite`);
      await copyFile(master, file);
      const db = new Database(file);
      t.sql(db);
      db.close();
      const verdict = await verifyFile(file, [7, 50, 5000][n % 3]);
      expect({ name: t.name, verdict: verdict.ok ? 'ok' : verdict.firstBadIndex }).toEqual({ name: t.name, verdict: t.expected });
    }
  });

  it('checkpoints on demand, only when the head is unsealed', async () => {
    const file = join(dir, 'on-demand.sqlite');
    const storage = await openStorage({ kind: 'sqlite', file }, clock);
    try {
      const log = new AuditLog({ store: storage.audit, clock, station: 'station-0', signer, checkpointEvery: 100 });
      expect(await log.checkpoint()).toBeUndefined();
      for (let i = 0; i < 3; i++) await log.append(factsFor(i));
      expect(await log.verify(verifier)).toMatchObject({ ok: true, unsealedTail: 3 });
      expect(await log.checkpoint()).toMatchObject({ index: 2, signer: signer.id });
      expect(await log.checkpoint()).toBeUndefined();
      expect(await log.verify(verifier)).toMatchObject({ ok: true, checkpoints: 1, unsealedTail: 0 });
      await expect(log.append({ ...factsFor(0), who: '' })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
      expect(() => new AuditLog({ store: storage.audit, clock, station: 's', checkpointEvery: 0 })).toThrow(/positive/);
      await log.append(factsFor(3));
      await expect(new AuditLog({ store: storage.audit, clock, station: 's' }).checkpoint()).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    } finally {
      await storage.close();
    }
  });

  it('a verifier that does not know the signer refuses every checkpoint', async () => {
    const stranger = certificateVerifier([]);
    const storage = await openStorage({ kind: 'sqlite', file: master }, clock);
    try {
      const verdict = await new AuditLog({ store: storage.audit, clock, station: 'station-0' }).verify(stranger);
      expect(verdict).toMatchObject({ ok: false, firstBadIndex: 49, reason: 'checkpoint-signature-invalid' });
    } finally {
      await storage.close();
    }
  });
});
