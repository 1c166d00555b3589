import { mkdir, readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseBootstrapSpec } from '../../../src-shared/bootstrap/bootstrap-spec.js';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import { assertNever } from '../../../src-shared/util/assert-never.js';
import { runCableBootstrap, type BootstrapProgress, type CableBootstrapResult } from '../../bootstrap/cable-bootstrap.js';
import { openSerialChannel } from '../../transports/serial-channel.js';
import { EXIT, writeJson, type CliIO, type CommandRunner } from '../io.js';

interface BootstrapCliOptions {
  readonly port: string;
  readonly profile: string;
  readonly journal: string;
  readonly timeoutMs: string;
  readonly credentialKeyEnv?: string;
  readonly json?: boolean;
  readonly trace?: boolean;
}

const HELP = `
Bootstraps the DM 2.0 handset on a serial line: AT identity, switch to the Bootbench link,
Package#0 from the station's embedded bootstrap server, the bootstrap session (DMAcc accounts,
trust anchors, configuration MOs and rights fetched by HGET; END; atomic apply on the device),
then the device's BootstrapComplete session. --profile is a bootstrap description (JSON, see
docs/cable-bootstrap.md §3). A per-device journal in --journal makes a re-run after a lost cable
resume without bootstrapping the device twice.

Exit codes: 0 completed, 1 refused by the device or line lost (retry), 2 bad input, 3 no such port.

Example:
  bootbench bootstrap --port /dev/ttyACM0 --profile bootstrap.json --json`;

function describe(r: CableBootstrapResult): string {
  switch (r.kind) {
    case 'completed':
      return `bootstrap completed for ${r.devId}${r.resumed ? ' (resumed)' : ''}: ${r.instances.length} instance(s) in ${Math.round(r.durationMs)} ms`;
    case 'refused':
      return `the device refused the bootstrap (command status ${r.statuses.join(', ')}); nothing was applied`;
    case 'failed':
      return `bootstrap failed during ${r.stage}: ${r.error.code}: ${r.error.message}`;
    default:
      return assertNever(r, 'unknown bootstrap result');
  }
}

function progressLine(p: BootstrapProgress): string {
  return p.kind === 'identified' ? `identified ${p.devId} (device state: ${p.deviceState})\n` : `step ${p.step}\n`;
}

/** `bootbench bootstrap --port <path> --profile <file>`: DM 2.0 bootstrap over the cable. */
export function registerBootstrap(program: Command, io: CliIO, run: CommandRunner): void {
  program
    .command('bootstrap')
    .description('bootstrap a DM 2.0 handset over a serial cable (Bootbench link)')
    .requiredOption('--port <path>', 'serial port of the handset (e.g. a socat pty)')
    .requiredOption('--profile <file>', 'bootstrap description (JSON)')
    .option('--journal <dir>', 'directory of per-device bootstrap journals', '.bootbench/bootstrap-journal')
    .option('--timeout-ms <ms>', 'give up after this long', '60000')
    .option('--credential-key-env <VAR>', 'environment variable holding the station credential key (hex, >= 32 bytes) for issueTrspSecret accounts')
    .option('--json', 'JSON lines on stdout')
    .option('--trace', 'print each step as it happens')
    .addHelpText('after', HELP)
    .action(async (o: BootstrapCliOptions) =>
      run(Boolean(o.json), async () => {
        const timeoutMs = Number(o.timeoutMs);
        if (!Number.isInteger(timeoutMs) || timeoutMs < 100) throw new ProvisioningError('INVALID_REQUEST', '--timeout-ms must be an integer ≥ 100');
        let text: string;
        try {
          text = await readFile(o.profile, 'utf8');
        } catch (error) {
          throw new ProvisioningError('NOT_FOUND', `cannot read ${o.profile}`, { cause: error });
        }
        const spec = parseBootstrapSpec(text);
        if (!spec.ok) throw spec.error;
        let credentialKey: Uint8Array | undefined;
        if (o.credentialKeyEnv !== undefined) {
          const hex = process.env[o.credentialKeyEnv] ?? '';
          if (!/^([0-9a-fA-F]{2}){32,}$/.test(hex)) throw new ProvisioningError('INVALID_REQUEST', `${o.credentialKeyEnv} must hold at least 32 bytes as hex`);
          credentialKey = new Uint8Array(Buffer.from(hex, 'hex'));
        }
        await mkdir(o.journal, { recursive: true, mode: 0o700 });
        const channel = await openSerialChannel({ path: o.port, hangupProbeMs: 20 });
        const result = await runCableBootstrap({
          channel,
          spec: spec.value,
          journalDir: o.journal,
          timeoutMs,
          ...(credentialKey === undefined ? {} : { credentialKey }),
          onProgress: (p) => {
            if (o.json === true) writeJson(io, { event: p.kind, ...p });
            else if (o.trace === true) io.stdout.write(progressLine(p));
          },
        });
        if (o.json === true) writeJson(io, { event: 'result', ...result });
        else io.stdout.write(`${describe(result)}\n`);
        return result.kind === 'completed' ? EXIT.ok : EXIT.deviceFailure;
      }),
    );
}
