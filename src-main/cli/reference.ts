import { flatten, helpText, type CommandInfo } from './command-tree.js';

/** GitHub-style anchor of a heading. */
function anchor(heading: string): string {
  return heading.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
}

/** Escapes a table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * The CLI reference (docs/cli.md) generated from the program the command table builds: every
 * command with its description, an options table and its full `--help` text (which carries the
 * examples). `npm run docs:cli` writes it; test/cli/reference.test.ts fails when it is stale.
 */
export function cliReferenceMarkdown(tree: CommandInfo, intro: string): string {
  const commands = flatten(tree).filter((c) => c.path.length > 0);
  const title = (c: CommandInfo) => `bootbench ${c.path.join(' ')}`;
  const out: string[] = [
    '# Bootbench CLI reference',
    '',
    '<!-- Generated from the command table (src-main/cli/program.ts) by `npm run docs:cli`. Do not edit by hand. -->',
    '',
    intro.trim(),
    '',
    '## Commands',
    '',
    ...commands.map((c) => `${'  '.repeat(c.path.length - 1)}- [\`${title(c)}\`](#${anchor(title(c))}): ${cell(c.description)}`),
    '',
  ];
  for (const c of commands) {
    out.push(`${c.path.length === 1 ? '##' : '###'} ${title(c)}`, '', c.description, '');
    const options = c.options.filter((o) => o.long !== '--help');
    if (options.length > 0) {
      out.push('| Option | Description |', '| --- | --- |', ...options.map((o) => `| \`${cell(o.flags)}\` | ${cell(o.description)} |`), '');
    }
    out.push('```text', helpText(c.command).trimEnd(), '```', '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
