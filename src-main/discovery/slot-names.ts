import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { SlotName } from '../../src-shared/domain/device.js';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import { writeFileAtomic } from '../pki/atomic-file.js';

/** The file under the data dir that holds slot names. */
export const SLOT_NAMES_FILE = 'slot-names.json';

const SlotNamesFile = z.strictObject({ version: z.literal(1), names: z.record(z.string().min(1).max(200), SlotName) });

/**
 * User-given names of physical slots (tty path, `usb:1-2.3`, `tcp:host:port` → "Bay 3").
 *
 * Backed by `<dataDir>/slot-names.json`, replaced atomically on every change so a crash keeps
 * either the old or the new names; without a data dir the names live for this run only. Writes are
 * serialised in call order.
 */
export class SlotNames {
  readonly #names: Map<string, string>;
  #writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string | undefined,
    names: Map<string, string>,
  ) {
    this.#names = names;
  }

  /** In-memory names (nothing persists). */
  static inMemory(): SlotNames {
    return new SlotNames(undefined, new Map());
  }

  /**
   * Opens the names stored in `dataDir` (an absent file is an empty store). A damaged file is
   * refused with INVALID_REQUEST rather than silently dropped.
   */
  static async open(dataDir: string): Promise<SlotNames> {
    const file = join(dataDir, SLOT_NAMES_FILE);
    let text: string | undefined;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ENOENT') throw new ProvisioningError('INTERNAL', 'Slot names cannot be read', { cause: error, details: { file } });
    }
    if (text === undefined) return new SlotNames(file, new Map());
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new ProvisioningError('INVALID_REQUEST', 'Slot names file is not JSON', { cause: error, details: { file } });
    }
    const parsed = SlotNamesFile.safeParse(raw);
    if (!parsed.success) throw new ProvisioningError('INVALID_REQUEST', 'Slot names file is malformed', { details: { file } });
    return new SlotNames(file, new Map(Object.entries(parsed.data.names)));
  }

  /** The user's name of a slot, if any. */
  get(slot: string): string | undefined {
    return this.#names.get(slot);
  }

  /** Every named slot. */
  entries(): [string, string][] {
    return [...this.#names.entries()];
  }

  /**
   * Names a slot (`undefined` or blank clears the name) and persists the change before resolving.
   *
   * @returns the stored name after trimming, or `undefined` when cleared.
   */
  async set(slot: string, name: string | undefined): Promise<string | undefined> {
    const trimmed = name?.trim();
    if (trimmed === undefined || trimmed === '') this.#names.delete(slot);
    else {
      const parsed = SlotName.safeParse(trimmed);
      if (!parsed.success) throw new ProvisioningError('INVALID_REQUEST', 'A slot name has at most 80 characters', { details: { slot } });
      this.#names.set(slot, parsed.data);
    }
    const snapshot = JSON.stringify({ version: 1, names: Object.fromEntries(this.#names) }, null, 2);
    const file = this.file;
    if (file !== undefined) {
      this.#writing = this.#writing.catch(() => undefined).then(async () => {
        await mkdir(dirname(file), { recursive: true, mode: 0o700 });
        await writeFileAtomic(file, `${snapshot}\n`, 0o600);
      });
      await this.#writing;
    }
    return this.#names.get(slot);
  }
}
