// Audit append durability cost: one hash-chained append committed to SQLite with synchronous=FULL
// (WAL fsynced before the append returns — the production setting), side by side in the same run
// with (a) a raw append of the same bytes to a file followed by fdatasync, the floor any durable
// log pays on this disk, and (b) SQLite at synchronous=NORMAL (no fsync per commit; for reference,
// it is what FULL buys). Entries are the audit fixture's realistic ~500-byte steps.
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage } from '../../src-main/storage/open-storage.js';
import { canonicalJson, type CanonicalValue } from '../../src-shared/audit/canonical-json.js';
import { median, percentile, type BenchRow } from '../support/bench.js';
import { factsFor } from '../shared/audit/audit-fixtures.js';

const N = 400;

async function sqliteAppends(file: string, durability: 'full' | 'normal'): Promise<{ times: number[]; lines: string[] }> {
  const storage = await openStorage({ kind: 'sqlite', file, durability });
  const times: number[] = [];
  const lines: string[] = [];
  try {
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      const record = await storage.audit.append(factsFor(i), new Date(1_800_000_000_000 + i).toISOString());
      times.push(performance.now() - t0);
      lines.push(`${canonicalJson(record as unknown as CanonicalValue)}\n`);
    }
  } finally {
    await storage.close();
  }
  return { times, lines };
}

function rawAppends(file: string, lines: readonly string[]): number[] {
  const fd = openSync(file, 'a');
  const times: number[] = [];
  try {
    for (const line of lines) {
      const t0 = performance.now();
      writeSync(fd, line);
      fdatasyncSync(fd);
      times.push(performance.now() - t0);
    }
  } finally {
    closeSync(fd);
  }
  return times;
}

export default async (): Promise<BenchRow[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-audit-'));
  try {
    const full = await sqliteAppends(join(dir, 'full.sqlite'), 'full');
    const raw = rawAppends(join(dir, 'raw.jsonl'), full.lines);
    const normal = await sqliteAppends(join(dir, 'normal.sqlite'), 'normal');
    const p = (xs: number[], q: number) => percentile(xs, q);
    return [
      { name: 'SQLite FULL append p50', value: median(full.times), unit: 'ms', baseline: median(raw), ratio: median(full.times) / median(raw), goal: '<= 3x raw fdatasync', pass: median(full.times) <= 3 * median(raw) },
      { name: 'SQLite FULL append p99', value: p(full.times, 99), unit: 'ms', baseline: p(raw, 99), ratio: p(full.times, 99) / p(raw, 99), goal: '<= 3x raw fdatasync', pass: p(full.times, 99) <= 3 * p(raw, 99) },
      { name: 'raw write+fdatasync p50', value: median(raw), unit: 'ms' },
      { name: 'raw write+fdatasync p99', value: p(raw, 99), unit: 'ms' },
      { name: 'SQLite NORMAL append p50 (no fsync, reference)', value: median(normal.times), unit: 'ms' },
      { name: 'SQLite NORMAL append p99 (no fsync, reference)', value: p(normal.times, 99), unit: 'ms' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
