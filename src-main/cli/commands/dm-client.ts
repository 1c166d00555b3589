import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import { RIGHTS, STANDARD_MOIDS, TreeStore, allInstances, encodeTree, grantedMoids, instancesOf, leafText, nodeAt, setPermissions, type ManagementTree } from '../../../src-shared/protocol/dm/index.js';
import { DmClient, type SessionOutcome } from '../../../src-shared/protocol/dm/session/index.js';
import { NodeHttpClient, type DmClientTlsOptions, type NodeHttpClientOptions } from '../../dm/http-client.js';
import { parsePskFile } from '../../dm/server-config.js';
import { tracingHttpClient, type TracedExchange } from '../../dm/tracing-http-client.js';
import { EXIT, writeJson, type CliIO, type CommandRunner } from '../io.js';
import { loadTreeFile } from './uri.js';

const HELP = `
Runs one client-initiated DM session against <url> (the server's DM entry point) with the tree
from --tree (an MO serialization array, as for "bootbench uri resolve"); the tree must hold a DMAcc
for the server (SrvID; its SrvURI may differ from <url>) and DevInfo (its DevID is sent as
OMADM-DevID unless --dev-id is given). The resulting tree is written to --out.
Tree files carry no per-server rights: instances of the MOIDs the account grants (DMAcc Perm/*/MOID)
get full rights for that server, as if it had created them (--no-grant: none).

Secrets: --password-env names an environment variable; --psk-file holds "identity:hexkey".

Exit codes: 0 session completed, 1 session aborted or transport/authentication failure, 2 bad input.

Examples:
  bootbench dm-client http://127.0.0.1:8080/dm --tree device.json --trace --out after.json
  bootbench dm-client https://127.0.0.1:8443/dm --tree device.json --ca ca.pem --cert dev.pem --key dev.key --json`;

interface DmClientCliOptions {
  readonly tree: string;
  readonly out?: string;
  readonly serverId?: string;
  readonly devId?: string;
  readonly trace?: boolean;
  readonly json?: boolean;
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly servername?: string;
  readonly pskFile?: string;
  readonly user?: string;
  readonly passwordEnv?: string;
  readonly basic?: boolean;
  readonly timeoutMs: string;
  readonly grant: boolean;
}

async function readInput(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new ProvisioningError('NOT_FOUND', `${file}: cannot read the ${what}`, { cause: error });
  }
}

async function clientOptions(o: DmClientCliOptions): Promise<NodeHttpClientOptions> {
  let psk: DmClientTlsOptions['psk'];
  if (o.pskFile !== undefined) {
    const entries = [...parsePskFile(await readInput(o.pskFile, 'PSK file'), o.pskFile)];
    if (entries.length !== 1) throw new ProvisioningError('INVALID_REQUEST', `${o.pskFile}: a client PSK file holds exactly one identity:hexkey line`);
    psk = { identity: entries[0]![0], key: entries[0]![1] };
  }
  const tls: DmClientTlsOptions = {
    ...(o.ca === undefined ? {} : { ca: await readInput(o.ca, 'CA certificates') }),
    ...(o.cert === undefined ? {} : { cert: await readInput(o.cert, 'client certificate') }),
    ...(o.key === undefined ? {} : { key: await readInput(o.key, 'client key') }),
    ...(o.servername === undefined ? {} : { servername: o.servername }),
    ...(psk === undefined ? {} : { psk }),
  };
  let auth: NodeHttpClientOptions['auth'];
  if (o.user !== undefined) {
    const password = o.passwordEnv === undefined ? undefined : process.env[o.passwordEnv];
    if (password === undefined || password.length === 0) throw new ProvisioningError('INVALID_REQUEST', `--user needs --password-env naming a set environment variable`);
    auth = { user: o.user, password, scheme: o.basic === true ? 'basic' : 'digest' };
  }
  const timeoutMs = Number(o.timeoutMs);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new ProvisioningError('INVALID_REQUEST', '--timeout-ms must be a positive integer');
  return { tls, ...(auth === undefined ? {} : { auth }), timeoutMs };
}

function leafOf(tree: ManagementTree, moid: string, path: readonly string[]): string[] {
  return instancesOf(tree, moid).flatMap((i) => {
    const n = nodeAt(i.root, path);
    return n?.kind === 'leaf' ? [leafText(n)] : [];
  });
}

