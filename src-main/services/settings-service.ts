import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import { writeFileAtomic } from '../pki/atomic-file.js';

/** Station settings as stored in `<dataDir>/settings.json` (never a password). */
export const StoredSettings = z.strictObject({
  /** Devices provisioned at the same time. */
  concurrency: z.number().int().min(1).max(64),
  /** Where runs and the audit log live; applies at the next station start. */
  storage: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('sqlite') }),
    z.strictObject({ kind: z.literal('postgres'), connectionString: z.string().min(1).max(2000) }),
  ]),
  /** Start the selected profile as soon as a device is identified. */
  autoRun: z.boolean(),
  /** The approved profile version runs compile per device; null or absent: the demo description. */
  runProfile: z.strictObject({ name: z.string().min(1).max(64), version: z.string().regex(/^[0-9a-f]{64}$/) }).nullable().optional(),
});
/** Station settings as stored. */
export type StoredSettings = z.output<typeof StoredSettings>;

/** A partial update of {@link StoredSettings}. */
export type SettingsUpdate = { readonly [K in keyof StoredSettings]?: StoredSettings[K] | undefined };

/** Defaults before anything was saved. */
export const DEFAULT_SETTINGS: StoredSettings = { concurrency: 4, storage: { kind: 'sqlite' }, autoRun: false };

/**
 * Refuses a PostgreSQL connection string that carries a password: settings are plain JSON on
 * disk, so the password belongs in `$PGPASSWORD` or `~/.pgpass`, which libpq and `pg` read.
 */
export function assertNoPassword(connectionString: string): void {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    throw new ProvisioningError('INVALID_REQUEST', 'The connection string is not a URL (postgres://user@host:5432/db)');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new ProvisioningError('INVALID_REQUEST', 'The connection string must start with postgres:// or postgresql://');
  if (url.password !== '' || /password=/i.test(url.search)) {
    throw new ProvisioningError('INVALID_REQUEST', 'Leave the password out of the connection string; put it in $PGPASSWORD or ~/.pgpass on the station');
  }
}

/** Checks a settings update before it is saved (throws a typed error to refuse it). */
export type SettingsGuard = (next: StoredSettings, update: SettingsUpdate) => Promise<void> | void;

/** Station settings kept in the data directory (in memory without one). */
export class SettingsService {
  #cache: StoredSettings | undefined;
  readonly #listeners = new Set<(settings: StoredSettings) => void>();
  readonly #guards = new Set<SettingsGuard>();

  constructor(private readonly dataDir: string | undefined) {}

  private path(): string | undefined {
    return this.dataDir === undefined ? undefined : join(this.dataDir, 'settings.json');
  }

  /** The current settings (defaults when none were saved; a damaged file is an error, not a silent reset). */
  async get(): Promise<StoredSettings> {
    if (this.#cache !== undefined) return this.#cache;
    const path = this.path();
    if (path === undefined) return (this.#cache = DEFAULT_SETTINGS);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return (this.#cache = DEFAULT_SETTINGS);
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = StoredSettings.safeParse(json);
    if (!parsed.success) throw new ProvisioningError('INVALID_REQUEST', `The settings file ${path} is damaged; fix or delete it`);
    return (this.#cache = parsed.data);
  }

  /** Applies a partial update, validates it and saves it atomically. */
  async set(update: SettingsUpdate): Promise<StoredSettings> {
    if (update.storage?.kind === 'postgres') assertNoPassword(update.storage.connectionString);
    const defined = Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined));
    const next = StoredSettings.parse({ ...(await this.get()), ...defined });
    for (const guard of [...this.#guards]) await guard(next, update);
    const path = this.path();
    if (path !== undefined) await writeFileAtomic(path, `${JSON.stringify(next, null, 2)}\n`);
    this.#cache = next;
    for (const listener of [...this.#listeners]) listener(next);
    return next;
  }

  /** Adds a check every update must pass before it is saved (e.g. runs refuse an unapproved profile); returns the removal. */
  guard(check: SettingsGuard): () => void {
    this.#guards.add(check);
    return () => this.#guards.delete(check);
  }

  /** Calls `listener` with the new settings after every saved update (e.g. runs apply concurrency live); returns the unsubscribe. */
  onChange(listener: (settings: StoredSettings) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
