import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import { commandToRaw } from '../../../src-shared/protocol/dm/packages/commands.js';
import { encodeMoSerialization } from '../../../src-shared/protocol/dm/serialization.js';
import type { ServerEvent } from '../../../src-shared/protocol/dm/session/index.js';
import { startDmServerHost } from '../../dm/dm-server-host.js';
import type { Refusal } from '../../dm/refusal.js';
import { loadServerConfig, parsePskFile, scriptCommands } from '../../dm/server-config.js';
import type { DmServerTlsOptions } from '../../dm/tls-options.js';
import { assertNever } from '../../../src-shared/util/assert-never.js';
import { EXIT, writeJson, type CliIO, type CommandRunner } from '../io.js';

const HELP = `
The configuration file (JSON or YAML) — see docs/dm-server.md:
  serverId: bootbench-dms          # SrvID devices hold in DMAcc
  host: 127.0.0.1                  # optional; --host wins
  port: 8080                       # optional; --port wins (0 = any free port)
  auth:                            # optional HTTP authentication on every path
    realm: bootbench-dm
    schemes: [digest, basic]       # accepted; the first is the one challenged with
    accounts:
      - { user: dev1, passwordEnv: DM_PASSWORD_DEV1 }   # password read from the environment
  script:                          # one list of commands per round (Package#2); END after the last
    - - [HPOST, "{repo}/inventory", "urn:oma:mo:oma-dm-devinfo:1.2//"]
      - [GET, "urn:oma:mo:oma-dm-devinfo:1.2//Man"]
    - - [HGET, "{repo}/fumo", "urn:oma:mo:oma-fumo:1.0/main/DownloadAndUpdate/PkgURL"]
  repository:                      # MO serialization documents served at {repo}/<name>
    fumo: [ { ClientURI: "urn:oma:mo:oma-fumo:1.0/main/DownloadAndUpdate/PkgURL",
              MOData: { PkgURL: "https://fw.example.invalid/7.1.3.bin" } } ]
{server} is the server's base URL and {repo} its repository URL (known once it listens).
The DM entry point is <base>/dm. --psk-file lines are "identity:hexkey". TLS is 1.2+ only.

Exit codes: 0 stopped (signal or --max-sessions), 2 bad configuration, 3 file not found.

Examples:
  bootbench dm-server --config dms.yaml --port 8080
  bootbench dm-server --config dms.json --port 8443 --tls-cert srv.pem --tls-key srv.key --tls-ca ca.pem --require-client-cert --json`;

interface DmServerCliOptions {
  readonly config: string;
  readonly host?: string;
  readonly port?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly tlsCa?: string;
  readonly requireClientCert?: boolean;
  readonly pskFile?: string;
  readonly maxSessions?: string;
  readonly json?: boolean;
}

async function readInput(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new ProvisioningError('NOT_FOUND', `${file}: cannot read the ${what}`, { cause: error });
  }
}

async function tlsOptions(o: DmServerCliOptions): Promise<DmServerTlsOptions | undefined> {
  if (o.tlsCert === undefined && o.tlsKey === undefined && o.pskFile === undefined) {
    if (o.tlsCa !== undefined || o.requireClientCert === true) throw new ProvisioningError('INVALID_REQUEST', '--tls-ca and --require-client-cert need --tls-cert and --tls-key');
    return undefined;
  }
  if ((o.tlsCert === undefined) !== (o.tlsKey === undefined)) throw new ProvisioningError('INVALID_REQUEST', '--tls-cert and --tls-key go together');
  if (o.requireClientCert === true && o.tlsCa === undefined) throw new ProvisioningError('INVALID_REQUEST', '--require-client-cert needs --tls-ca');
  const psk = o.pskFile === undefined ? undefined : parsePskFile(await readInput(o.pskFile, 'PSK file'), o.pskFile);
  return {
    ...(o.tlsCert === undefined ? {} : { cert: await readInput(o.tlsCert, 'certificate') }),
    ...(o.tlsKey === undefined ? {} : { key: await readInput(o.tlsKey, 'private key') }),
    ...(o.tlsCa === undefined ? {} : { ca: await readInput(o.tlsCa, 'CA certificates') }),
    ...(o.requireClientCert === true ? { requireClientCert: true } : {}),
    ...(psk === undefined ? {} : { psk: { lookup: (identity: string) => psk.get(identity) } }),
  };
}

function portOf(raw: string | undefined, fallback: number | undefined): number {
  if (raw === undefined) return fallback ?? 8080;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ProvisioningError('INVALID_REQUEST', `--port must be 0-65535, got ${raw}`);
  return n;
}

