import { Argument, type Command } from 'commander';
import { commandTree } from '../command-tree.js';
import { completionScript, SHELLS, type Shell } from '../completion.js';
import { EXIT, type CliIO, type CommandRunner } from '../io.js';

/** The root program of a command (the one every group was registered on). */
export function rootOf(cmd: Command): Command {
  let c = cmd;
  while (c.parent !== null) c = c.parent;
  return c;
}

/** `bootbench completion bash|zsh|fish`: a shell completion script, derived from the command table. */
export function registerCompletion(program: Command, io: CliIO, run: CommandRunner): void {
  program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish) for every command and option')
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(SHELLS))
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  bootbench completion bash > ~/.local/share/bash-completion/completions/bootbench',
        '  source <(bootbench completion zsh)',
        '  bootbench completion fish > ~/.config/fish/completions/bootbench.fish',
      ].join('\n'),
    )
    .action(async (shell: Shell, _opts: unknown, cmd: Command) =>
      run(false, async () => {
        io.stdout.write(completionScript(shell, commandTree(rootOf(cmd))));
        return EXIT.ok;
      }),
    );
}
