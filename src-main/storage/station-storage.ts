import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { StorageOptions } from './open-storage.js';

/** File name of the embedded database inside a station data directory. */
export const SQLITE_FILE = 'bootbench.sqlite';

/**
 * Where a station's storage is: PostgreSQL when a database URL is given (`--database-url` or
 * `$BOOTBENCH_DATABASE_URL`, for fleets), else `<dataDir>/bootbench.sqlite` (created on first use).
 */
export async function stationStorageOptions(dataDir: string, databaseUrl: string | undefined = process.env['BOOTBENCH_DATABASE_URL']): Promise<StorageOptions> {
  if (databaseUrl !== undefined && databaseUrl !== '') return { kind: 'postgres', connectionString: databaseUrl };
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  return { kind: 'sqlite', file: join(dataDir, SQLITE_FILE) };
}
