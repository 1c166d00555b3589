import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../../src-main/audit/audit-log.js';
import { stationCaSigner } from '../../../../src-main/audit/station-signer.js';
import { CaStore } from '../../../../src-main/pki/ca-store.js';
import { PassphraseProtector } from '../../../../src-main/pki/secret-box.js';
import { openStorage } from '../../../../src-main/storage/open-storage.js';
import { SQLITE_FILE } from '../../../../src-main/storage/station-storage.js';
import { AUDIT_CSV_COLUMNS } from '../../../../src-shared/audit/export.js';
import { runCliCaptured } from '../../../support/cli.js';
import { factsFor } from '../../../shared/audit/audit-fixtures.js';

const PASSPHRASE = 'Audit-CLI-Passphrase-4411';
let dir: string;
let dataDir: string;
const clock = { nowMs: () => 1_800_000_000_000, monotonicMs: () => 0 };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bb-audit-cli-'));
  dataDir = join(dir, 'data');
  const passFile = join(dir, 'ca.pass');
  await writeFile(passFile, PASSPHRASE);
  expect((await runCliCaptured(['ca', 'init', '--passphrase-file', passFile, '--data-dir', dataDir])).code).toBe(0);
  const ca = await (await CaStore.open(dataDir)).unlock(new PassphraseProtector(PASSPHRASE));
  const storage = await openStorage({ kind: 'sqlite', file: join(dataDir, SQLITE_FILE) }, clock);
  const log = new AuditLog({ store: storage.audit, clock, station: 'station-0', signer: stationCaSigner(ca), checkpointEvery: 10 });
  for (let i = 0; i < 40; i++) await log.append({ ...factsFor(i), data: { note: i === 3 ? '=HYPERLINK("x")' : `step ${i}, "quoted"` } });
  await storage.close();
});
afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('bootbench audit', () => {
  it('verify: an intact log exits 0', async () => {
    const run = await runCliCaptured(['audit', 'verify', '--data-dir', dataDir, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ ok: true, entries: 40, checkpoints: 4, unsealedTail: 0 });
  });

  it('export --csv: a header and one row per entry, cells quoted and formula-safe', async () => {
    const out = join(dir, 'audit.csv');
    const run = await runCliCaptured(['audit', 'export', '--csv', '--out', out, '--data-dir', dataDir]);
    expect(run.code).toBe(0);
    const text = await readFile(out, 'utf8');
    const lines = text.split('\r\n').filter((l) => l !== '');
    expect(lines[0]).toBe(AUDIT_CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(41);
    expect(text).toContain('"{""note"":""step 0, \\""quoted\\""""}"');
    expect(text).not.toMatch(/,=HYPERLINK/);
  });

  it('export --json: every record with its hash; exactly one format is required', async () => {
    const run = await runCliCaptured(['audit', 'export', '--json', '--from', '38', '--data-dir', dataDir]);
    expect(run.code).toBe(0);
    const records = JSON.parse(run.stdout) as Array<{ entry: { index: number }; hash: string }>;
    expect(records.map((r) => r.entry.index)).toEqual([38, 39]);
    expect((await runCliCaptured(['audit', 'export', '--data-dir', dataDir])).code).toBe(2);
    expect((await runCliCaptured(['audit', 'export', '--csv', '--from', '-1', '--data-dir', dataDir])).code).toBe(2);
  });

  it('stats: yield per profile/model/station and the failure Pareto', async () => {
    const run = await runCliCaptured(['audit', 'stats', '--data-dir', dataDir, '--json']);
    expect(run.code).toBe(0);
    const stats = JSON.parse(run.stdout) as { finishedRuns: number; passedUnits: number; failurePareto: unknown[]; yieldByStation: unknown[] };
    expect(stats.finishedRuns).toBe(10);
    expect(stats.passedUnits).toBe(8);
    expect(stats.failurePareto).toEqual([{ error: 'TRANSPORT_TIMEOUT', count: 2, cumulative: 1 }]);
    expect(stats.yieldByStation).toEqual([
      { key: 'station-0', firstPass: 4, units: 5, yield: 0.8 },
      { key: 'station-1', firstPass: 4, units: 5, yield: 0.8 },
    ]);
    const text = await runCliCaptured(['audit', 'stats', '--data-dir', dataDir]);
    expect(text.stdout).toContain('TRANSPORT_TIMEOUT');
  });

  it('verify --expect: an index:hash kept elsewhere must still be in the log', async () => {
    const exported = JSON.parse((await runCliCaptured(['audit', 'export', '--json', '--from', '39', '--data-dir', dataDir])).stdout) as Array<{ hash: string }>;
    const hash = exported[0]!.hash;
    expect((await runCliCaptured(['audit', 'verify', '--expect', `39:${hash}`, '--data-dir', dataDir])).code).toBe(0);
    const beyond = await runCliCaptured(['audit', 'verify', '--expect', `45:${hash}`, '--data-dir', dataDir, '--json']);
    expect(beyond.code).toBe(1);
    expect(JSON.parse(beyond.stdout)).toMatchObject({ ok: false, firstBadIndex: 40, reason: 'truncated' });
    const other = await runCliCaptured(['audit', 'verify', '--expect', `38:${hash}`, '--data-dir', dataDir, '--json']);
    expect(JSON.parse(other.stdout)).toMatchObject({ ok: false, firstBadIndex: 38, reason: 'checkpoint-hash-mismatch' });
    expect((await runCliCaptured(['audit', 'verify', '--expect', 'nonsense', '--data-dir', dataDir])).code).toBe(2);
  });

  it('verify: a tampered entry exits 1 with its index', async () => {
    const db = new Database(join(dataDir, SQLITE_FILE));
    db.prepare("update audit_entries set body = json_set(body, '$.result', 'ok') where idx = 23").run();
    db.close();
    const run = await runCliCaptured(['audit', 'verify', '--data-dir', dataDir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('AUDIT LOG TAMPERED at entry 23: hash-mismatch');
  });

  it('help has examples', async () => {
    for (const sub of ['verify', 'export', 'stats']) expect((await runCliCaptured(['audit', sub, '--help'])).stdout).toContain('Examples:');
  });
});
