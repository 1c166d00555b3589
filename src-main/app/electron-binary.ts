import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../web/package-root.js';

/**
 * Path of Electron's binary when this machine has one, else `undefined`.
 *
 * Minimal version: `node_modules/electron/dist/electron` (the binary the `electron` package
 * downloads on install; absent where the download is impossible).
 */
export function findElectronBinary(root: string = packageRoot()): string | undefined {
  const candidate = join(root, 'node_modules', 'electron', 'dist', 'electron');
  // Sync on purpose: one stat at start-up.
  return existsSync(candidate) ? candidate : undefined;
}
