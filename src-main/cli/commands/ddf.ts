import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import { assertNever } from '../../../src-shared/util/assert-never.js';
import { listNodes, moidOf, nodeLabel } from '../../../src-shared/protocol/ddf/ddf-paths.js';
import { exportDdf } from '../../../src-shared/protocol/ddf/export-ddf.js';
import { formatIssue, importDdf } from '../../../src-shared/protocol/ddf/import-ddf.js';
import type { DdfDocument, DdfNode } from '../../../src-shared/protocol/ddf/model.js';
import { STANDARD_DDFS } from '../../../src-shared/protocol/mo/standard-ddfs.js';
import { checkDdfFiles, readDdfFile, type DdfFileReport } from '../../ddf/ddf-files.js';
import { EXIT, writeJson, type CliIO, type CommandRunner } from '../io.js';

function exitOf(reports: readonly DdfFileReport[]): number {
  if (reports.some((r) => r.status === 'missing')) return EXIT.notFound;
  if (reports.some((r) => r.status === 'invalid')) return EXIT.badInput;
  return EXIT.ok;
}

function reportJson(r: DdfFileReport): unknown {
  switch (r.status) {
    case 'valid':
      return { file: r.file, valid: true, moid: moidOf(r.imported.document) ?? null, nodes: listNodes(r.imported.document).length, errors: [], warnings: r.imported.warnings };
    case 'invalid':
      return { file: r.file, valid: false, errors: r.issues, warnings: r.warnings };
    case 'missing':
      return { file: r.file, valid: false, missing: true, errors: r.issues, warnings: [] };
    default:
      return assertNever(r, 'unknown DDF report');
  }
}

/** One-line summary of a node's DFProperties for the readable tree. */
function describe(node: DdfNode): string {
  const p = node.properties;
  if (p === undefined) return '';
  const occurrence = p.occurrence === undefined ? '' : 'n' in p.occurrence ? `${p.occurrence.kind}(${p.occurrence.n})` : p.occurrence.kind;
  const parts = [p.format, p.accessTypes.join(',') || '-', occurrence, p.scope ?? ''];
  if (p.dfType?.ddfName) parts.push(p.dfType.ddfName);
  if (p.defaultValue !== undefined) parts.push(`default=${JSON.stringify(p.defaultValue)}`);
  return parts.filter((s) => s !== '').join('  ');
}

/** The readable tree printed by `ddf show` without `--json`. */
export function renderTree(doc: DdfDocument): string {
  const lines: string[] = [];
  for (const { node, uri, depth } of listNodes(doc)) {
    const label = depth === 0 ? uri : nodeLabel(node);
    lines.push(`${'  '.repeat(depth)}${label}  ${describe(node)}`.trimEnd());
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `bootbench ddf validate|show|standard`: check DDF files against the XSD and the importer, print
 * the typed model, or write the standard MO DDFs.
 */
export function registerDdf(program: Command, io: CliIO, run: CommandRunner): void {
  const ddf = program
    .command('ddf')
    .description('OMA DM Device Description Framework (DDF) files: validate, show, standard MOs')
    .addHelpText('after', '\nExamples:\n  bootbench ddf validate a.xml b.xml\n  bootbench ddf show a.xml --json\n  bootbench ddf standard --out assets/ddf');

  ddf
    .command('validate')
    .description('validate DDF files against the DDF XML Schema and import them (exit 0 valid, 2 invalid, 3 missing)')
    .addHelpText('after', '\nExamples:\n  bootbench ddf validate assets/ddf/fumo-1.0.xml\n  bootbench ddf validate a.xml b.xml --json')
    .argument('<file...>', 'DDF XML files')
    .option('--json', 'machine-readable output')
    .option('--warnings', 'also print tolerated deviations from the DTD')
    .action(async (files: string[], opts: { json?: boolean; warnings?: boolean }) =>
      run(Boolean(opts.json), async () => {
        const reports = await checkDdfFiles(files);
        if (opts.json) {
          writeJson(io, { ok: exitOf(reports) === EXIT.ok, files: reports.map(reportJson) });
          return exitOf(reports);
        }
        for (const r of reports) {
          if (r.status === 'valid') {
            const w = r.imported.warnings;
            io.stdout.write(`${r.file}: valid (${listNodes(r.imported.document).length} nodes${w.length > 0 ? `, ${w.length} warnings` : ''})\n`);
            if (opts.warnings) for (const issue of w) io.stderr.write(`${formatIssue(issue, r.file)} (warning)\n`);
          } else {
            for (const issue of r.issues) io.stderr.write(`${formatIssue(issue, r.file)}\n`);
            io.stdout.write(`${r.file}: ${r.status}\n`);
          }
        }
        return exitOf(reports);
      }),
    );

  ddf
    .command('show')
    .description('print the typed model of a DDF file (a readable tree, or JSON)')
    .addHelpText('after', '\nExamples:\n  bootbench ddf show assets/ddf/fumo-1.0.xml\n  bootbench ddf show a.xml --json')
    .argument('<file>', 'DDF XML file')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: { json?: boolean }) =>
      run(Boolean(opts.json), async () => {
        const loaded = await readDdfFile(file);
        if ('report' in loaded) {
          const r = loaded.report;
          const issue = r.status === 'valid' ? undefined : r.issues[0];
          throw new ProvisioningError(r.status === 'missing' ? 'NOT_FOUND' : 'INVALID_REQUEST', `${file}: ${issue?.message ?? 'unreadable'}`);
        }
        const imported = importDdf(loaded.text);
        if (!imported.ok) {
          if (opts.json) writeJson(io, { ok: false, file, errors: [imported.error] });
          else io.stderr.write(`${formatIssue(imported.error, file)}\n`);
          return EXIT.badInput;
        }
        const { document, warnings } = imported.value;
        if (opts.json) writeJson(io, { ok: true, file, moid: moidOf(document) ?? null, document, warnings });
        else io.stdout.write(renderTree(document));
        return EXIT.ok;
      }),
    );

  ddf
    .command('standard')
    .description('list the standard MO descriptions Bootbench ships, or write them as DDF files')
    .addHelpText('after', '\nExamples:\n  bootbench ddf standard\n  bootbench ddf standard --out assets/ddf')
    .option('--out <dir>', 'write each as <dir>/<file>.xml')
    .option('--json', 'machine-readable output')
    .action(async (opts: { out?: string; json?: boolean }) =>
      run(Boolean(opts.json), async () => {
        if (opts.out !== undefined) {
          await mkdir(opts.out, { recursive: true }).catch((cause: unknown) => {
            throw new ProvisioningError('INVALID_REQUEST', `--out ${opts.out}: not a directory that can be created`, { cause });
          });
          for (const s of STANDARD_DDFS) await writeFile(join(opts.out, s.fileName), exportDdf(s.document));
        }
        const rows = STANDARD_DDFS.map((s) => ({ moid: s.moid, file: s.fileName, nodes: listNodes(s.document).length }));
        if (opts.json) writeJson(io, rows);
        else io.stdout.write(rows.map((r) => `${r.moid.padEnd(36)} ${r.file.padEnd(24)} ${r.nodes} nodes`).join('\n') + '\n');
        return EXIT.ok;
      }),
    );
}
