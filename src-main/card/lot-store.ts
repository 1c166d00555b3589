import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OPEN_LOT, type LotState } from '../../src-shared/card/brick-guard.js';
import { ProvisioningError } from '../../src-shared/errors/index.js';
import { writeFileAtomic } from '../pki/atomic-file.js';

/**
 * Persists the brick guard's lot state between CLI runs (`<dir>/<lot>.json`): once a wrong code
 * stops a lot, every later `card write` of that lot is refused until `card lot-reset`.
 */
export class LotStore {
  constructor(readonly dir: string) {}

  private fileOf(lot: string): string {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(lot) || lot.startsWith('.')) throw new ProvisioningError('INVALID_REQUEST', `lot name "${lot}" must be 1-64 letters, digits, . _ -`);
    return join(this.dir, `${lot}.json`);
  }

  /** The lot's state; open when never stopped. */
  async load(lot: string): Promise<LotState> {
    try {
      const value: unknown = JSON.parse(await readFile(this.fileOf(lot), 'utf8'));
      const v = value as { kind?: unknown; cardId?: unknown; reason?: unknown };
      if (v.kind === 'stopped' && typeof v.cardId === 'string' && typeof v.reason === 'string') return { kind: 'stopped', cardId: v.cardId, reason: v.reason };
      return OPEN_LOT;
    } catch (error) {
      if (error instanceof ProvisioningError) throw error;
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return OPEN_LOT;
      // Fail closed: a lot file we cannot read must not silently reopen a stopped lot.
      throw new ProvisioningError('INTERNAL', `cannot read the lot state of ${lot}`, { cause: error });
    }
  }

  async save(lot: string, state: LotState): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.fileOf(lot), `${JSON.stringify(state)}\n`);
  }
}
