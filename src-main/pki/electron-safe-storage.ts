import type { SafeStorageLike } from './secret-box.js';

/**
 * Loads Electron's `safeStorage` when running inside Electron's main process; undefined elsewhere
 * (plain Node, the CLI, the web station), where the caller falls back to a passphrase.
 *
 * This is the only module in src-main/pki that touches `electron`, and only through a dynamic
 * import so plain-Node entry points never load it.
 */
export async function loadElectronSafeStorage(): Promise<SafeStorageLike | undefined> {
  if (process.versions['electron'] === undefined) return undefined;
  try {
    const electron = (await import('electron')) as unknown as { safeStorage?: SafeStorageLike };
    return electron.safeStorage;
  } catch {
    return undefined;
  }
}
