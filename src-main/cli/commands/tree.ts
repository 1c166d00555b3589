import type { Command } from 'commander';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import { tryParseClientUri } from '../../../src-shared/protocol/dm/client-uri.js';
import { decodeMoSerialization } from '../../../src-shared/protocol/dm/serialization.js';
import type { InteriorNode } from '../../../src-shared/protocol/dm/tree/types.js';
import { buildRows } from '../../../src-shared/tree/build-rows.js';
import { TreeCompareOutput, TreeDumpOutput, TreeGetOutput, TreeSetOutput } from '../../../src-shared/tree/cli-schema.js';
import { compareRows, type TreeDifference } from '../../../src-shared/tree/compare.js';
import { planEdits } from '../../../src-shared/tree/plan-edits.js';
import { buildTreeIndex } from '../../../src-shared/tree/tree-index.js';
import { MASK, type DeviceTree, type TreeDiffEntry, type TreeRow } from '../../../src-shared/tree/tree-schema.js';
import { readCurrentEntries } from '../../plan/current-tree.js';
import { applyTreeEdits, readDeviceTree } from '../../tree/tree-service.js';
import { openSerialChannel } from '../../transports/serial-channel.js';
import { timeoutMsOption } from '../cable-options.js';
import { EXIT, writeJson, type CliIO, type CommandRunner } from '../io.js';

interface TreeCliOptions {
  readonly port: string;
  readonly json?: boolean;
  readonly timeoutMs: string;
  readonly valueEnv?: string;
}

const HELP = `
Reads and edits the management tree of the DM 2.0 handset on a serial line, as the station's DM
account on the device (SrvID bootbench-station, the account the cable bootstrap uses): one DM
session per read (GET of every instance the account may see, and its DACMO view) and per change
(the tree is read again in the same session and the change applied all or nothing). Values of
secret (write-only) nodes are never read nor printed; they can be set.

Exit codes: 0 done (diff: identical), 1 the device refused, its tree changed meanwhile, the line
was lost (diff: the device differs from the file), 2 bad input (URI, value, file), 3 no such
port, node or file.

Examples:
  bootbench tree dump --port /dev/ttyACM0
  bootbench tree get urn:oma:mo:ext-bootbench-apn:1.0/internet/MTU --port /dev/ttyACM0 --json
  bootbench tree set urn:oma:mo:ext-bootbench-apn:1.0/internet/MTU 1380 --port /dev/ttyACM0
  APN_PASSWORD=… bootbench tree set urn:oma:mo:ext-bootbench-apn:1.0/internet/Password --value-env APN_PASSWORD --port /dev/ttyACM0
  bootbench tree diff golden-tree.json --port /dev/ttyACM0`;

async function readTree(o: TreeCliOptions): Promise<DeviceTree> {
  const timeoutMs = timeoutMsOption(o.timeoutMs);
  const channel = await openSerialChannel({ path: o.port, hangupProbeMs: 20 });
  return readDeviceTree({ channel, timeoutMs });
}

/** The node a user-typed ClientURI names (with or without a trailing `/`), and its subtree. */
function subtree(tree: DeviceTree, uri: string): TreeRow[] {
  const parsed = tryParseClientUri(uri);
  if (!parsed.ok) throw new ProvisioningError('INVALID_REQUEST', `not a ClientURI: ${parsed.error.message}`);
  const trimmed = uri.replace(/\/+$/, '');
  const i = tree.rows.findIndex((r) => r.uri === uri || r.uri.replace(/\/+$/, '') === trimmed);
  if (i < 0) throw new ProvisioningError('NOT_FOUND', `no node ${uri} on the device (or the station may not see it)`);
  return tree.rows.slice(i, buildTreeIndex(tree.rows).end[i]);
}

const shown = (r: TreeRow): string => (r.masked ? `${MASK} (write-only)` : (r.value ?? ''));

function rowLine(r: TreeRow, baseDepth: number): string {
  const pad = '  '.repeat(Math.max(0, r.depth - baseDepth));
  if (r.kind === 'leaf') return `${pad}${r.name} = ${shown(r)}  [${r.format}${r.writable ? ', writable' : ''}]`;
  if (r.kind === 'mo') return `${pad}${r.uri}`;
  return `${pad}${r.name}/`;
}

const diffLine = (d: TreeDiffEntry): string => `${d.kind === 'delete' ? '-' : '~'} ${d.uri}: ${d.before ?? ''} → ${d.after ?? ''}`;

function differenceLine(d: TreeDifference): string {
  if (d.kind === 'changed') return `~ ${d.uri}: device ${d.device ?? ''} ≠ file ${d.file ?? ''}`;
  return d.kind === 'file-only' ? `+ ${d.uri} = ${d.file ?? ''} (only in the file)` : `- ${d.uri} = ${d.device ?? ''} (only on the device)`;
}

/** Rows of the MO serialization entries in a file (MO serialization array or device state file). */
async function fileRows(file: string): Promise<TreeRow[]> {
  const entries = decodeMoSerialization(await readCurrentEntries(file));
  const instances = entries.flatMap((e) => {
    const sel = e.clientUri.instance;
    return sel.kind === 'miid' && e.clientUri.path.length === 0 && e.node.kind === 'interior' ? [{ moid: e.clientUri.moid, miid: sel.miid, root: e.node as InteriorNode }] : [];
  });
  if (instances.length === 0) throw new ProvisioningError('INVALID_REQUEST', `${file}: no MO instance entries (ClientURI MOID/MIID/)`);
  return buildRows(instances, []);
}

