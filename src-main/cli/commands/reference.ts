import type { Command } from 'commander';
import { commandTree } from '../command-tree.js';
import { EXIT, type CliIO, type CommandRunner } from '../io.js';
import { CLI_REFERENCE_INTRO } from '../reference-intro.js';
import { cliReferenceMarkdown } from '../reference.js';
import { rootOf } from './completion.js';

/** `bootbench reference`: the whole CLI reference (docs/cli.md is this command's output). */
export function registerReference(program: Command, io: CliIO, run: CommandRunner): void {
  program
    .command('reference')
    .description('print the CLI reference: every command, its options and examples, as Markdown (docs/cli.md)')
    .addHelpText('after', '\nExamples:\n  bootbench reference | less\n  npm run docs:cli    # regenerates docs/cli.md')
    .action(async (_opts: unknown, cmd: Command) =>
      run(false, async () => {
        io.stdout.write(cliReferenceMarkdown(commandTree(rootOf(cmd)), CLI_REFERENCE_INTRO));
        return EXIT.ok;
      }),
    );
}
