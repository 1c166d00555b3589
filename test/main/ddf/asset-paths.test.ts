import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ddfSchemaPath, findAssetsDir, standardDdfDir } from '../../../src-main/ddf/asset-paths.js';
import { ProvisioningError } from '../../../src-shared/errors/provisioning-error.js';
import { REPO_ROOT } from '../../shared/protocol/ddf/corpus.js';

describe('asset paths', () => {
  test('resolve to the repository assets from the sources and from the bundle folder', () => {
    expect(findAssetsDir()).toBe(join(REPO_ROOT, 'assets'));
    expect(findAssetsDir(join('schema', 'ddf.xsd'), join(REPO_ROOT, 'out', 'main'))).toBe(join(REPO_ROOT, 'assets'));
    expect(existsSync(ddfSchemaPath())).toBe(true);
    expect(existsSync(standardDdfDir())).toBe(true);
  });

  test('a missing asset is a typed NOT_FOUND error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bootbench-assets-'));
    try {
      expect(() => findAssetsDir(join('schema', 'ddf.xsd'), dir)).toThrow(ProvisioningError);
      expect(() => findAssetsDir(join('schema', 'ddf.xsd'), dir)).toThrow(/assets not found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
