/**
 * A "station process" for the allocation proof: opens the storage, waits for `go` on stdin (so both
 * stations start together), fires N allocations at once and prints the values as one JSON line.
 * Usage: node allocation-worker.mjs <sqlite-file | postgres-url> <station-id> <count>
 */
import { openStorage } from '../../../src-main/storage/open-storage.js';

const [target = '', station = 'station', countText = '0'] = process.argv.slice(2);
// SQLite at synchronous=NORMAL: identical locking (BEGIN IMMEDIATE), without 2,000 fsyncs of test time.
const storage = await openStorage(target.startsWith('postgres') ? { kind: 'postgres', connectionString: target, poolSize: 8 } : { kind: 'sqlite', file: target, durability: 'normal' });
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
const kinds = ['serial', 'account-id', 'credential-id'] as const;
const results = await Promise.all(Array.from({ length: Number(countText) }, (_, i) => storage.allocate(kinds[i % 3]!, station)));
await storage.close();
process.stdout.write(`${JSON.stringify(results.map((r) => r.text))}\n`);
process.stdin.destroy();
