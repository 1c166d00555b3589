import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src-main/audit/audit-log.js';
import { identityText } from '../../../src-main/storage/identity-store.js';
import { openStorage, type StorageOptions } from '../../../src-main/storage/open-storage.js';
import { startPostgres, type PostgresCluster } from '../../support/postgres.js';
import { buildAllocationWorker, runTwoStations } from './station-processes.js';

let cluster: PostgresCluster;
let dir: string;
let worker: string;

beforeAll(async () => {
  [cluster, dir, worker] = await Promise.all([startPostgres(), mkdtemp(join(tmpdir(), 'bootbench-alloc-')), buildAllocationWorker()]);
});
afterAll(async () => {
  await cluster?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

const targets = (): Array<[string, () => Promise<{ options: StorageOptions; target: string }>]> => [
  ['sqlite (2 processes, one file)', async () => {
    const file = join(dir, `alloc-${Date.now()}-${Math.random().toString(36).slice(2)}.sqlite`);
    return { options: { kind: 'sqlite', file }, target: file };
  }],
  ['postgres (2 processes, one database)', async () => {
    const url = await cluster.createDatabase(`alloc_${Date.now()}_${Math.random().toString(36).slice(2)}`);
    return { options: { kind: 'postgres', connectionString: url }, target: url };
  }],
];

describe.each(targets())('identity allocation on %s', (_name, make) => {
  it('2 station processes × 1,000 concurrent allocations → 0 duplicates', async () => {
    const { options, target } = await make();
    const storage = await openStorage(options); // migrate once before the stations start
    try {
      const [a, b] = await runTwoStations(worker, target, 1000);
      expect(a).toHaveLength(1000);
      expect(b).toHaveLength(1000);
      const all = [...a!, ...b!];
      expect(new Set(all).size).toBe(2000);
      const rows = await storage.db.selectFrom('issued_identities').select(['kind', 'value', 'station_id']).execute();
      expect(rows).toHaveLength(2000);
      expect(rows.filter((r) => r.station_id === 'station-a')).toHaveLength(1000);
      // The stations really raced: in value order, the allocating station changes more than once.
      const serials = rows.filter((r) => r.kind === 'serial').sort((x, y) => Number(x.value) - Number(y.value));
      const switches = serials.filter((r, i) => i > 0 && r.station_id !== serials[i - 1]!.station_id).length;
      expect(switches).toBeGreaterThan(1);
      // Each kind's numbers are exactly 1..n: no gaps, no repeats across stations.
      for (const kind of ['serial', 'account-id', 'credential-id'] as const) {
        const values = rows.filter((r) => r.kind === kind).map((r) => Number(r.value)).sort((x, y) => x - y);
        expect(values).toEqual(Array.from({ length: values.length }, (_, i) => i + 1));
      }
    } finally {
      await storage.close();
    }
  });
});

describe('identity allocation (in process)', () => {
  it('formats identities and refuses an unknown kind or an empty station', async () => {
    expect(identityText('serial', 42)).toBe('SN00000042');
    expect(identityText('account-id', 7)).toBe('acct-000007');
    const storage = await openStorage({ kind: 'sqlite', file: join(dir, 'single.sqlite') });
    try {
      await expect(storage.allocate('serial', 's1')).resolves.toEqual({ kind: 'serial', value: 1, text: 'SN00000001' });
      await expect(storage.allocate('nope' as 'serial', 's1')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
      await expect(storage.allocate('serial', '')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    } finally {
      await storage.close();
    }
  });
});

describe.each(targets())('audit chain shared by two stations on %s', (_name, make) => {
  it('2 station processes × 100 concurrent appends → one linear, verifiable chain', async () => {
    const { options, target } = await make();
    const storage = await openStorage(options);
    try {
      const [a, b] = await runTwoStations(worker, target, 100, 'audit');
      expect(new Set([...a!, ...b!]).size).toBe(200);
      const verdict = await new AuditLog({ store: storage.audit, clock: { nowMs: () => 0, monotonicMs: () => 0 }, station: 'x' }).verify(() => false);
      expect(verdict).toEqual({ ok: true, entries: 200, checkpoints: 0, unsealedTail: 200 });
      const stations = (await storage.audit.list()).map((r) => r.entry.station);
      expect(stations.filter((s) => s === 'station-a')).toHaveLength(100);
    } finally {
      await storage.close();
    }
  });
});
