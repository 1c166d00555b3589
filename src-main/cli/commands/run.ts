import { join } from 'node:path';
import type { Command } from 'commander';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import { credentialKeyFromEnv, readProfileText, timeoutMsOption } from '../cable-options.js';
import { assertNever } from '../../../src-shared/util/assert-never.js';
import { AuditLog } from '../../audit/audit-log.js';
import { resolveDataDir } from '../../platform/station-files.js';
import { stationCableCa, type CableCa } from '../../bootstrap/station-key.js';
import { listReaders } from '../../card/pcsc-channel.js';
import { readerSlot, readerSlots } from '../../card/reader-slots.js';
import { planForFile } from '../../runs/profile-plan.js';
import { RunManager } from '../../runs/run-manager.js';
import type { SlotResult } from '../../runs/run-types.js';
import { listSystemSerialPorts } from '../../services/serial-watcher.js';
import { openSerialChannel } from '../../transports/serial-channel.js';
import { EXIT, writeJson, type CliIO, type CommandRunner } from '../io.js';
import { withHookOptions, type HookCliOptions } from '../hook-options.js';
import { runObserver } from '../run-observer.js';
import { passphrase } from './ca.js';
import { openCliStorage, stationId } from './profile.js';
import { systemClock } from '../../platform/node-ports.js';

interface RunCliOptions extends HookCliOptions {
  readonly profile: string;
  readonly port?: string[];
  readonly reader?: string[];
  readonly all?: boolean;
  readonly caPassphraseFile?: string;
  readonly concurrency: string;
  readonly timeoutMs: string;
  readonly credentialKeyEnv?: string;
  readonly json?: boolean;
  readonly dataDir?: string;
  readonly databaseUrl?: string;
}

const HELP = `
Runs production on several handsets at once: each port is identified over AT, then bootstrapped
over the cable (docs/cable-bootstrap.md) and checked (BootstrapComplete) before it is done.
--profile is a station profile (schema: bootbench.profile/v1): each device's plan is compiled
from its identity (serial and counters from the station storage, the same ones again for the same
device and profile version; CSV rows) — or a bootstrap description applied as is. Runs
are journalled in the station storage: a device already done under this profile is not
redone, and a re-run after a pulled cable or a station crash resumes (docs/runs.md). --all takes
every USB-serial port the OS lists and every PC/SC reader holding a card; --reader adds card
readers to a run (their slots are reader:<name>; the profile's smartcard section is written to
the card and read back as a device). One result line per slot.

Exit codes: 0 every device done, 1 any failed or cancelled, 2 bad input, 3 no ports or readers.

Example:
  bootbench run --profile bootstrap.json --port /dev/ttyACM0 /dev/ttyACM1 --concurrency 2 --json
  bootbench run --profile bootstrap.json --all --concurrency 8
  bootbench run --profile line3.yaml --port /dev/ttyACM0 --reader "Virtual PCD 00 00" --json`;

function describe(r: SlotResult): string {
  switch (r.kind) {
    case 'done':
      return `${r.slot}: done ${r.devId} ${r.identity}${r.resumed ? ' (resumed)' : ''} in ${Math.round(r.durationMs)} ms`;
    case 'already-done':
      return `${r.slot}: already done ${r.devId} (not redone)`;
    case 'failed':
      return `${r.slot}: failed${r.devId === undefined ? '' : ` ${r.devId}`}: ${r.error.code}: ${r.error.message}`;
    case 'cancelled':
      return `${r.slot}: cancelled`;
    default:
      return assertNever(r, 'unknown slot result');
  }
}

async function slotsOf(o: RunCliOptions): Promise<string[]> {
  const given = [...(o.port ?? []), ...(o.reader ?? []).map(readerSlot)];
  if ((given.length === 0) === (o.all !== true)) throw new ProvisioningError('INVALID_REQUEST', 'give --port <path...> and/or --reader <name...>, or --all');
  if (given.length > 0) return [...new Set(given)];
  const listed = await listSystemSerialPorts();
  const ports = listed.filter((p) => p.vendorId !== undefined).map((p) => p.path);
  // No PC/SC service on this machine is not an error for --all: it just has no readers.
  const readers = await listReaders().catch(() => []);
  const slots = [...ports, ...readers.filter((r) => r.hasCard).map((r) => readerSlot(r.name))];
  if (slots.length === 0) throw new ProvisioningError('NOT_FOUND', 'no USB-serial ports and no card readers with a card found (--all)');
  return slots;
}

