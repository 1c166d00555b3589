import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { packageRoot } from '../web/package-root.js';

/** Environment variable naming an Electron binary to use instead of the installed one. */
export const ELECTRON_BINARY_ENV = 'BOOTBENCH_ELECTRON';

/** Binary name inside an Electron dist folder, per platform (what `electron/path.txt` holds). */
function distBinaryName(platform: NodeJS.Platform): string {
  if (platform === 'win32') return 'electron.exe';
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return 'electron';
}

/**
 * Path of a runnable Electron binary on this machine, or `undefined` when there is none.
 *
 * Looks, in order, at `BOOTBENCH_ELECTRON` (a binary path), `ELECTRON_OVERRIDE_DIST_PATH` (a dist
 * folder, as the `electron` package honours it) and the binary the `electron` package downloads
 * on install (`node_modules/electron/dist/<path.txt>`). A candidate counts only if it is an
 * executable regular file. Never downloads anything (the `electron` package's own `require()`
 * would try to).
 */
export function findElectronBinary(
  root: string = packageRoot(),
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const candidates: string[] = [];
  const explicit = env[ELECTRON_BINARY_ENV];
  if (explicit !== undefined && explicit !== '' && isAbsolute(explicit)) candidates.push(explicit);
  const packageDir = join(root, 'node_modules', 'electron');
  const name = readPathTxt(packageDir) ?? distBinaryName(platform);
  const overrideDist = env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (overrideDist !== undefined && overrideDist !== '') candidates.push(join(overrideDist, name));
  candidates.push(join(packageDir, 'dist', name));
  return candidates.find((path) => isRunnable(path, platform));
}

// Sync on purpose (here and below): a few stats once, when the user asks to start the app.
function readPathTxt(packageDir: string): string | undefined {
  try {
    const text = readFileSync(join(packageDir, 'path.txt'), 'utf8').trim();
    return text === '' || text.includes('..') ? undefined : text;
  } catch {
    return undefined;
  }
}

function isRunnable(path: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
