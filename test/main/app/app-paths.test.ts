import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPaths } from '../../../src-main/app/app-paths.js';

describe('appPaths', () => {
  it('finds the preload, the host and the renderer next to out/electron, in an asar too', () => {
    const dir = join('/opt', 'Bootbench', 'resources', 'app.asar', 'out', 'electron');
    expect(appPaths(dir)).toEqual({
      preload: join(dir, 'preload.cjs'),
      deviceHost: join(dir, 'device-host.cjs'),
      renderer: join('/opt', 'Bootbench', 'resources', 'app.asar', 'out', 'renderer'),
    });
  });
});
