import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';

/**
 * Finds the repository's `assets/` folder by walking up from this module.
 *
 * Works from the TypeScript sources (`src-main/ddf/`) and from the esbuild bundle (`out/main/`),
 * which sit at different depths; the first ancestor holding `assets/<probe>` wins.
 */
export function findAssetsDir(probe = join('schema', 'ddf.xsd'), from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'assets');
    if (existsSync(join(candidate, probe))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new ProvisioningError('NOT_FOUND', `Bootbench assets not found (looked for assets/${probe} above ${from})`);
}

/** Absolute path of the DDF XML Schema, `assets/schema/ddf.xsd`. */
export function ddfSchemaPath(): string {
  return join(findAssetsDir(), 'schema', 'ddf.xsd');
}

/** Absolute path of the folder of standard-MO DDFs, `assets/ddf/`. */
export function standardDdfDir(): string {
  return join(findAssetsDir(), 'ddf');
}
