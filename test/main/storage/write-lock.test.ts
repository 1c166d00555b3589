import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../../src-main/storage/open-storage.js';
import { storageError } from '../../../src-main/storage/write-lock.js';
import { ProvisioningError } from '../../../src-shared/errors/provisioning-error.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bb-lock-'));
});
afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('write lock', () => {
  it('a write blocked past the busy timeout by another process-held lock is a retryable typed error; the next one succeeds', async () => {
    const file = join(dir, 'busy.sqlite');
    const storage = await openStorage({ kind: 'sqlite', file, busyTimeoutMs: 50 });
    const other = new Database(file); // a second connection, as another station process would hold
    try {
      other.exec('BEGIN IMMEDIATE');
      const error = await storage.allocate('serial', 'st').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProvisioningError);
      expect(error).toMatchObject({ code: 'INTERNAL', retryable: true, details: { storageCode: 'SQLITE_BUSY' } });
      other.exec('ROLLBACK');
      await expect(storage.allocate('serial', 'st')).resolves.toMatchObject({ value: 1 });
    } finally {
      other.close();
      await storage.close();
    }
  });

  it('maps PostgreSQL lock SQLSTATEs to retryable and passes ProvisioningErrors through', () => {
    expect(storageError(Object.assign(new Error('deadlock'), { code: '40P01' }), 'x')).toMatchObject({ retryable: true });
    expect(storageError(Object.assign(new Error('disk'), { code: 'SQLITE_IOERR' }), 'x')).toMatchObject({ code: 'INTERNAL', retryable: false });
    const own = new ProvisioningError('NOT_FOUND', 'x');
    expect(storageError(own, 'x')).toBe(own);
  });
});
