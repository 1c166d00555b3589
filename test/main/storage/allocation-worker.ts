/**
 * A "station process" for the concurrency proofs: opens the storage, waits for `go` on stdin (so
 * both stations start together), fires N allocations (or N audit appends) at once and prints the
 * results as one JSON line.
 * Usage: node allocation-worker.mjs <sqlite-file | postgres-url> <station-id> <count> [allocate|audit|device]
 */
import { openStorage } from '../../../src-main/storage/open-storage.js';
import { factsFor } from '../../shared/audit/audit-fixtures.js';

const [target = '', station = 'station', countText = '0', mode = 'allocate'] = process.argv.slice(2);
// SQLite at synchronous=NORMAL: identical locking (BEGIN IMMEDIATE), without 2,000 fsyncs of test time.
const storage = await openStorage(target.startsWith('postgres') ? { kind: 'postgres', connectionString: target, poolSize: 8 } : { kind: 'sqlite', file: target, durability: 'normal' });
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
const kinds = ['serial', 'account-id', 'credential-id'] as const;
const n = Number(countText);
// `device` mode: both stations allocate a serial for the same N devices (in opposite orders), so
// every key is contested; each result is `<devId>=<serial>`.
const devices = Array.from({ length: n }, (_, i) => (station === 'station-a' ? i : n - 1 - i));
const results =
  mode === 'device'
    ? (await Promise.all(devices.map((i) => storage.allocateFor('serial', station, { devId: `IMEI:${String(i).padStart(15, '0')}`, profileVersion: 'v1' })))).map((r, k) => `IMEI:${String(devices[k]).padStart(15, '0')}=${r.identity.text}`)
    : mode === 'audit'
    ? (await Promise.all(Array.from({ length: n }, (_, i) => storage.audit.append({ ...factsFor(i), station }, new Date().toISOString())))).map((r) => String(r.entry.index))
    : (await Promise.all(Array.from({ length: n }, (_, i) => storage.allocate(kinds[i % 3]!, station)))).map((r) => r.text);
await storage.close();
process.stdout.write(`${JSON.stringify(results)}\n`);
process.stdin.destroy();
