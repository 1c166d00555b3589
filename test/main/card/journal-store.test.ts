import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CardJournal } from '../../../src-shared/card/card-journal.js';
import { FileJournalStore } from '../../../src-main/card/journal-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'journals-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const journal: CardJournal = { cardId: 'iccid:8944500102198304826', state: 'writing', generation: 4, bodySha256: 'ab'.repeat(32), passes: 1, updatedAtMs: 1 };

describe('per-card journal files', () => {
  it('saves atomically (no temp files left, 0600) and loads the same record', async () => {
    const store = new FileJournalStore(join(dir, 'j'));
    await store.save(journal);
    await store.save({ ...journal, state: 'verified' });
    expect(readdirSync(join(dir, 'j'))).toEqual(['iccid-8944500102198304826.json']);
    expect(statSync(store.fileOf(journal.cardId)).mode & 0o777).toBe(0o600);
    expect(await store.load(journal.cardId)).toEqual({ ...journal, state: 'verified' });
    expect(await store.load('iccid:1')).toBeUndefined();
  });

  it('never lets a card id escape the directory and treats damaged files as absent', async () => {
    const store = new FileJournalStore(dir);
    expect(store.fileOf('atr:../../etc/passwd').startsWith(dir)).toBe(true);
    expect(store.fileOf('atr:../../etc/passwd')).toMatch(/card-[0-9a-f]{32}\.json$/);
    writeFileSync(store.fileOf(journal.cardId), '{not json');
    expect(await store.load(journal.cardId)).toBeUndefined();
    writeFileSync(store.fileOf(journal.cardId), JSON.stringify({ ...journal, cardId: 'iccid:other' }));
    expect(await store.load(journal.cardId)).toBeUndefined();
    expect(readFileSync(store.fileOf(journal.cardId), 'utf8')).toContain('other');
  });
});