/** The station CA for certificate accounts, when a passphrase is given (file or $BOOTBENCH_CA_PASSPHRASE). */
async function cableCaOf(o: RunCliOptions, dataDir: string): Promise<CableCa | undefined> {
  if (o.caPassphraseFile === undefined && (process.env['BOOTBENCH_CA_PASSPHRASE'] ?? '') === '') return undefined;
  return stationCableCa(dataDir, await passphrase(o.caPassphraseFile));
}

/** `bootbench run --profile <file> (--port <path...> | --all) --concurrency N [--json]`: production runs. */
export function registerRun(program: Command, io: CliIO, run: CommandRunner): void {
  withHookOptions(program.command('run'))
    .description('provision handsets on several ports at once (journalled, resumable)')
    .requiredOption('--profile <file>', 'station profile (YAML/JSON, docs/profiles.md) or bootstrap description (JSON, docs/cable-bootstrap.md §3)')
    .option('--port <path...>', 'serial ports of the handsets')
    .option('--reader <name...>', 'PC/SC card readers (a mixed bench: the profile\'s smartcard section is written to their cards)')
    .option('--all', 'every USB-serial port the OS lists and every card reader holding a card')
    .option('--ca-passphrase-file <file>', 'unlocks the station CA for station-key and device-csr accounts (else $BOOTBENCH_CA_PASSPHRASE)')
    .option('--concurrency <n>', 'runs at once', '4')
    .option('--timeout-ms <ms>', 'cable bootstrap timeout per device', '60000')
    .option('--credential-key-env <VAR>', 'environment variable holding the station credential key (hex, >= 32 bytes)')
    .option('--json', 'JSON lines on stdout')
    .option('--data-dir <dir>', 'station data directory (storage, journals)')
    .option('--database-url <url>', 'PostgreSQL fleet storage (default SQLite in the data dir)')
    .addHelpText('after', HELP)
    .action(async (o: RunCliOptions) =>
      run(Boolean(o.json), async () => {
        const concurrency = Number(o.concurrency);
        if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw new ProvisioningError('INVALID_REQUEST', '--concurrency must be an integer from 1 to 256');
        const timeoutMs = timeoutMsOption(o.timeoutMs);
        const text = await readProfileText(o.profile);
        const credentialKey = credentialKeyFromEnv(o.credentialKeyEnv);
        const slots = await slotsOf(o);
        const dataDir = resolveDataDir(o.dataDir);
        const observer = await runObserver(io, o, slots.length);
        const storage = await openCliStorage({ ...(o.dataDir === undefined ? {} : { dataDir: o.dataDir }), ...(o.databaseUrl === undefined ? {} : { databaseUrl: o.databaseUrl }) });
        try {
          const station = stationId();
          const planFor = await planForFile(text, { file: o.profile, dataDir, storage, stationId: station, ...(credentialKey === undefined ? {} : { credentialKey }) });
          const cableCa = await cableCaOf(o, dataDir);
          const manager = new RunManager({
            storage,
            stationId: station,
            openChannel: (path) => openSerialChannel({ path, hangupProbeMs: 20 }),
            planFor,
            journalDir: join(dataDir, 'bootstrap-journal'),
            concurrency,
            bootstrapTimeoutMs: timeoutMs,
            audit: new AuditLog({ store: storage.audit, clock: systemClock, station }),
            cards: readerSlots,
            ...(credentialKey === undefined ? {} : { credentialKey }),
            ...(cableCa === undefined ? {} : { cableCa }),
            onProgress: observer.onProgress,
          });
          const results = await manager.start(slots);
          await observer.finish(results);
          for (const r of results) {
            if (o.json === true) writeJson(io, { event: 'result', ...r });
            else io.stdout.write(`${describe(r)}\n`);
          }
          return results.every((r) => r.kind === 'done' || r.kind === 'already-done') ? EXIT.ok : EXIT.deviceFailure;
        } finally {
          await storage.close();
        }
      }),
    );
}
