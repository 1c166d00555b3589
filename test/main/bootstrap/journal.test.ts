import { readdir, readFile, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ProvisioningError } from '../../../src-shared/errors/provisioning-error.js';
import { BootstrapJournal } from '../../../src-main/bootstrap/journal.js';
import { tempDir } from './helpers.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function dir(): Promise<string> {
  const t = await tempDir('bb-journal-');
  cleanups.push(t.remove);
  return t.dir;
}

describe('BootstrapJournal on disk', () => {
  it('reads nothing for a device never seen, then what open() and append() wrote, without counting an attempt', async () => {
    const d = await dir();
    expect(await BootstrapJournal.read(d, 'IMEI:1')).toBeUndefined();
    const journal = await BootstrapJournal.open(d, 'IMEI:1');
    await journal.append('identified', 5);
    const read = await BootstrapJournal.read(d, 'IMEI:1');
    expect(read).toMatchObject({ devId: 'IMEI:1', attempts: 1, done: false, steps: [{ step: 'identified', attempt: 1, atMs: 5 }] });
    expect((await BootstrapJournal.read(d, 'IMEI:1'))?.attempts).toBe(1);
    expect((await BootstrapJournal.open(d, 'IMEI:1')).record.attempts).toBe(2);
    // written atomically: no temp file is left beside the journal
    expect(await readdir(d)).toEqual(['IMEI_1.json']);
  });

  it.each([
    ['an empty file', '', /is not JSON \(0 characters\)/],
    ['a torn file', '{"format":"bootbench-bootstrap-journal","vers', /is not JSON \(45 characters\)/],
    ['another format', '{"format":"x"}', /is malformed/],
    ['another device', JSON.stringify({ format: 'bootbench-bootstrap-journal', version: 1, devId: 'IMEI:2', attempts: 1, steps: [], done: false }), /belongs to another device/],
  ])('refuses %s with a typed error, and open() refuses it too (nothing overwritten)', async (_what, text, message) => {
    const d = await dir();
    const path = BootstrapJournal.pathOf(d, 'IMEI:1');
    await writeFile(path, text);
    const error = await BootstrapJournal.read(d, 'IMEI:1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProvisioningError);
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(message) });
    await expect(BootstrapJournal.open(d, 'IMEI:1')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    expect(await readFile(path, 'utf8')).toBe(text);
  });
});
