import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandTree, flatten } from '../../src-main/cli/command-tree.js';
import { buildProgram } from '../../src-main/cli/program.js';
import { captureIO } from '../support/cli.js';
import { CLI_COVERAGE, TOUCHES_DEVICE, type CaseRef } from './coverage-table.js';

const root = join(import.meta.dirname, '..', '..');

/** Leaf commands of the program (what a user runs), by their words after `bootbench`. */
async function leafCommands(): Promise<string[]> {
  const tree = commandTree(await buildProgram(captureIO().io, () => undefined));
  return flatten(tree)
    .filter((c) => c.path.length > 0 && c.subcommands.length === 0)
    .map((c) => c.path.join(' '));
}

function resolves(ref: CaseRef): string | undefined {
  const [file, contains] = ref;
  if (!/^test\/.+\.test\.ts$/.test(file)) return `${file} is not a test file`;
  const path = join(root, file);
  if (!existsSync(path)) return `${file} does not exist`;
  const source = readFileSync(path, 'utf8');
  if (!source.includes(contains)) return `${file} has no ${JSON.stringify(contains)}`;
  if (/\b(it|test|describe)\.(only|skip|todo)\b/.test(source)) return `${file} skips or narrows tests`;
  return undefined;
}

describe('CLI test coverage of the command table', () => {
  it('has an entry for every command of the table, and none for commands that do not exist', async () => {
    const leaves = await leafCommands();
    expect(leaves.filter((c) => CLI_COVERAGE[c] === undefined), 'commands without tests: add them to test/cli/coverage-table.ts').toEqual([]);
    expect(Object.keys(CLI_COVERAGE).filter((c) => !leaves.includes(c)), 'stale entries').toEqual([]);
  });

  it('gives every command a success and a bad-input case, and a device-failure case where it touches a device', () => {
    const problems: string[] = [];
    for (const [command, cov] of Object.entries(CLI_COVERAGE)) {
      for (const [kind, ref] of [['success', cov.success], ['bad input', cov.badInput]] as const) {
        const problem = resolves(ref);
        if (problem !== undefined) problems.push(`${command} (${kind}): ${problem}`);
      }
      const device = cov.deviceFailure;
      if (TOUCHES_DEVICE.has(command) && device === undefined) problems.push(`${command}: touches a device but has no device-failure case`);
      if (typeof device === 'string' && !/^n\/a: .{20,}/.test(device)) problems.push(`${command}: "n/a" needs a reason`);
      if (Array.isArray(device)) {
        const problem = resolves(device as CaseRef);
        if (problem !== undefined) problems.push(`${command} (device failure): ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
