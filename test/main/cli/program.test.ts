import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, commandGroups } from '../../../src-main/cli/program.js';
import { captureIO, runCliCaptured } from '../../support/cli.js';

describe('the CLI command table', () => {
  it.each(commandGroups.map((g) => [g.name, g] as const))('group %s registers exactly its own top-level command', async (name, group) => {
    const program = new Command('bootbench');
    (await group.load())(program, captureIO().io, async () => undefined);
    expect(program.commands.map((c) => c.name())).toEqual([name]);
  });

  it('loads every group once for help, in table order', async () => {
    const program = await buildProgram(captureIO().io, () => undefined);
    expect(program.commands.map((c) => c.name())).toEqual(commandGroups.map((g) => g.name));
  });

  it('loads only the named group for a command', async () => {
    const program = await buildProgram(captureIO().io, () => undefined, 'devices');
    expect(program.commands.map((c) => c.name())).toEqual(['devices']);
  });

  it('lists every command with a description in --help, and exits 0', async () => {
    const run = await runCliCaptured(['--help']);
    expect(run.code).toBe(0);
    for (const g of commandGroups) expect(run.stdout).toMatch(new RegExp(`^\\s+${g.name}\\b.*\\S`, 'm'));
  });

  it('gives every subcommand --help with an example', async () => {
    for (const g of commandGroups) {
      const run = await runCliCaptured([g.name, '--help']);
      expect(run.code, g.name).toBe(0);
      expect(run.stdout, g.name).toContain(`bootbench ${g.name}`);
    }
  });
});
