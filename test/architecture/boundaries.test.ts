import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function lintProbe(relPath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: join(root, relPath) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('import zones (eslint)', () => {
  it('refuses src-shared importing main or renderer', async () => {
    expect(await lintProbe('src-shared/probe.ts', "import { createStation } from '../src-main/station.js';\nexport const x = createStation;\n")).toContain('import-x/no-restricted-paths');
  });

  it('refuses the renderer importing main', async () => {
    expect(await lintProbe('src-renderer/probe.ts', "import { createStation } from '../src-main/station.js';\nexport const x = createStation;\n")).toContain('import-x/no-restricted-paths');
  });

  it('refuses Node globals, clocks and randomness in src-shared', async () => {
    const rules = await lintProbe('src-shared/probe.ts', 'export const a = process.env;\nexport const b = Date.now();\nexport const c = Math.random();\nexport const d = Buffer.from([]);\n');
    expect(rules.filter((r) => r === 'no-restricted-globals')).toHaveLength(2);
    expect(rules.filter((r) => r === 'no-restricted-properties')).toHaveLength(2);
  });

  it('refuses ipcMain outside the electron router', async () => {
    expect(await lintProbe('src-main/services/probe.ts', "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n")).toContain('no-restricted-imports');
  });

  it('limits the preload to electron and src-shared/ipc', async () => {
    expect(await lintProbe('src-main/preload/probe.ts', "import { createStation } from '../station.js';\nexport const x = createStation;\n")).toContain('no-restricted-imports');
    expect(await lintProbe('src-main/preload/probe.ts', "import { commands } from '../../src-shared/ipc/contract.js';\nexport const x = commands;\n")).toEqual([]);
  });

  it('finds no lint error anywhere in the real tree', async () => {
    const eslint = new ESLint({ cwd: root, errorOnUnmatchedPattern: false });
    const results = await eslint.lintFiles(['.']);
    const errors = results.flatMap((r) => r.messages.filter((m) => m.severity === 2).map((m) => `${r.filePath}:${m.line} ${m.ruleId}`));
    expect(errors).toEqual([]);
  }, 120_000);
});

describe('import graph (dependency-cruiser)', () => {
  const cruise = (cwd: string, dirs: string[]) =>
    spawnSync(join(root, 'node_modules/.bin/depcruise'), ['--config', join(cwd, '.dependency-cruiser.cjs'), '--output-type', 'err', ...dirs], { cwd, encoding: 'utf8' });

  it('has no cycles and a pure src-shared in the real tree', () => {
    const result = cruise(root, ['src-shared', 'src-main', 'src-renderer']);
    expect(result.stdout + result.stderr).toContain('no dependency violations found');
    expect(result.status).toBe(0);
  }, 120_000);

  it('catches a cycle, a Node built-in in src-shared and an unlisted npm package', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bb-cruise-'));
    temps.push(dir);
    cpSync(join(root, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
    cpSync(join(root, 'tsconfig.base.json'), join(dir, 'tsconfig.base.json'));
    mkdirSync(join(dir, 'src-shared'));
    mkdirSync(join(dir, 'node_modules/leftpad'), { recursive: true });
    writeFileSync(join(dir, 'node_modules/leftpad/package.json'), '{"name":"leftpad","main":"index.js"}');
    writeFileSync(join(dir, 'node_modules/leftpad/index.js'), 'module.exports = 1;');
    writeFileSync(join(dir, 'src-shared/a.ts'), "import { b } from './b.js';\nimport { readFileSync } from 'node:fs';\nexport const a = () => b + String(readFileSync);\n");
    writeFileSync(join(dir, 'src-shared/b.ts'), "import { a } from './a.js';\nimport pad from 'leftpad';\nexport const b = String(a) + String(pad);\n");
    const result = cruise(dir, ['src-shared']);
    const out = result.stdout + result.stderr;
    expect(result.status).not.toBe(0);
    expect(out).toContain('no-circular');
    expect(out).toContain('shared-is-pure-node');
    expect(out).toContain('shared-npm-allowlist');
  }, 60_000);
});

describe('compiler layer', () => {
  it('src-shared has neither Node nor DOM types', () => {
    const dir = mkdtempSync(join(root, 'src-shared/.probe-'));
    temps.push(dir);
    writeFileSync(join(dir, 'probe.ts'), 'export const a: number = Buffer.byteLength("x");\nexport const b = document.title;\nexport const c = process.pid;\n');
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: '../tsconfig.json', compilerOptions: { composite: false, noEmit: true, emitDeclarationOnly: false, declaration: false }, include: ['probe.ts'] }));
    const result = spawnSync(join(root, 'node_modules/.bin/tsc'), ['-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain("Cannot find name 'Buffer'");
    expect(result.stdout).toContain("Cannot find name 'document'");
    expect(result.stdout).toContain("Cannot find name 'process'");
  }, 60_000);

  it('the version constant matches package.json', async () => {
    const { STATION_VERSION } = await import('../../src-main/version.js');
    const pkg = JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require("./package.json"))'], { cwd: root, encoding: 'utf8' })) as { version: string };
    expect(STATION_VERSION).toBe(pkg.version);
  });
});
