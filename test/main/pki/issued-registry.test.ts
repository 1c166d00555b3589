import { appendFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { writeFileAtomic } from '../../../src-main/pki/atomic-file.js';
import { JsonLinesIssuedRegistry } from '../../../src-main/pki/issued-registry.js';
import type { IssuedRecord } from '../../../src-shared/pki/registry-record.js';
import { scratchDir } from './pki-fixtures.js';

const scratch = scratchDir('bb-registry-');
afterAll(() => scratch.cleanup());

const record = (n: number): IssuedRecord => ({
  serialHex: `0${n}`.repeat(16),
  fingerprintSha256: 'ab'.repeat(32),
  deviceId: `35693803564380${n}`,
  subject: `CN=${n}`,
  profileVersion: null,
  keySource: 'device-csr',
  key: { kind: 'ec', curve: 'P-256' },
  issuedAt: '2026-11-24T10:00:00.000Z',
  notAfter: '2027-11-24T10:00:00.000Z',
  caFingerprintSha256: 'cd'.repeat(32),
});

test('append is durable JSON lines; list returns them in order; missing file is empty', async () => {
  const registry = new JsonLinesIssuedRegistry(join(scratch.dir, 'a.jsonl'));
  expect(await registry.list()).toEqual([]);
  await registry.append(record(1));
  await registry.append(record(2));
  expect(await registry.list()).toEqual([record(1), record(2)]);
  expect(readFileSync(registry.path, 'utf8').trim().split('\n')).toHaveLength(2);
  expect(statSync(registry.path).mode & 0o777).toBe(0o600);
  await expect(registry.append({ ...record(3), serialHex: 'not hex' })).rejects.toThrow();
});

test('a torn last line (crash mid-append) is ignored; a corrupt earlier line is an error', async () => {
  const registry = new JsonLinesIssuedRegistry(join(scratch.dir, 'b.jsonl'));
  await registry.append(record(1));
  appendFileSync(registry.path, '{"serialHex":"0');
  expect(await registry.list()).toEqual([record(1)]);
  writeFileSync(registry.path, `garbage\n${JSON.stringify(record(1))}\n`);
  await expect(registry.list()).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('line 1') });
});

test('atomic write replaces content with mode 0600 and leaves no temp file', async () => {
  const path = join(scratch.dir, 'state.json');
  await writeFileAtomic(path, 'one');
  await writeFileAtomic(path, 'two');
  expect(readFileSync(path, 'utf8')).toBe('two');
  expect(statSync(path).mode & 0o777).toBe(0o600);
  expect(readdirSync(scratch.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
});