/** `bootbench tree get|set|dump|diff --port <path>`: the device's management tree over its cable. */
export function registerTree(program: Command, io: CliIO, run: CommandRunner): void {
  const tree = program.command('tree').description("read and edit a DM 2.0 handset's management tree over a serial cable").addHelpText('after', HELP);
  const common = (c: Command): Command =>
    c
      .requiredOption('--port <path>', 'serial port of the handset (e.g. a socat pty)')
      .option('--timeout-ms <ms>', 'give up on a DM session after this long', '30000')
      .option('--json', 'one JSON document on stdout')
      .addHelpText('after', HELP);

  common(tree.command('dump').description('print the whole tree the station may see')).action(async (o: TreeCliOptions) =>
    run(Boolean(o.json), async () => {
      const t = await readTree(o);
      if (o.json === true) writeJson(io, TreeDumpOutput.parse({ ok: true, tree: t }));
      else io.stdout.write(`${t.devId} (tree version ${t.version.slice(0, 12)}, ${t.rows.length} nodes)\n${t.rows.map((r) => `${rowLine(r, 0)}\n`).join('')}`);
      return EXIT.ok;
    }),
  );

  common(tree.command('get <uri>').description('print one node (a value, or a subtree)')).action(async (uri: string, o: TreeCliOptions) =>
    run(Boolean(o.json), async () => {
      if (!tryParseClientUri(uri).ok) throw new ProvisioningError('INVALID_REQUEST', `not a ClientURI: ${uri.slice(0, 200)}`);
      const rows = subtree(await readTree(o), uri);
      if (o.json === true) writeJson(io, TreeGetOutput.parse({ ok: true, uri, rows }));
      else if (rows.length === 1 && rows[0]!.kind === 'leaf') io.stdout.write(`${shown(rows[0]!)}\n`);
      else io.stdout.write(rows.map((r) => `${rowLine(r, rows[0]!.depth)}\n`).join(''));
      return EXIT.ok;
    }),
  );

  common(tree.command('set <uri> [value]').description('replace one leaf value (diff shown, applied all or nothing, read back)'))
    .option('--value-env <VAR>', 'take the value from this environment variable (required for secrets: arguments are visible in ps)')
    .action(async (uri: string, argValue: string | undefined, o: TreeCliOptions) =>
      run(Boolean(o.json), async () => {
        if (!tryParseClientUri(uri).ok) throw new ProvisioningError('INVALID_REQUEST', `not a ClientURI: ${uri.slice(0, 200)}`);
        if ((argValue === undefined) === (o.valueEnv === undefined)) throw new ProvisioningError('INVALID_REQUEST', 'give the value as an argument or with --value-env <VAR> (one of them)');
        const value = argValue ?? process.env[o.valueEnv!];
        if (value === undefined) throw new ProvisioningError('INVALID_REQUEST', `${o.valueEnv ?? ''} is not set`);
        const before = await readTree(o);
        const row = subtree(before, uri)[0]!;
        if (row.masked && argValue !== undefined) throw new ProvisioningError('INVALID_REQUEST', `${row.uri} is a secret: give its value with --value-env <VAR>, never as an argument (visible in ps)`);
        const edits = [{ kind: 'set' as const, uri: row.uri, value }];
        const plan = planEdits(before, edits);
        if (!plan.ok) throw new ProvisioningError('INVALID_REQUEST', `${row.uri}: ${plan.problems[0]!.message}`);
        if (o.json !== true) io.stdout.write(plan.diff.map((d) => `${diffLine(d)}\n`).join(''));
        const channel = await openSerialChannel({ path: o.port, hangupProbeMs: 20 });
        const result = await applyTreeEdits({ channel, timeoutMs: timeoutMsOption(o.timeoutMs), version: before.version, edits });
        const readBack = result.kind === 'applied' ? result.tree.rows.find((r) => r.uri === row.uri) : undefined;
        if (o.json === true) {
          writeJson(io, TreeSetOutput.parse({ ok: true, result: result.kind, diff: plan.diff, statuses: result.kind === 'refused' ? result.statuses : [], ...(readBack?.value === undefined ? {} : { readBack: readBack.value }) }));
        } else if (result.kind === 'applied') io.stdout.write(`applied; read back: ${readBack === undefined ? '(gone)' : shown(readBack)}\n`);
        else io.stdout.write(`the device refused (${result.statuses.map((s) => `${s.uri} ${s.sc}`).join(', ')}); nothing was applied\n`);
        return result.kind === 'applied' ? EXIT.ok : EXIT.deviceFailure;
      }),
    );

  common(tree.command('diff <file>').description('compare the device with MO serialization entries in a file')).action(async (file: string, o: TreeCliOptions) =>
    run(Boolean(o.json), async () => {
      const wanted = await fileRows(file);
      const differences = compareRows((await readTree(o)).rows, wanted);
      if (o.json === true) writeJson(io, TreeCompareOutput.parse({ ok: true, identical: differences.length === 0, differences }));
      else io.stdout.write(differences.length === 0 ? 'identical\n' : differences.map((d) => `${differenceLine(d)}\n`).join(''));
      return differences.length === 0 ? EXIT.ok : EXIT.deviceFailure;
    }),
  );
}
