import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src-main/audit/audit-log.js';
import { stationCaSigner } from '../../../src-main/audit/station-signer.js';
import { CaStore } from '../../../src-main/pki/ca-store.js';
import { PassphraseProtector } from '../../../src-main/pki/secret-box.js';
import { StationCa } from '../../../src-main/pki/station-ca.js';
import { AuditService, HOURS_SHOWN, stationAuditOpener, unitsByHour } from '../../../src-main/services/audit-service.js';
import { openStorage } from '../../../src-main/storage/open-storage.js';
import { SQLITE_FILE } from '../../../src-main/storage/station-storage.js';
import { factsFor } from '../../shared/audit/audit-fixtures.js';

const clock = { nowMs: () => 1_800_000_000_000, monotonicMs: () => 0 };
let dir: string;

// A real station data dir: a CA, and 40 entries in the station's SQLite file with checkpoints every 10.
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bb-audit-svc-'));
  const station = new StationCa(await CaStore.open(dir), clock);
  const protector = new PassphraseProtector('audit service passphrase');
  await station.init({ spec: 'ec-p256', subject: 'CN=Audit Service CA', validityDays: 30 }, protector);
  const signer = stationCaSigner(await station.store.unlock(protector));
  protector.dispose();
  const storage = await openStorage({ kind: 'sqlite', file: join(dir, SQLITE_FILE) }, clock);
  const log = new AuditLog({ store: storage.audit, clock, station: 'station-0', signer, checkpointEvery: 10 });
  for (let i = 0; i < 40; i++) await log.append(factsFor(i));
  await storage.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('AuditService', () => {
  it('pages newest first, filters by result and text, and counts the matches', async () => {
    const s = new AuditService(dir, clock);
    try {
      const first = await s.entries({ offset: 0, limit: 15 });
      expect(first.total).toBe(40);
      expect(first.entries.map((e) => e.index)).toEqual(Array.from({ length: 15 }, (_, i) => 39 - i));
      const failed = await s.entries({ offset: 0, limit: 100, result: 'fail' });
      expect(failed.entries.length).toBeGreaterThan(0);
      expect(failed.entries.every((e) => e.result === 'fail' && e.error === 'TRANSPORT_TIMEOUT')).toBe(true);
      const byDevice = await s.entries({ offset: 0, limit: 100, text: '356938035643801' });
      expect(byDevice.entries.map((e) => e.index).sort((a, b) => a - b)).toEqual([4, 5, 6, 7]);
      expect((await s.entries({ offset: 35, limit: 10 })).entries).toHaveLength(5);
    } finally {
      await s.close();
    }
  });

  it('verifies against the station CA, exports CSV/JSON and computes stats', async () => {
    const s = new AuditService(dir, clock);
    try {
      expect(await s.verify()).toEqual({ ok: true, entries: 40, checkpoints: 4, unsealedTail: 0 });
      const csv = await s.export('csv');
      expect(csv.count).toBe(40);
      expect(csv.text.trimEnd().split('\n')).toHaveLength(41);
      expect(JSON.parse((await s.export('json')).text)).toHaveLength(40);
      const stats = await s.stats();
      expect(stats.finishedRuns).toBe(10);
      expect(stats.failurePareto[0]).toMatchObject({ error: 'TRANSPORT_TIMEOUT' });
      expect(stats.unitsByHour).toEqual([{ hour: new Date(1_800_000_000_000).toISOString().slice(0, 13), units: stats.passedUnits }]);
    } finally {
      await s.close();
    }
  });

  it('reports the first bad index after an edit made with SQL', async () => {
    const db = new Database(join(dir, SQLITE_FILE));
    db.prepare("update audit_entries set body = json_set(body, '$.who', 'mallory') where idx = ?").run(23);
    db.close();
    const s = new AuditService(dir, clock);
    try {
      expect(await s.verify()).toMatchObject({ ok: false, firstBadIndex: 23, reason: 'hash-mismatch' });
    } finally {
      await s.close();
    }
  });

  it('buckets passed units by UTC hour, keeping the last hours in order', () => {
    const finish = (time: string, result: 'ok' | 'fail') => ({ ...factsFor(3), result, time, index: 0, prevHash: '0'.repeat(64) });
    const entries = Array.from({ length: 30 }, (_, h) => [finish(`2026-11-${String(1 + Math.floor(h / 24)).padStart(2, '0')}T${String(h % 24).padStart(2, '0')}:10:00.000Z`, 'ok'), finish(`2026-11-01T00:20:00.000Z`, 'fail')]).flat();
    const hours = unitsByHour(entries);
    expect(hours).toHaveLength(HOURS_SHOWN);
    expect(hours.at(-1)).toEqual({ hour: '2026-11-02T05', units: 1 });
    expect(hours.map((h) => h.hour)).toEqual([...hours.map((h) => h.hour)].sort());
  });

  it('is an empty, intact log without a data directory', async () => {
    const s = new AuditService(undefined, clock);
    expect(await s.entries({ offset: 0, limit: 10 })).toEqual({ total: 0, entries: [] });
    expect(await s.verify()).toEqual({ ok: true, entries: 0, checkpoints: 0, unsealedTail: 0 });
    expect((await s.export('csv')).count).toBe(0);
  });

  it('retries opening after a storage that could not open', async () => {
    let attempts = 0;
    const s = new AuditService(dir, clock, async () => {
      attempts += 1;
      throw Object.assign(new Error('down'), { code: 'ECONNREFUSED' });
    });
    await expect(s.stats()).rejects.toThrow('down');
    await expect(s.stats()).rejects.toThrow('down');
    expect(attempts).toBe(2);
  });
});

describe('stationAuditOpener', () => {
  it('opens the saved PostgreSQL URL when there is one (an unreachable server is NOT_FOUND), else the SQLite file', async () => {
    const { createServer } = await import('node:net');
    const server = createServer((socket) => socket.destroy()); // a port that hangs up: no PostgreSQL there
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const pg = new AuditService(dir, clock, stationAuditOpener(async () => `postgres://bb@127.0.0.1:${port}/bb`));
      await expect(pg.stats()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      server.close();
    }
    const sqlite = new AuditService(dir, clock, stationAuditOpener(async () => undefined));
    try {
      expect((await sqlite.entries({ offset: 0, limit: 1 })).total).toBe(40);
    } finally {
      await sqlite.close();
    }
  });
});