function eventJson(e: ServerEvent): Record<string, unknown> {
  if (e.kind !== 'results') return { event: e.kind, ...e };
  return {
    event: e.kind,
    sessionId: e.sessionId,
    devId: e.devId,
    results: e.results.map((r) => ({ command: commandToRaw(r.command), sc: r.sc, uris: r.uris, ...(r.data.length === 0 ? {} : { data: JSON.parse(encodeMoSerialization(r.data)) as unknown }) })),
  };
}

function eventLine(e: ServerEvent): string {
  switch (e.kind) {
    case 'session-opened':
      return `session ${e.sessionId} opened by ${e.devId} (${e.trigger})`;
    case 'alerts':
      return `session ${e.sessionId} alerts ${e.alerts.map((a) => a.AlertType).join(', ')}`;
    case 'results':
      return `session ${e.sessionId} results ${e.results.map((r) => `${r.command.name}=${r.sc}`).join(' ')}`;
    case 'session-closed':
      return `session ${e.sessionId} closed (${e.reason.kind})`;
    default:
      return assertNever(e, 'unknown server event');
  }
}

/** `bootbench dm-server`: a standalone OMA DM 2.0 server (engine, repository, TLS, HTTP auth). */
export function registerDmServer(program: Command, io: CliIO, run: CommandRunner): void {
  program
    .command('dm-server')
    .description('run a standalone OMA DM 2.0 server from a configuration file')
    .requiredOption('--config <file>', 'configuration file (JSON or YAML, see below)')
    .option('--host <address>', 'address to listen on (default 127.0.0.1)')
    .option('--port <n>', 'port to listen on (0 = any free port; default 8080)')
    .option('--tls-cert <file>', 'server certificate (PEM); enables HTTPS')
    .option('--tls-key <file>', 'server private key (PEM)')
    .option('--tls-ca <file>', 'CA certificates trusted for client certificates (PEM)')
    .option('--require-client-cert', 'demand a client certificate (EKU clientAuth) from --tls-ca')
    .option('--psk-file <file>', 'enable PSK-TLS with identity:hexkey lines')
    .option('--max-sessions <n>', 'stop after this many sessions have closed')
    .option('--json', 'JSON lines on stdout')
    .addHelpText('after', HELP)
    .action(async (o: DmServerCliOptions) =>
      run(Boolean(o.json), async () => {
        const cfg = await loadServerConfig(o.config, process.env);
        const tls = await tlsOptions(o);
        const maxSessions = o.maxSessions === undefined ? undefined : Number(o.maxSessions);
        if (maxSessions !== undefined && (!Number.isInteger(maxSessions) || maxSessions < 1)) throw new ProvisioningError('INVALID_REQUEST', '--max-sessions must be a positive integer');
        const rounds: { value: ReturnType<typeof scriptCommands> } = { value: [] };
        let closedSessions = 0;
        let finish: () => void = () => undefined;
        const finished = new Promise<void>((resolve) => (finish = resolve));
        const print = (json: Record<string, unknown>, text: string) => (o.json ? writeJson(io, json) : io.stdout.write(`${text}\n`));
        const host = await startDmServerHost({
          serverId: cfg.file.serverId,
          host: o.host ?? cfg.file.host ?? '127.0.0.1',
          port: portOf(o.port, cfg.file.port),
          ...(tls === undefined ? {} : { tls }),
          ...(cfg.lookup === undefined || cfg.file.auth === undefined ? {} : { httpAuth: { realm: cfg.file.auth.realm, schemes: cfg.file.auth.schemes, lookup: cfg.lookup } }),
          app: { next: (turn) => rounds.value[turn.round] ?? [] },
          onEvent: (e) => {
            print(eventJson(e), eventLine(e));
            if (e.kind === 'session-closed' && maxSessions !== undefined && ++closedSessions >= maxSessions) finish();
          },
          onRefusal: (r: Refusal) => print({ event: 'refused', ...r }, `refused ${r.code}: ${r.reason}${r.peer.remote === undefined ? '' : ` (${r.peer.remote})`}`),
        });
        try {
          rounds.value = scriptCommands(cfg.file.script, host.url, o.config);
          for (const [name, doc] of Object.entries(cfg.file.repository)) host.repository.publish(`/repo/${name}`, JSON.stringify(doc));
          print({ event: 'listening', entryUrl: host.entryUrl, repositoryUrl: `${host.url}/repo` }, `DM server ${cfg.file.serverId} listening on ${host.entryUrl}`);
          process.once('SIGINT', finish);
          process.once('SIGTERM', finish);
          await finished;
        } finally {
          process.off('SIGINT', finish);
          process.off('SIGTERM', finish);
          await host.close();
        }
        return EXIT.ok;
      }),
    );
}
