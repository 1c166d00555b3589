import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseJournal, type CardJournal } from '../../src-shared/card/card-journal.js';
import type { JournalStore } from '../../src-shared/card/bootstrap-job.js';
import { ProvisioningError } from '../../src-shared/errors/index.js';
import { writeFileAtomic } from '../pki/atomic-file.js';

/**
 * Per-card journal files: `<dir>/<card id>.json`, written atomically (temp file, fsync, rename).
 *
 * The file name is the card id when it is filename-safe (`iccid:89…` → `iccid-89….json`), else a
 * SHA-256 of it, so an odd id can never escape the directory.
 */
export class FileJournalStore implements JournalStore {
  constructor(readonly dir: string) {}

  /** The journal file of a card. */
  fileOf(cardId: string): string {
    const safe = cardId.replace(':', '-');
    const name = /^[A-Za-z0-9-]{1,100}$/.test(safe) ? safe : `card-${createHash('sha256').update(cardId).digest('hex').slice(0, 32)}`;
    return join(this.dir, `${name}.json`);
  }

  async load(cardId: string): Promise<CardJournal | undefined> {
    let text: string;
    try {
      text = await readFile(this.fileOf(cardId), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new ProvisioningError('INTERNAL', `cannot read the card journal of ${cardId}`, { cause: error });
    }
    try {
      const journal = parseJournal(JSON.parse(text));
      return journal?.cardId === cardId ? journal : undefined;
    } catch {
      // A damaged journal is treated as absent: the job then re-derives the generation from the card.
      return undefined;
    }
  }

  async save(journal: CardJournal): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.fileOf(journal.cardId), `${JSON.stringify(journal)}\n`);
  }
}
