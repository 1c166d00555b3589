import { mkdir } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseBootstrapSpec } from '../../../src-shared/bootstrap/bootstrap-spec.js';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import { credentialKeyFromEnv, readProfileText, timeoutMsOption } from '../cable-options.js';
import { assertNever } from '../../../src-shared/util/assert-never.js';
import { runCableBootstrap, type BootstrapProgress, type CableBootstrapResult } from '../../bootstrap/cable-bootstrap.js';
import { stationCableCa } from '../../bootstrap/station-key.js';
import { openSerialChannel } from '../../transports/serial-channel.js';
import { EXIT, writeJson, type CliIO, type CommandRunner } from '../io.js';
import { bootstrapBar } from '../run-observer.js';
import type { BootstrapSpec } from '../../../src-shared/bootstrap/bootstrap-spec.js';
import { formatTreeDiff } from '../../../src-shared/plan/tree-diff.js';
import type { ByteChannel } from '../../../src-shared/ports/byte-channel.js';
import { resolveDataDir } from '../../platform/station-files.js';
import { planForCable } from '../../plan/cable-plan.js';
import { deviceFactsFromOptions } from '../../plan/facts-options.js';
import { isStationProfileText, planIssuesError } from '../../plan/plan-service.js';
import { planView } from '../../plan/plan-report.js';
import { passphrase } from './ca.js';
import { openCliStorage, stationId } from './profile.js';

interface BootstrapCliOptions {
  readonly port: string;
  readonly profile: string;
  readonly journal: string;
  readonly timeoutMs: string;
  readonly credentialKeyEnv?: string;
  readonly json?: boolean;
  readonly trace?: boolean;
  readonly dryRun?: boolean;
  readonly model?: string;
  readonly usb?: string;
  readonly dataDir?: string;
  readonly databaseUrl?: string;
  readonly caPassphraseFile?: string;
}

const HELP = `
Bootstraps the DM 2.0 handset on a serial line: AT identity, switch to the Bootbench link,
Package#0 from the station's embedded bootstrap server, the bootstrap session (DMAcc accounts,
trust anchors, configuration MOs and rights fetched by HGET; END; atomic apply on the device),
then the device's BootstrapComplete session. --profile is a bootstrap description (JSON, see
docs/cable-bootstrap.md §3) or a station profile (schema: bootbench.profile/v1, docs/plan.md):
with a profile the station first identifies the handset over AT, compiles its plan (serial and
counters allocated in the station storage, station CA anchors) and prints the diff against the
device's factory image; --dry-run stops there without writing anything. A per-device journal in --journal makes a re-run after a lost cable
resume without bootstrapping the device twice.

Exit codes: 0 completed, 1 refused by the device or line lost (retry), 2 bad input, 3 no such port.

Example:
  bootbench bootstrap --port /dev/ttyACM0 --profile bootstrap.json --json
  bootbench bootstrap --port /dev/ttyACM0 --profile line3.yaml --usb 1d6b:0104 --dry-run`;

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

/**
 * Identifies the handset, compiles its plan from the station profile and prints plan and diff.
 * Returns the bootstrap description to run, or undefined for a dry run. Plan issues are a typed
 * INVALID_REQUEST (exit 2); the channel is closed on any failure.
 */
async function planProfile(channel: ByteChannel, o: BootstrapCliOptions, extraFacts: ReturnType<typeof deviceFactsFromOptions>, hasCredentialKey: boolean, hasCa: boolean, io: CliIO): Promise<BootstrapSpec | undefined> {
  try {
    const storage = await openCliStorage({ ...(o.dataDir === undefined ? {} : { dataDir: o.dataDir }), ...(o.databaseUrl === undefined ? {} : { databaseUrl: o.databaseUrl }) });
    try {
      const planned = await planForCable({ channel, file: o.profile, dataDir: resolveDataDir(o.dataDir), storage, stationId: stationId(), extraFacts });
      if (!planned.compiled.ok) throw planIssuesError(o.profile, planned.compiled.error);
      const { plan, hash } = planned.compiled.value;
      const diffLines = planned.diff === undefined ? [`the device is ${planned.identified.state}: its tree cannot be read before the session, no diff`] : formatTreeDiff(planned.diff);
      if (o.json === true) writeJson(io, { event: 'plan', dryRun: o.dryRun === true, profile: { file: o.profile, hash }, deviceState: planned.identified.state, plan: planView(plan), diff: planned.diff ?? null });
      else io.stdout.write(`plan ${plan.profileId} ${plan.profileVersion} for IMEI ${planned.identified.identity.imei ?? '?'} (${planned.identified.state}):\n${diffLines.map((l) => `  ${l}\n`).join('')}`);
      if (o.dryRun === true) return undefined;
      if (!hasCredentialKey && plan.bootstrapSpec.accounts.some((a) => a.issueTrspSecret || a.issueNotiSecret || a.issueCertificate?.keySource === 'station')) {
        throw new ProvisioningError('INVALID_REQUEST', `${o.profile}: PSK, notification-secret and station-key accounts need the station credential key: give --credential-key-env <VAR>`);
      }
      if (!hasCa && plan.bootstrapSpec.accounts.some((a) => a.issueCertificate !== undefined)) {
        throw new ProvisioningError('INVALID_REQUEST', `${o.profile}: station-key and device-csr accounts are certified by the station CA: give --ca-passphrase-file <file> (or $BOOTBENCH_CA_PASSPHRASE)`);
      }
      return plan.bootstrapSpec;
    } finally {
      await storage.close();
    }
  } catch (error) {
    await channel.close().catch(() => undefined);
    throw error;
  }
}

