import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { extractFile, listPackage, statFile } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// Builds the app with electron-builder `--linux dir`, OFFLINE: the Electron binary cannot be
// downloaded here, so a stub Electron dist stands in. The stub carries Electron's fuse sentinel
// and a default fuse wire, so electron-builder's fuse step really flips fuses in it and the test
// reads them back with @electron/fuses. Output goes to a temp dir, not the repo's dist/.

const root = join(import.meta.dirname, '..', '..');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Fuse wire v1 as shipped by Electron 45: version 1, 8 fuses, ASCII '0'/'1' states. */
const STOCK_WIRE = [1, 8, ...'10110001'].map((c) => (typeof c === 'number' ? c : c.charCodeAt(0)));
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & {
  linux: { target: string[]; extraResources: { from: string; to: string }[] };
  deb: { depends: string[]; afterInstall: string; afterRemove: string };
  win: { target: string[] };
  mac: { target: string[]; hardenedRuntime: boolean; entitlements: string; entitlementsInherit: string };
  electronFuses: Record<string, boolean>;
  asarUnpack: string[];
  files: string[];
};

let work: string;
let appDir: string;
let asar: string;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

beforeAll(async () => {
  expect(existsSync(join(root, 'out', 'electron', 'main.cjs')), 'vitest globalSetup builds out/electron').toBe(true);
  work = mkdtempSync(join(tmpdir(), 'bb-package-'));
  const stub = join(work, 'electron-dist');
  mkdirSync(stub);
  writeFileSync(join(stub, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\necho "stub electron"\nexit 0\n# '), Buffer.from(SENTINEL), Buffer.from(STOCK_WIRE), Buffer.from('\n')]), { mode: 0o755 });
  writeFileSync(join(stub, 'version'), 'v45.4.1');
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['CI'];
  delete env['GH_TOKEN'];
  await promisify(execFile)(
    process.execPath,
    [
      join(root, 'node_modules', 'electron-builder', 'cli.js'),
      '--linux',
      'dir',
      '--config',
      'electron-builder.yml',
      `-c.electronDist=${stub}`,
      `-c.directories.output=${join(work, 'dist')}`,
      '--publish',
      'never',
    ],
    { cwd: root, env, timeout: 110_000, maxBuffer: 16 * 1024 * 1024 },
  );
  appDir = join(work, 'dist', 'linux-unpacked');
  asar = join(appDir, 'resources', 'app.asar');
}, 120_000);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe('electron-builder --linux dir (offline, stub Electron)', () => {
  it('packs the built app into app.asar with the entry point and package.json', () => {
    expect(statSync(asar).isFile()).toBe(true);
    const entries = listPackage(asar, { isPack: false }).map((p) => p.replaceAll('\\', '/'));
    for (const file of ['/package.json', '/out/electron/main.cjs', '/out/electron/preload.cjs', '/out/electron/device-host.cjs', '/out/main/device-host.mjs']) {
      expect(entries).toContain(file);
    }
    const manifest = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as { name: string; main: string };
    expect(manifest).toMatchObject({ name: 'bootbench', main: 'out/electron/main.cjs' });
    // The allowlist keeps sources, tests, tsc output and source maps out.
    expect(entries.filter((p) => /^\/(src-|test\/|out\/tsc\/|assets\/)/.test(p) || p.endsWith('.map'))).toEqual([]);
    expect(entries.some((p) => p.startsWith('/node_modules/zod/'))).toBe(true);
    expect(entries.some((p) => p.startsWith('/node_modules/electron/') || p.startsWith('/node_modules/vitest/'))).toBe(false);
  });

  it('keeps native .node addons outside the archive, in app.asar.unpacked', () => {
    const unpacked = walk(join(appDir, 'resources', 'app.asar.unpacked')).filter((p) => p.endsWith('.node'));
    expect(unpacked.some((p) => p.includes('@serialport/bindings-cpp') && p.includes('linux-x64'))).toBe(true);
    for (const file of unpacked) {
      const inArchive = relative(join(appDir, 'resources', 'app.asar.unpacked'), file);
      expect(statFile(asar, inArchive), inArchive).toMatchObject({ unpacked: true });
    }
  });

  it('ships the udev rules as a resource for the deb scripts', () => {
    const rules = readFileSync(join(appDir, 'resources', 'udev', '99-bootbench.rules'), 'utf8');
    expect(rules).toContain('ttyACM');
  });

  it('flips the configured fuses in the packaged binary', async () => {
    const wire = await getCurrentFuseWire(join(appDir, 'bootbench'));
    const on = 49;
    const off = 48;
    expect(wire[FuseV1Options.RunAsNode]).toBe(off);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(off);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(off);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(on);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(on);
  });
});

describe('electron-builder.yml', () => {
  it('targets Linux (AppImage, deb), Windows (NSIS) and macOS (dmg, hardened runtime)', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.win.target).toContain('nsis');
    expect(config.mac.target).toContain('dmg');
    expect(config.mac.hardenedRuntime).toBe(true);
    for (const plist of [config.mac.entitlements, config.mac.entitlementsInherit]) {
      expect(readFileSync(join(root, plist), 'utf8')).toContain('com.apple.security.cs.allow-jit');
    }
  });

  it('never rebuilds native modules and unpacks them from the asar', () => {
    expect(config['npmRebuild']).toBe(false);
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.files).toContain('out/electron/**');
  });

  it('sets the security fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('makes the deb depend on pcscd and install the udev rules it references', () => {
    expect(config.deb.depends).toContain('pcscd');
    const rulesResource = config.linux.extraResources.find((r) => r.from.endsWith('99-bootbench.rules'));
    expect(rulesResource).toBeDefined();
    const rules = readFileSync(join(root, rulesResource!.from), 'utf8');
    for (const needle of ['ttyACM', 'ttyUSB', 'GROUP="dialout"', 'GROUP="plugdev"', ':0b0000:']) expect(rules).toContain(needle);
    const afterInstall = readFileSync(join(root, config.deb.afterInstall), 'utf8');
    expect(afterInstall).toContain(`resources/${rulesResource!.to}`);
    expect(afterInstall).toContain('/etc/udev/rules.d/99-bootbench.rules');
    expect(readFileSync(join(root, config.deb.afterRemove), 'utf8')).toContain('/etc/udev/rules.d/99-bootbench.rules');
  });
});
