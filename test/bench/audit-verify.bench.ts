// Audit verification throughput: the pure walker over an in-memory log, side by side with
// AuditLog.verify reading the same log from SQLite in keyset pages (what `bootbench audit verify`
// does), both with the same signed checkpoints (P-256, every 1,000 entries).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../../src-main/audit/audit-log.js';
import { nodeSha256 } from '../../src-main/storage/audit-store.js';
import { openStorage } from '../../src-main/storage/open-storage.js';
import { canonicalJson, type CanonicalValue } from '../../src-shared/audit/canonical-json.js';
import { verifyAuditLog } from '../../src-shared/audit/verify.js';
import { median, type BenchRow } from '../support/bench.js';
import { buildLog, testSigner } from '../shared/audit/audit-fixtures.js';

const N = 50_000;

export default async (): Promise<BenchRow[]> => {
  const signer = testSigner();
  const { records, checkpoints } = buildLog(N, 1_000, signer);
  const deps = { sha256: nodeSha256, verify: signer.verify };
  const memory: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const v = verifyAuditLog(records, checkpoints, deps);
    memory.push(performance.now() - t0);
    if (!v.ok) throw new Error('bench log does not verify');
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-verify-'));
  const storage = await openStorage({ kind: 'sqlite', file: join(dir, 'audit.sqlite'), durability: 'normal' });
  const fromDb: number[] = [];
  try {
    for (let i = 0; i < N; i += 500) {
      const rows = records.slice(i, i + 500).map((r) => ({ idx: r.entry.index, hash: r.hash, prev_hash: r.entry.prevHash, body: canonicalJson(r.entry as unknown as CanonicalValue) }));
      await storage.db.insertInto('audit_entries').values(rows).execute();
    }
    for (const cp of checkpoints) await storage.audit.addCheckpoint(cp);
    const log = new AuditLog({ store: storage.audit, clock: { nowMs: () => 0, monotonicMs: () => 0 }, station: 'bench' });
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const v = await log.verify(signer.verify);
      fromDb.push(performance.now() - t0);
      if (!v.ok) throw new Error('stored bench log does not verify');
    }
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const rate = (ms: number) => N / (ms / 1000);
  const mem = rate(median(memory));
  const db = rate(median(fromDb));
  return [
    { name: `verify ${N} entries in memory`, value: mem, unit: 'entries/s' },
    { name: `verify ${N} entries from SQLite (pages of 5,000)`, value: db, unit: 'entries/s', baseline: mem, ratio: db / mem, goal: '>= 0.3x in-memory', pass: db >= 0.3 * mem },
  ];
};
