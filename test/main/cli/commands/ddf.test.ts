import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { STANDARD_DDFS } from '../../../../src-shared/protocol/mo/standard-ddfs.js';
import { exportDdf } from '../../../../src-shared/protocol/ddf/export-ddf.js';
import { runCliCaptured } from '../../../support/cli.js';
import { CORPUS_DIR, REPO_ROOT } from '../../../shared/protocol/ddf/corpus.js';

const good = join(CORPUS_DIR, 'accountmanagement-ddf.xml');
const bad = join(CORPUS_DIR, 'malformed', 'diagnosticlog-ddf-3.xml');
const wrapped = join(CORPUS_DIR, 'wrapped', 'laps-ddf-file.xml');

describe('bootbench ddf', () => {
  let tmp = '';
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'bootbench-ddf-cli-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  test('validate: valid files exit 0 and say so', async () => {
    const run = await runCliCaptured(['ddf', 'validate', good, join(CORPUS_DIR, 'registry-ddf-file.xml')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${good}: valid (7 nodes)`);
    expect(run.stdout).toMatch(/registry-ddf-file\.xml: valid \(5 nodes, \d+ warnings\)/);
    expect(run.stderr).toBe('');
  });

  test('validate --warnings prints the tolerated deviations, line-numbered', async () => {
    const run = await runCliCaptured(['ddf', 'validate', '--warnings', join(CORPUS_DIR, 'registry-ddf-file.xml')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/registry-ddf-file\.xml:\d+: <DFProperties> has no <DFType> \(warning\)/);
  });

  test('validate: an invalid file exits 2 with file:line: messages on stderr', async () => {
    const run = await runCliCaptured(['ddf', 'validate', good, bad, wrapped]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${bad}:2: not well-formed: XML declaration allowed only at the start of the document`);
    expect(run.stderr).toMatch(new RegExp(`${wrapped.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: .*identity`));
    expect(run.stdout).toContain(`${bad}: invalid`);
  });

  test('validate: a missing file exits 3', async () => {
    const run = await runCliCaptured(['ddf', 'validate', good, join(tmp, 'absent.xml')]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('absent.xml: no such file');
  });

  test('validate --json reports every file with errors and line numbers', async () => {
    const run = await runCliCaptured(['ddf', 'validate', '--json', good, bad]);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as { ok: boolean; files: { file: string; valid: boolean; errors: { line?: number; check: string }[] }[] };
    expect(report.ok).toBe(false);
    expect(report.files.map((f) => f.valid)).toEqual([true, false]);
    expect(report.files[1]!.errors[0]).toMatchObject({ line: 2, check: 'xsd' });
  });

  test('show --json prints the typed model', async () => {
    const run = await runCliCaptured(['ddf', 'show', good, '--json']);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { ok: boolean; document: { verDtd: string; nodes: { name: string; path: string }[] } };
    expect(out.ok).toBe(true);
    expect(out.document.verDtd).toBe('1.2');
    expect(out.document.nodes[0]).toMatchObject({ name: 'AccountManagement', path: './Device/Vendor/MSFT' });
  });

  test('show without --json prints a readable tree', async () => {
    const run = await runCliCaptured(['ddf', 'show', good]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('./Device/Vendor/MSFT/AccountManagement  node  Get  One  Permanent');
    expect(run.stdout).toContain('\n    EnableProfileManager  bool  Get,Add,Delete,Replace  ZeroOrOne  Dynamic  default="false"\n');
  });

  test('show: invalid input exits 2 with a line-numbered error; missing exits 3', async () => {
    const invalid = await runCliCaptured(['ddf', 'show', bad]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain(`${bad}:2: not well-formed`);
    const missing = await runCliCaptured(['ddf', 'show', join(tmp, 'absent.xml'), '--json']);
    expect(missing.code).toBe(3);
    expect(JSON.parse(missing.stdout)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  test('standard --out writes the standard MO DDFs', async () => {
    const out = join(tmp, 'std');
    const run = await runCliCaptured(['ddf', 'standard', '--out', out, '--json']);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { moid: string }[]).map((r) => r.moid)).toEqual(STANDARD_DDFS.map((s) => s.moid));
    expect(readdirSync(out).sort()).toEqual(STANDARD_DDFS.map((s) => s.fileName).sort());
    expect(readFileSync(join(out, STANDARD_DDFS[0]!.fileName), 'utf8')).toBe(exportDdf(STANDARD_DDFS[0]!.document));
  });

  test('the built CLI (a real child process) finds the schema next to its bundle', async () => {
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [join(REPO_ROOT, 'bin/bootbench.mjs'), 'ddf', 'validate', good, bad], { cwd: tmp }, (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
      });
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(`${good}: valid`);
    expect(run.stderr).toContain(`${bad}:2: not well-formed`);
  });
});