/** The server to talk to: --server-id, else the DMAcc whose SrvURI is `url`, else the only DMAcc. */
function serverIdOf(tree: ManagementTree, url: string, explicit: string | undefined): string {
  if (explicit !== undefined) return explicit;
  const ids = leafOf(tree, STANDARD_MOIDS.dmAcc, ['SrvID']);
  const byUrl = instancesOf(tree, STANDARD_MOIDS.dmAcc).filter((i) => {
    const n = nodeAt(i.root, ['SrvURI']);
    return n?.kind === 'leaf' && leafText(n) === url;
  });
  const match = byUrl.flatMap((i) => {
    const n = nodeAt(i.root, ['SrvID']);
    return n?.kind === 'leaf' ? [leafText(n)] : [];
  });
  if (match.length === 1) return match[0]!;
  if (ids.length === 1) return ids[0]!;
  throw new ProvisioningError('INVALID_REQUEST', ids.length === 0 ? 'the tree has no DMAcc with a SrvID' : `the tree has ${ids.length} DM accounts; choose one with --server-id`);
}

/** Gives `serverId` full rights on every instance of a MOID its account grants (tree files carry no rights). */
function grantAccountMoids(tree: ManagementTree, serverId: string): ManagementTree {
  const granted = new Set(grantedMoids(tree, serverId));
  let out = tree;
  for (const i of allInstances(tree)) {
    if (!granted.has(i.moid)) continue;
    const r = setPermissions(out, i.moid, i.miid, serverId, RIGHTS);
    if (r.status === 'ok') out = r.value;
  }
  return out;
}

function traceLine(e: TracedExchange): string {
  return `> ${e.method} ${e.url} (${e.requestType ?? 'no type'})\n${e.requestBody}\n< ${e.status} (${e.responseType ?? 'no type'})\n${e.responseBody}\n`;
}

function summary(outcome: SessionOutcome): string {
  if (outcome.kind === 'aborted') return `session aborted after ${outcome.packages} package(s): ${outcome.reason.kind} ${outcome.reason.detail}`;
  return `session completed: ${outcome.packages} Package#2(s), statuses ${outcome.statuses.map((r) => `[${r.map((s) => s.sc).join(' ')}]`).join(' ')}`;
}

/** `bootbench dm-client <url>`: one DM session with the client engine. */
export function registerDmClient(program: Command, io: CliIO, run: CommandRunner): void {
  program
    .command('dm-client')
    .description('run one OMA DM 2.0 client session against a server')
    .argument('<url>', 'DM server entry point, e.g. http://127.0.0.1:8080/dm')
    .requiredOption('--tree <tree.json>', 'device tree (MO serialization array)')
    .option('--out <file>', 'write the resulting tree here')
    .option('--server-id <id>', 'SrvID of the DM account to use')
    .option('--dev-id <id>', 'OMADM-DevID (default: DevInfo DevID of the tree)')
    .option('--trace', 'print every package exchanged')
    .option('--json', 'JSON lines on stdout')
    .option('--ca <file>', 'CA certificates trusted for the server (PEM)')
    .option('--cert <file>', 'client certificate (PEM)')
    .option('--key <file>', 'client private key (PEM)')
    .option('--servername <name>', 'name expected in the server certificate (default: URL host)')
    .option('--psk-file <file>', 'PSK-TLS credentials: one identity:hexkey line')
    .option('--user <name>', 'HTTP user (Digest unless --basic)')
    .option('--password-env <VAR>', 'environment variable holding the HTTP password')
    .option('--basic', 'use HTTP Basic instead of Digest')
    .option('--timeout-ms <ms>', 'timeout of each HTTP exchange', '30000')
    .option('--no-grant', 'do not give the server rights on the tree file\'s instances')
    .addHelpText('after', HELP)
    .action(async (url: string, o: DmClientCliOptions) =>
      run(Boolean(o.json), async () => {
        if (!/^https?:\/\//.test(url)) throw new ProvisioningError('INVALID_REQUEST', `<url> must be http(s), got ${url.slice(0, 100)}`);
        const loaded = await loadTreeFile(o.tree);
        const serverId = serverIdOf(loaded, url, o.serverId);
        const tree = o.grant ? grantAccountMoids(loaded, serverId) : loaded;
        const devId = o.devId ?? leafOf(tree, STANDARD_MOIDS.devInfo, ['DevID'])[0];
        if (devId === undefined) throw new ProvisioningError('INVALID_REQUEST', 'the tree has no DevInfo DevID; pass --dev-id');
        const http = new NodeHttpClient(await clientOptions(o));
        const traced = o.trace === true ? tracingHttpClient(http, (e) => (o.json ? writeJson(io, { event: 'exchange', ...e }) : io.stdout.write(traceLine(e)))) : http;
        const store = new TreeStore(tree);
        try {
          const client = new DmClient({ devId, http: traced, tree: store });
          const outcome = await client.openSession(serverId, { url });
          await client.settled();
          if (o.out !== undefined) await writeFile(o.out, `${encodeTree(store.tree)}\n`);
          if (o.json) writeJson(io, { event: 'outcome', ...outcome });
          else io.stdout.write(`${summary(outcome)}\n`);
          return outcome.kind === 'completed' ? EXIT.ok : EXIT.deviceFailure;
        } finally {
          http.close();
        }
      }),
    );
}
