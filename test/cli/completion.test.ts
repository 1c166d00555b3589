import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandTree, flatten, type CommandInfo } from '../../src-main/cli/command-tree.js';
import { buildProgram, commandGroups } from '../../src-main/cli/program.js';
import { CLI_REFERENCE_INTRO } from '../../src-main/cli/reference-intro.js';
import { cliReferenceMarkdown } from '../../src-main/cli/reference.js';
import { captureIO, runCliCaptured } from '../support/cli.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
let dir: string;
let bashScript: string;
let tree: CommandInfo;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bb-completion-'));
  const printed = await runCliCaptured(['completion', 'bash']);
  expect(printed.code).toBe(0);
  bashScript = join(dir, 'bootbench.bash');
  writeFileSync(bashScript, printed.stdout);
  tree = commandTree(await buildProgram(captureIO().io, () => undefined));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Completes `line` (the cursor at its end) in a real bash with the generated script sourced. */
async function complete(line: string): Promise<string[]> {
  const words = line.split(' ');
  const program = `source ${JSON.stringify(bashScript)}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})\nCOMP_CWORD=${words.length - 1}\n_bootbench\nprintf '%s\\n' "\${COMPREPLY[@]}"`;
  const { stdout } = await run('bash', ['--norc', '--noprofile', '-c', program]);
  return stdout.split('\n').filter((l) => l !== '');
}

describe('bootbench completion bash', () => {
  it('prints a script bash accepts (bash -n)', async () => {
    await expect(run('bash', ['-n', bashScript])).resolves.toMatchObject({ stderr: '' });
  });

  it('completes every command group of the table at the top level', async () => {
    const top = await complete('bootbench ');
    for (const g of commandGroups) expect(top).toContain(g.name);
  });

  it.each([
    ['bootbench dev', ['devices']],
    ['bootbench devices w', ['watch']],
    ['bootbench card wr', ['write']],
    ['bootbench --json devices l', ['list']],
    ['bootbench audit ', ['verify', 'export', 'stats', '--help', '-h']],
    ['bootbench devices watch --on-', ['--on-attach', '--on-detach', '--on-success', '--on-failure']],
    ['bootbench completion ', ['--help', '-h']],
  ])('completes %j', async (line, expected) => {
    expect((await complete(line)).sort()).toEqual([...expected].sort());
  });

  it('offers no words after an option that takes a value (bash falls back to file names), and skips that value', async () => {
    expect(await complete('bootbench run --profile ')).toEqual([]);
    expect(await complete('bootbench run --profile card --con')).toEqual(['--concurrency']);
  });

  it("offers every option of every command in that command's case", async () => {
    const script = readFileSync(bashScript, 'utf8');
    for (const c of flatten(tree)) {
      const line = script.split('\n').find((l) => l.trimStart().startsWith(`${JSON.stringify(c.path.join(' '))})`));
      expect(line, c.path.join(' ')).toBeDefined();
      for (const o of c.options) if (o.long !== undefined) expect(line, `${c.path.join(' ')} ${o.long}`).toMatch(new RegExp(`[" ]${o.long}[" ]`));
    }
  });
});

describe('bootbench completion zsh|fish, bad input', () => {
  it('wraps the bash completion for zsh through bashcompinit', async () => {
    const zsh = await runCliCaptured(['completion', 'zsh']);
    expect(zsh.code).toBe(0);
    expect(zsh.stdout).toMatch(/^#compdef bootbench/);
    expect(zsh.stdout).toContain('bashcompinit');
    expect(zsh.stdout).toContain('complete -o default -F _bootbench bootbench');
  });

  it('gives fish one complete line per subcommand, conditioned on the words typed', async () => {
    const fish = await runCliCaptured(['completion', 'fish']);
    expect(fish.code).toBe(0);
    for (const g of commandGroups) expect(fish.stdout).toContain(`complete -c bootbench -n '__bootbench_path' -a ${g.name} `);
    expect(fish.stdout).toContain("complete -c bootbench -n '__bootbench_path devices watch' -l on-attach -r -F");
  });

  it('refuses an unknown shell with exit 2', async () => {
    const bad = await runCliCaptured(['completion', 'powershell']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Allowed choices are bash, zsh, fish/);
  });
});

describe('docs/cli.md', () => {
  it('is the reference generated from the command table (run `npm run docs:cli` when this fails)', () => {
    const generated = cliReferenceMarkdown(tree, CLI_REFERENCE_INTRO);
    expect(readFileSync(join(root, 'docs', 'cli.md'), 'utf8'), 'docs/cli.md is stale: run `npm run docs:cli`').toBe(generated);
  });

  it('documents every command with its options and an example', () => {
    const doc = readFileSync(join(root, 'docs', 'cli.md'), 'utf8');
    for (const c of flatten(tree).filter((x) => x.path.length > 0)) {
      const section = doc.split(/^#{2,3} /m).find((s) => s.startsWith(`bootbench ${c.path.join(' ')}\n`));
      expect(section, c.path.join(' ')).toBeDefined();
      for (const o of c.options.filter((x) => x.long !== '--help')) expect(section, `${c.path.join(' ')} ${o.flags}`).toContain(o.flags);
    }
    for (const c of flatten(tree).filter((x) => x.path.length > 0)) {
      const section = doc.split(/^#{2,3} /m).find((s) => s.startsWith(`bootbench ${c.path.join(' ')}\n`))!;
      expect(section, `${c.path.join(' ')} has an example`).toMatch(/^Examples?:$/m);
    }
  });

  it('`bootbench reference` prints the same text', async () => {
    const printed = await runCliCaptured(['reference']);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toBe(cliReferenceMarkdown(tree, CLI_REFERENCE_INTRO));
  });
});
