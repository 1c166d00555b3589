import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, type StorageOptions } from '../../../src-main/storage/open-storage.js';
import { startPostgres, type PostgresCluster } from '../../support/postgres.js';
import { buildAllocationWorker, runTwoStations } from './station-processes.js';

let cluster: PostgresCluster;
let dir: string;
let worker: string;

beforeAll(async () => {
  [cluster, dir, worker] = await Promise.all([startPostgres(), mkdtemp(join(tmpdir(), 'bootbench-devid-')), buildAllocationWorker()]);
});
afterAll(async () => {
  await cluster?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

const targets = (): Array<[string, () => Promise<{ options: StorageOptions; target: string }>]> => [
  ['sqlite', async () => {
    const file = join(dir, `devid-${Date.now()}-${Math.random().toString(36).slice(2)}.sqlite`);
    return { options: { kind: 'sqlite', file, durability: 'normal' }, target: file };
  }],
  ['postgres', async () => {
    const url = await cluster.createDatabase(`devid_${Date.now()}_${Math.random().toString(36).slice(2)}`);
    return { options: { kind: 'postgres', connectionString: url }, target: url };
  }],
];

describe.concurrent.each(targets())('per-device identity record on %s', (_name, make) => {
  it('the same device and profile version get the same identity back; another device or version another one', async () => {
    const { options } = await make();
    const storage = await openStorage(options);
    try {
      const key = { devId: 'IMEI:356938035643809', profileVersion: 'a'.repeat(64) };
      const first = await storage.allocateFor('serial', 'station-a', key);
      expect(first).toMatchObject({ reused: false, stationId: 'station-a' });
      const again = await storage.allocateFor('serial', 'station-b', key);
      expect(again).toEqual({ identity: first.identity, reused: true, stationId: 'station-a' });
      const otherVersion = await storage.allocateFor('serial', 'station-a', { ...key, profileVersion: 'b'.repeat(64) });
      const otherDevice = await storage.allocateFor('serial', 'station-a', { ...key, devId: 'IMEI:490154203237518' });
      const otherKind = await storage.allocateFor('account-id', 'station-a', key);
      expect(new Set([first, otherVersion, otherDevice].map((r) => r.identity.value)).size).toBe(3);
      expect(otherKind.identity.text).toMatch(/^acct-/);
      await expect(storage.allocateFor('serial', 'station-a', { ...key, devId: '' })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
      await expect(storage.allocateFor('serial', '', key)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
      const rows = await storage.db.selectFrom('device_identities').selectAll().execute();
      expect(rows).toHaveLength(4);
    } finally {
      await storage.close();
    }
  });

  it('2 station processes × 300 contested devices → one identity per device, both stations agree, nothing wasted', async () => {
    const { options, target } = await make();
    const storage = await openStorage(options);
    try {
      const [a, b] = await runTwoStations(worker, target, 300, 'device');
      const map = (lines: readonly string[]) => new Map(lines.map((l) => l.split('=') as [string, string]));
      const ma = map(a!);
      const mb = map(b!);
      expect(ma.size).toBe(300);
      expect([...ma].every(([dev, serial]) => mb.get(dev) === serial)).toBe(true);
      expect(new Set(ma.values()).size).toBe(300);
      expect(await storage.db.selectFrom('issued_identities').selectAll().execute()).toHaveLength(300);
    } finally {
      await storage.close();
    }
  });
});
