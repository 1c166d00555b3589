import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The directory of Bootbench's package.json, found by walking up from a module URL.
 *
 * Works from the sources (`src-main/...`) and from the bundle (`out/main/cli.mjs`) alike, so the
 * built renderer is found whatever the working directory. Falls back to the working directory.
 */
export function packageRoot(fromUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(fromUrl));
  for (;;) {
    const manifest = join(dir, 'package.json');
    // Sync on purpose: called once at start-up.
    if (existsSync(manifest) && isBootbench(manifest)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

function isBootbench(manifest: string): boolean {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'bootbench';
  } catch {
    return false;
  }
}

/** Where `npm run build` puts the renderer. */
export function defaultRendererDir(): string {
  return join(packageRoot(), 'out', 'renderer');
}
