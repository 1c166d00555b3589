import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import {
  DEFAULT_LIMITS,
  applyMoEntries,
  authorize,
  concreteClientUri,
  emptyTree,
  leafText,
  parseClientUri,
  parseMoSerializationJson,
  resolveClientUri,
  type ManagementTree,
  type ResolvedTarget,
} from '../../../src-shared/protocol/dm/index.js';
import { EXIT, writeJson, type CliIO, type CommandRunner } from '../io.js';

const HELP = `
tree.json is an MO serialization array (OMA DM 2.0 JSON, one element per MO instance):
  [ { "ClientURI": "urn:oma:mo:oma-dm-devinfo:1.2/di/",
      "MOData": { "DevInfo": { "DevID": "IMEI:356938035643809", "Man": "Acme" } } },
    { "ClientURI": "urn:oma:mo:ex-sensor:1.0/left/",
      "MOData": { "Sensor": { "ID": "GPS", "Data": { "1": { "Value": "12" } } } } } ]
Leaf values are strings (bin as base64); "DDF" and "CV" members are optional.

Output: the concrete ClientURIs the ClientURI resolves to, with leaf values.
Exit codes: 0 resolved, 2 bad ClientURI or bad tree file, 3 nothing resolves.

Examples:
  bootbench uri resolve tree.json 'urn:oma:mo:ex-sensor:1.0/(x)/Data/*/Value?nv=(x)/ID:GPS' --json
  bootbench uri resolve tree.json 'urn:oma:mo:oma-dm-devinfo:1.2//Man'`;

/** One resolved node in the command's output. */
interface TargetJson {
  readonly uri: string;
  readonly kind: 'leaf' | 'interior';
  readonly format?: string;
  readonly value?: string | null;
}

function toJson(t: ResolvedTarget): TargetJson {
  const uri = concreteClientUri(t.instance.moid, t.instance.miid, t.path);
  if (t.node.kind === 'interior') return { uri, kind: 'interior' };
  return { uri, kind: 'leaf', format: t.node.format, value: t.node.format === 'null' ? null : leafText(t.node) };
}

/** Reads and applies a tree file; every failure is a bad-input error naming the file. */
export async function loadTreeFile(file: string): Promise<ManagementTree> {
  const badFile = (why: string, cause?: unknown) =>
    new ProvisioningError('INVALID_REQUEST', `${file}: ${why}`, cause === undefined ? {} : { cause });
  let text: string;
  try {
    const size = (await stat(file)).size;
    if (size > DEFAULT_LIMITS.moJsonMaxChars) throw badFile(`${size} bytes is more than a tree file may have`);
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof ProvisioningError) throw error;
    throw badFile('cannot read the file', error);
  }
  let entries;
  try {
    entries = parseMoSerializationJson(text);
  } catch (error) {
    if (error instanceof ProvisioningError) throw badFile(error.message, error);
    throw error;
  }
  const applied = applyMoEntries(emptyTree(), entries, { creator: { kind: 'local' } });
  if (applied.status !== 'ok') throw badFile(`${applied.detail} (${applied.code})`);
  return applied.value.tree;
}

/** `bootbench uri resolve <tree.json> <ClientURI>`: resolve a ClientURI against a tree file. */
export function registerUri(program: Command, io: CliIO, run: CommandRunner): void {
  const uri = program.command('uri').description('work with OMA DM 2.0 ClientURIs').addHelpText('after', "\nExamples:\n  bootbench uri resolve tree.json 'urn:oma:mo:oma-dm-devinfo:1.2//Man'");
  uri
    .command('resolve')
    .description('resolve a ClientURI against an MO serialization tree file')
    .argument('<tree.json>', 'MO serialization array (see below)')
    .argument('<ClientURI>', 'e.g. urn:oma:mo:oma-fumo:1.0/*/State')
    .option('--json', 'machine-readable output')
    .option('--server <SrvID>', 'resolve as this DM server sees the tree (access control applies)')
    .addHelpText('after', HELP)
    .action(async (file: string, text: string, opts: { json?: boolean; server?: string }) =>
      run(Boolean(opts.json), async () => {
        const parsed = parseClientUri(text);
        const tree = await loadTreeFile(file);
        const r = opts.server === undefined ? resolveClientUri(tree, parsed) : authorize(tree, opts.server, 'GET', [parsed]);
        if (r.status !== 'ok') {
          if (r.code === 404) throw new ProvisioningError('NOT_FOUND', `${text} resolves to no node`);
          if (r.code === 403) throw new ProvisioningError('AUTH_FAILED', `access denied: ${r.detail}`);
          throw new ProvisioningError('INVALID_REQUEST', `${r.detail} (${r.code})`);
        }
        const targets = r.value.map(toJson);
        if (opts.json) writeJson(io, { ok: true, targets });
        else io.stdout.write(`${targets.map((t) => (t.kind === 'leaf' ? `${t.uri}\t${t.value ?? ''}` : t.uri)).join('\n')}\n`);
        return EXIT.ok;
      }),
    );
}
