import type { Command, Option } from 'commander';

/** One option of a command, as completion and the reference need it. */
export interface OptionInfo {
  readonly flags: string;
  readonly long: string | undefined;
  readonly short: string | undefined;
  readonly description: string;
  /** The option takes a value (`--port <path>`): complete a file or word after it, not a command. */
  readonly takesValue: boolean;
}

/** One command of the program and everything below it, in help order. */
export interface CommandInfo {
  /** Words after `bootbench` (empty for the program itself). */
  readonly path: readonly string[];
  readonly description: string;
  readonly options: readonly OptionInfo[];
  readonly subcommands: readonly CommandInfo[];
  readonly command: Command;
}

function optionInfo(o: Option): OptionInfo {
  return { flags: o.flags, long: o.long, short: o.short, description: o.description, takesValue: o.required || o.optional };
}

const HELP: OptionInfo = { flags: '-h, --help', long: '--help', short: '-h', description: 'display help for command', takesValue: false };

/** The command tree of a built program (every group loaded), with `--help` on every command. */
export function commandTree(cmd: Command, path: readonly string[] = []): CommandInfo {
  const hidden = (c: Command) => (c as unknown as { _hidden?: boolean })._hidden === true;
  return {
    path,
    description: cmd.description(),
    options: [...cmd.options.filter((o) => !o.hidden).map(optionInfo), HELP],
    subcommands: cmd.commands.filter((c) => !hidden(c)).map((c) => commandTree(c, [...path, c.name()])),
    command: cmd,
  };
}

/** Every command of the tree, depth first (the program first). */
export function flatten(info: CommandInfo): CommandInfo[] {
  return [info, ...info.subcommands.flatMap(flatten)];
}

/** The full `--help` text of a command (including the examples added after it), at a fixed width. */
export function helpText(cmd: Command, width = 100): string {
  let text = '';
  const saved = cmd.configureOutput();
  cmd.configureOutput({ ...saved, writeOut: (s) => (text += s), getOutHelpWidth: () => width, getOutHasColors: () => false });
  try {
    cmd.outputHelp();
  } finally {
    cmd.configureOutput(saved);
  }
  return text;
}