/** `bootbench bootstrap --port <path> --profile <file>`: DM 2.0 bootstrap over the cable. */
export function registerBootstrap(program: Command, io: CliIO, run: CommandRunner): void {
  program
    .command('bootstrap')
    .description('bootstrap a DM 2.0 handset over a serial cable (Bootbench link)')
    .requiredOption('--port <path>', 'serial port of the handset (e.g. a socat pty)')
    .requiredOption('--profile <file>', 'bootstrap description (JSON) or station profile (bootbench.profile/v1)')
    .option('--journal <dir>', 'directory of per-device bootstrap journals', '.bootbench/bootstrap-journal')
    .option('--timeout-ms <ms>', 'give up after this long', '60000')
    .option('--credential-key-env <VAR>', 'environment variable holding the station credential key (hex, >= 32 bytes) for issueTrspSecret accounts')
    .option('--json', 'JSON lines on stdout')
    .option('--trace', 'print each step as it happens')
    .option('--dry-run', 'with a station profile: identify, compile and print the plan and diff; write nothing')
    .option('--usb <vid:pid>', 'with a station profile: the handset\'s USB id (the serial line cannot tell it)')
    .option('--model <model>', 'with a station profile: override the model the handset reports')
    .option('--data-dir <dir>', 'station data directory (storage, CA) for station profiles')
    .option('--ca-passphrase-file <file>', 'unlocks the station CA for station-key and device-csr accounts (else $BOOTBENCH_CA_PASSPHRASE)')
    .option('--database-url <url>', 'PostgreSQL fleet storage for station profiles (default SQLite in the data dir)')
    .addHelpText('after', HELP)
    .action(async (o: BootstrapCliOptions) =>
      run(Boolean(o.json), async () => {
        const timeoutMs = timeoutMsOption(o.timeoutMs);
        const text = await readProfileText(o.profile);
        const profileMode = isStationProfileText(text);
        let spec: BootstrapSpec | undefined;
        if (!profileMode) {
          const parsed = parseBootstrapSpec(text);
          if (!parsed.ok) throw parsed.error;
          spec = parsed.value;
        }
        const extraFacts = deviceFactsFromOptions({ ...(o.usb === undefined ? {} : { usb: o.usb }), ...(o.model === undefined ? {} : { model: o.model }) });
        const credentialKey = credentialKeyFromEnv(o.credentialKeyEnv);
        const cableCa = o.caPassphraseFile === undefined && (process.env['BOOTBENCH_CA_PASSPHRASE'] ?? '') === '' ? undefined : await stationCableCa(resolveDataDir(o.dataDir), await passphrase(o.caPassphraseFile));
        await mkdir(o.journal, { recursive: true, mode: 0o700 });
        const channel = await openSerialChannel({ path: o.port, hangupProbeMs: 20 });
        if (spec === undefined) {
          const planned = await planProfile(channel, o, extraFacts, credentialKey !== undefined, cableCa !== undefined, io);
          if (planned === undefined) {
            await channel.close().catch(() => undefined);
            return EXIT.ok;
          }
          spec = planned;
        }
        const bar = bootstrapBar(io, o.json === true);
        const result = await runCableBootstrap({
          channel,
          spec,
          journalDir: o.journal,
          timeoutMs,
          ...(credentialKey === undefined ? {} : { credentialKey }),
          ...(cableCa === undefined ? {} : { cableCa }),
          onProgress: (p) => {
            bar.onProgress(p);
            if (o.json === true) writeJson(io, { event: p.kind, ...p });
            else if (o.trace === true) io.stdout.write(progressLine(p));
          },
        });
        bar.clear();
        if (o.json === true) writeJson(io, { event: 'result', ...result });
        else io.stdout.write(`${describe(result)}\n`);
        return result.kind === 'completed' ? EXIT.ok : EXIT.deviceFailure;
      }),
    );
}
