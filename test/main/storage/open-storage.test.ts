import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../../src-main/storage/open-storage.js';
import { AuditLog } from '../../../src-main/audit/audit-log.js';
import { startPostgres, type PostgresCluster } from '../../support/postgres.js';
import { factsFor } from '../../shared/audit/audit-fixtures.js';

let cluster: PostgresCluster;
let dir: string;
let tick = 0;
const clock = { nowMs: () => 1_800_000_000_000 + tick++ * 1000, monotonicMs: () => tick };

beforeAll(async () => {
  [cluster, dir] = await Promise.all([startPostgres(), mkdtemp(join(tmpdir(), 'bootbench-storage-'))]);
});
afterAll(async () => {
  await cluster?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

const dialects: Array<[string, () => Promise<Storage>]> = [
  ['sqlite', async () => openStorage({ kind: 'sqlite', file: join(dir, `s-${Date.now()}-${tick}.sqlite`) }, clock)],
  ['postgres', async () => openStorage({ kind: 'postgres', connectionString: await cluster.createDatabase(`s_${Date.now()}_${tick}`) }, clock)],
];

describe.each(dialects)('storage on %s (one schema, one migration list)', (kind, open) => {
  it('migrates idempotently: reopening applies nothing and keeps data', async () => {
    const storage = await open();
    await storage.allocate('serial', 'st');
    const tables = kind === 'sqlite' ? await storage.db.introspection.getTables() : (await storage.db.introspection.getTables()).filter((t) => t.schema === 'public');
    expect(tables.map((t) => t.name).filter((n) => !n.startsWith('kysely_')).sort()).toEqual(['audit_checkpoints', 'audit_entries', 'device_identities', 'devices', 'identity_counters', 'issued_identities', 'profile_approvals', 'profile_versions', 'profiles', 'run_journal', 'runs']);
    await storage.close();
  });

  it('stores profile versions by content hash, once, with approvals', async () => {
    const storage = await open();
    try {
      const v = { hash: 'a'.repeat(64), profileId: 'p', name: 'P', label: '1', document: '{"id":"p"}', createdAt: '2027-01-01T00:00:00.000Z' };
      expect(await storage.profiles.putVersion(v)).toBe(true);
      expect(await storage.profiles.putVersion(v)).toBe(false);
      await storage.profiles.putVersion({ ...v, hash: 'b'.repeat(64), label: '2', createdAt: '2027-01-02T00:00:00.000Z' });
      expect((await storage.profiles.listVersions('p')).map((x) => x.label)).toEqual(['2', '1']);
      expect(await storage.profiles.getVersion('a'.repeat(64))).toEqual(v);
      await expect(storage.profiles.approve({ versionHash: 'c'.repeat(64), signer: 's', approvedBy: 'me', approvedAt: 't', signature: '00' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await storage.profiles.approve({ versionHash: v.hash, signer: 's', approvedBy: 'me', approvedAt: 't1', signature: '00' });
      await storage.profiles.approve({ versionHash: v.hash, signer: 's', approvedBy: 'you', approvedAt: 't2', signature: '01' });
      expect(await storage.profiles.approvals(v.hash)).toEqual([{ versionHash: v.hash, signer: 's', approvedBy: 'you', approvedAt: 't2', signature: '01' }]);
    } finally {
      await storage.close();
    }
  });

  it('keeps devices, runs and a gap-free run journal', async () => {
    const storage = await open();
    try {
      await storage.runs.upsertDevice({ id: 'imei:1', model: 'Acme X1', facts: { imei: '1' } }, '2027-01-01T00:00:00.000Z');
      await storage.runs.upsertDevice({ id: 'imei:1', model: 'Acme X1', facts: { imei: '1', iccid: '89' } }, '2027-01-02T00:00:00.000Z');
      expect(await storage.runs.getDevice('imei:1')).toEqual({ id: 'imei:1', model: 'Acme X1', facts: { imei: '1', iccid: '89' }, firstSeen: '2027-01-01T00:00:00.000Z', lastSeen: '2027-01-02T00:00:00.000Z' });
      await storage.runs.createRun({ id: 'r1', deviceId: 'imei:1', profileVersion: 'a'.repeat(64), stationId: 'st', slot: 'usb-1', state: 'pending', startedAt: 't0' });
      const journal = await Promise.all(['a', 'b', 'c', 'd'].map((step) => storage.runs.appendJournal('r1', { step, status: 'done', data: '{}', time: 't' })));
      expect(journal.map((j) => j.seq).sort()).toEqual([0, 1, 2, 3]);
      expect((await storage.runs.journal('r1')).map((j) => j.seq)).toEqual([0, 1, 2, 3]);
      await storage.runs.updateRun('r1', { state: 'done', finishedAt: 't9', error: null });
      expect(await storage.runs.getRun('r1')).toMatchObject({ state: 'done', finishedAt: 't9', error: null });
      await expect(storage.runs.updateRun('nope', { state: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      await storage.close();
    }
  });

  it('appends a verifiable audit chain under concurrent appends', async () => {
    const storage = await open();
    try {
      const log = new AuditLog({ store: storage.audit, clock, station: 'st' });
      await Promise.all(Array.from({ length: 40 }, (_, i) => log.append(factsFor(i))));
      expect(await log.verify(() => false)).toEqual({ ok: true, entries: 40, checkpoints: 0, unsealedTail: 40 });
      expect((await storage.audit.list({ from: 38 })).map((r) => r.entry.index)).toEqual([38, 39]);
      expect(await storage.audit.head()).toMatchObject({ index: 39 });
    } finally {
      await storage.close();
    }
  });
});

describe('openStorage errors', () => {
  it('refuses SQLite on Node < 22 (better-sqlite3 13 segfaults there) with a typed error instead of crashing', async () => {
    const real = Object.getOwnPropertyDescriptor(process.versions, 'node')!;
    Object.defineProperty(process.versions, 'node', { ...real, value: '20.20.2' });
    try {
      await expect(openStorage({ kind: 'sqlite', file: join(dir, 'old-node.sqlite') })).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('Node 22') as string });
    } finally {
      Object.defineProperty(process.versions, 'node', real);
    }
    expect(process.versions.node).toBe(real.value);
  });

  it('refuses an unusable SQLite path or PostgreSQL server with a typed error', async () => {
    await writeFile(join(dir, 'not-a-db.sqlite'), 'this is not a database, just text that is long enough to fail the header check');
    await expect(openStorage({ kind: 'sqlite', file: join(dir, 'missing-dir', 'x', 'db.sqlite') })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(openStorage({ kind: 'sqlite', file: join(dir, 'not-a-db.sqlite') })).rejects.toMatchObject({ name: 'ProvisioningError' });
    await expect(openStorage({ kind: 'postgres', connectionString: `postgresql://postgres@127.0.0.1:${cluster.port}/no_such_db` })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
