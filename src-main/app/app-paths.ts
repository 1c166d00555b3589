import { join } from 'node:path';

/** Where the packaged app's built parts live. */
export interface AppPaths {
  readonly preload: string;
  readonly deviceHost: string;
  readonly renderer: string;
}

/**
 * Paths of the built parts, from the directory of the running `out/electron/main.cjs`.
 *
 * Works unpacked (`electron out/electron/main.cjs`) and inside `app.asar` alike, because every
 * part sits at a fixed place under `out/`.
 */
export function appPaths(electronOutDir: string): AppPaths {
  const outDir = join(electronOutDir, '..');
  return {
    preload: join(electronOutDir, 'preload.cjs'),
    deviceHost: join(electronOutDir, 'device-host.cjs'),
    renderer: join(outDir, 'renderer'),
  };
}
