import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../../src-main/app/electron-binary.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bb-electron-bin-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'node_modules', 'electron', 'dist'), { recursive: true });
  return dir;
}

function executable(path: string, mode = 0o755): string {
  writeFileSync(path, '#!/bin/sh\nexit 0\n');
  chmodSync(path, mode);
  return path;
}

describe('findElectronBinary', () => {
  it('returns undefined when the electron package has no downloaded binary (this machine)', () => {
    expect(findElectronBinary(tempRoot(), {}, 'linux')).toBeUndefined();
  });

  it('finds the installed binary named by path.txt', () => {
    const root = tempRoot();
    const pkg = join(root, 'node_modules', 'electron');
    writeFileSync(join(pkg, 'path.txt'), 'electron');
    const binary = executable(join(pkg, 'dist', 'electron'));
    expect(findElectronBinary(root, {}, 'linux')).toBe(binary);
  });

  it('ignores a binary that is not executable or not a file', () => {
    const root = tempRoot();
    executable(join(root, 'node_modules', 'electron', 'dist', 'electron'), 0o644);
    expect(findElectronBinary(root, {}, 'linux')).toBeUndefined();
    const dirRoot = tempRoot();
    mkdirSync(join(dirRoot, 'node_modules', 'electron', 'dist', 'electron'));
    expect(findElectronBinary(dirRoot, {}, 'linux')).toBeUndefined();
  });

  it('prefers BOOTBENCH_ELECTRON, then ELECTRON_OVERRIDE_DIST_PATH', () => {
    const root = tempRoot();
    const installed = executable(join(root, 'node_modules', 'electron', 'dist', 'electron'));
    const overrideDist = join(root, 'override');
    mkdirSync(overrideDist);
    const overridden = executable(join(overrideDist, 'electron'));
    const explicit = executable(join(root, 'my-electron'));
    expect(findElectronBinary(root, { BOOTBENCH_ELECTRON: explicit, ELECTRON_OVERRIDE_DIST_PATH: overrideDist }, 'linux')).toBe(explicit);
    expect(findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: overrideDist }, 'linux')).toBe(overridden);
    expect(findElectronBinary(root, { BOOTBENCH_ELECTRON: 'relative/electron' }, 'linux')).toBe(installed);
  });

  it('matches what the real electron package on this machine offers', () => {
    // Electron's binary cannot be downloaded here: the real lookup must say "none", not throw.
    const found = findElectronBinary();
    expect(found === undefined || found.endsWith('electron')).toBe(true);
  });
});
