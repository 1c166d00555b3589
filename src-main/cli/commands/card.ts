import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { formatTraceEntry, type ApduTraceEntry } from '../../../src-shared/card/apdu-trace.js';
import type { BootstrapJobReport } from '../../../src-shared/card/bootstrap-job.js';
import type { DeviceReadResult } from '../../../src-shared/card/dm-bootstrap.js';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import { readCard, verifyCard, writeCard } from '../../card/card-service.js';
import { LotStore } from '../../card/lot-store.js';
import { PcscCardChannel, listReaders } from '../../card/pcsc-channel.js';
import { EXIT, writeJson, type CliIO, type CommandRunner } from '../io.js';
import { createProgress } from '../progress.js';
import { readSecretFile, resolveDataDir } from '../../platform/station-files.js';
import { deviceFactsFromOptions } from '../../plan/facts-options.js';
import { compileProfilePlan, isStationProfileText, planIssuesError } from '../../plan/plan-service.js';
import { openCliStorage, stationId } from './profile.js';

interface CardOpts {
  json?: boolean;
  trace?: boolean;
  reader?: string;
  bootstrap?: string;
  profile?: string;
  pinFile?: string;
  pinRef?: string;
  overrideLastTry?: boolean;
  lot?: string;
  dataDir?: string;
  iccid?: string;
  atr?: string;
  credentialKeyEnv?: string;
}

/** Largest bootstrap or profile file the CLI reads. */
const MAX_INPUT_BYTES = 1 << 20;

async function readText(file: string, what: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    throw new ProvisioningError('NOT_FOUND', `cannot read the ${what} file ${file}`, { cause });
  }
  if (bytes.length > MAX_INPUT_BYTES) throw new ProvisioningError('INVALID_REQUEST', `${file}: ${bytes.length} bytes is more than a ${what} file may have`);
  return bytes.toString('utf8');
}

/**
 * The card content compiled from a station profile (docs/plan.md): the card's ATR (`--atr`, else
 * the reader's) and ICCID are its facts; PSKs are derived from the station credential key.
 */
async function compileCardContent(file: string, opts: CardOpts): Promise<string> {
  const atr = opts.atr ?? (opts.reader === undefined ? undefined : (await listReaders()).find((r) => r.name === opts.reader)?.atr);
  const device = deviceFactsFromOptions({ ...(opts.iccid === undefined ? {} : { iccid: opts.iccid }), ...(atr === undefined ? {} : { atr }) });
  let credentialKey: Uint8Array | undefined;
  if (opts.credentialKeyEnv !== undefined) {
    const hex = process.env[opts.credentialKeyEnv] ?? '';
    if (!/^([0-9a-fA-F]{2}){32,}$/.test(hex)) throw new ProvisioningError('INVALID_REQUEST', `${opts.credentialKeyEnv} must hold at least 32 bytes as hex`);
    credentialKey = new Uint8Array(Buffer.from(hex, 'hex'));
  }
  const storage = await openCliStorage({ ...(opts.dataDir === undefined ? {} : { dataDir: opts.dataDir }) });
  try {
    const compiled = await compileProfilePlan({ file, device, purpose: 'card', dataDir: resolveDataDir(opts.dataDir), storage, stationId: stationId(), ...(credentialKey === undefined ? {} : { credentialKey }) });
    if (!compiled.ok) throw planIssuesError(file, compiled.error);
    const content = compiled.value.plan.cardContent;
    if (content === undefined) throw new ProvisioningError('INVALID_REQUEST', `${file}: the profile has no smartcard section`);
    return content.json;
  } finally {
    credentialKey?.fill(0);
    await storage.close();
  }
}

/**
 * The bootstrap JSON from `--bootstrap <file>` (an MO serialization array) or `--profile <file>`:
 * a station profile (`schema: bootbench.profile/v1`, compiled for this card; `write` only, since
 * compiling allocates the card's serial) or a JSON object whose `smartcard.bootstrap` member is
 * the MO serialization array.
 */
export async function bootstrapFromOptions(opts: CardOpts, command: 'write' | 'verify' = 'write'): Promise<string> {
  if (opts.bootstrap !== undefined) return readText(opts.bootstrap, 'bootstrap');
  if (opts.profile === undefined) throw new ProvisioningError('INVALID_REQUEST', 'give --bootstrap <file.json> or --profile <file>');
  const text = await readText(opts.profile, 'profile');
  if (isStationProfileText(text)) {
    if (command === 'verify') throw new ProvisioningError('INVALID_REQUEST', `${opts.profile}: verify takes the written bootstrap (--bootstrap <mo.json>), not a station profile (compiling allocates a new serial)`);
    return compileCardContent(opts.profile, opts);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new ProvisioningError('INVALID_REQUEST', `${opts.profile}: not JSON`, { cause });
  }
  const bootstrap = (value as { smartcard?: { bootstrap?: unknown } } | null)?.smartcard?.bootstrap;
  if (!Array.isArray(bootstrap)) throw new ProvisioningError('INVALID_REQUEST', `${opts.profile}: no smartcard.bootstrap array`);
  if (bootstrap.every((entry) => typeof entry === 'string')) {
    throw new ProvisioningError('INVALID_REQUEST', `${opts.profile}: smartcard.bootstrap lists account serverIds but the file has no "schema: bootbench.profile/v1" line; fix the profile or pass --bootstrap <mo.json>`);
  }
  return JSON.stringify(bootstrap);
}

function requireReader(opts: CardOpts): string {
  if (opts.reader === undefined || opts.reader === '') throw new ProvisioningError('INVALID_REQUEST', 'give --reader <name> (see `bootbench card list`)');
  return opts.reader;
}

function pinRef(text: string | undefined): number {
  const ref = Number.parseInt(text ?? '01', 16);
  if (!/^[0-9a-fA-F]{1,2}$/.test(text ?? '01') || ref < 0 || ref > 0xff) throw new ProvisioningError('INVALID_REQUEST', `--pin-ref ${text} is not a hex byte`);
  return ref;
}

/** Collects the trace; prints it to stderr live unless JSON output carries it. */
function tracer(io: CliIO, opts: CardOpts): { entries: ApduTraceEntry[]; onTrace?: (e: ApduTraceEntry) => void } {
  const entries: ApduTraceEntry[] = [];
  if (opts.trace !== true) return { entries };
  return {
    entries,
    onTrace: (e) => {
      entries.push(e);
      if (opts.json !== true) io.stderr.write(`${formatTraceEntry(e)}\n`);
    },
  };
}

function contentJson(content: DeviceReadResult): Record<string, unknown> {
  if (content.state === 'valid') return { state: 'valid', generation: content.generation, bootstrap: JSON.parse(content.json) as unknown };
  return { ...content };
}

function jobExit(report: BootstrapJobReport): number {
  return report.status === 'ok' ? EXIT.ok : EXIT.deviceFailure;
}

async function withChannel<T>(reader: string, share: 'shared' | 'exclusive', body: (channel: PcscCardChannel) => Promise<T>): Promise<T> {
  const channel = await PcscCardChannel.connect(reader, share);
  try {
    return await body(channel);
  } finally {
    channel.close();
  }
}

const HELP = `
The DM bootstrap lives in the PKCS#15 application (AID A000000063504B43532D3135):
EF(ODF) 5031 -> EF(DODF) -> data object 2.23.43.7.1 -> EF(DM_Bootstrap), see docs/smartcard-bootstrap.md.
--profile <file> takes a station profile (bootbench.profile/v1, write only): the card content is
compiled for this card (ATR from the reader or --atr, --iccid, PSKs derived from the key in
--credential-key-env; docs/plan.md). A JSON object whose smartcard.bootstrap member is the MO
serialization array is still accepted.
Codes (PIN/ADM) come only from --pin-file; traces show them as asterisks.

Exit codes: 0 ok, 1 the card refused or holds other content, 2 bad input, 3 no reader/card.

Examples:
  bootbench card list --json
  bootbench card write --reader "Virtual PCD 00 00" --bootstrap dm.json --trace
  bootbench card write --reader "ACS ACR39U 00 00" --profile line3.json --pin-file adm.txt --pin-ref 0A --lot L42
  bootbench card read --reader "Virtual PCD 00 00" --json
  bootbench card verify --reader "Virtual PCD 00 00" --bootstrap dm.json`;

/** `bootbench card list|read|write|verify|lot-reset`: smartcard DM bootstrap. */
export function registerCard(program: Command, io: CliIO, run: CommandRunner): void {
  const card = program.command('card').description('smartcards: DM 2.0 bootstrap on PKCS#15 cards through PC/SC readers').addHelpText('after', HELP);

  card
    .command('list')
    .description('list PC/SC readers and their cards')
    .addHelpText('after', '\nExamples:\n  bootbench card list\n  bootbench card list --json')
    .option('--json', 'machine-readable output')
    .action(async (opts: CardOpts) =>
      run(Boolean(opts.json), async () => {
        const readers = await listReaders();
        if (opts.json === true) writeJson(io, { ok: true, readers });
        else for (const r of readers) io.stdout.write(`${r.name}\t${r.hasCard ? `card ${r.atr ?? ''}` : 'empty'}\n`);
        return EXIT.ok;
      }),
    );

  card
    .command('read')
    .description('read the DM bootstrap the way a device does')
    .addHelpText('after', '\nExamples:\n  bootbench card read --reader "Virtual PCD 00 00" --json')
    .option('--reader <name>', 'PC/SC reader name')
    .option('--json', 'machine-readable output')
    .option('--trace', 'APDU trace (stderr, or a "trace" member with --json)')
    .action(async (opts: CardOpts) =>
      run(Boolean(opts.json), async () => {
        const trace = tracer(io, opts);
        const report = await withChannel(requireReader(opts), 'shared', (ch) => readCard(ch, trace.onTrace === undefined ? {} : { onTrace: trace.onTrace }));
        const ok = report.content.state === 'valid';
        if (opts.json === true) writeJson(io, { ok, cardId: report.cardId, content: contentJson(report.content), ...(opts.trace === true ? { trace: trace.entries } : {}) });
        else io.stdout.write(report.content.state === 'valid' ? `${report.content.json}\n` : `${report.cardId}: ${report.content.state}${'reason' in report.content ? ` (${report.content.reason})` : ''}\n`);
        return ok ? EXIT.ok : EXIT.deviceFailure;
      }),
    );

  card
    .command('write')
    .description('personalize, write and verify the DM bootstrap (journaled, tear-safe)')
    .addHelpText('after', '\nExamples:\n  bootbench card write --reader "Virtual PCD 00 00" --bootstrap dm.json\n  bootbench card write --reader "ACS ACR39U 00 00" --profile line3.yaml --iccid 8901000000000000001 --pin-file adm.txt --pin-ref 0A --lot L42 --json')
    .option('--reader <name>', 'PC/SC reader name')
    .option('--bootstrap <file>', 'DM 2.0 MO serialization JSON')
    .option('--profile <file>', 'station profile (compiled for this card) or JSON with a smartcard.bootstrap member')
    .option('--iccid <iccid>', 'with a station profile: the card\'s ICCID (CSV key, PSK Data)')
    .option('--atr <hex>', 'with a station profile: the card ATR (default: the reader\'s)')
    .option('--credential-key-env <VAR>', 'with a station profile: environment variable holding the station credential key (hex, >= 32 bytes) for PSK accounts')
    .option('--pin-file <file>', 'file holding the PIN/ADM code to present before writing')
    .option('--pin-ref <hex>', 'VERIFY reference (P2) of that code', '01')
    .option('--override-last-try', 'present the code even with one try left (supervisor decision)')
    .option('--lot <name>', 'lot for the brick guard: a wrong code stops the whole lot', 'default')
    .option('--data-dir <dir>', 'station data directory (journals, lots)')
    .option('--json', 'machine-readable output')
    .option('--trace', 'APDU trace (stderr, or a "trace" member with --json)')
    .action(async (opts: CardOpts) =>
      run(Boolean(opts.json), async () => {
        const reader = requireReader(opts);
        const json = await bootstrapFromOptions(opts);
        const dataDir = join(resolveDataDir(opts.dataDir), 'cards');
        const lots = new LotStore(join(dataDir, 'lots'));
        const lotName = opts.lot ?? 'default';
        const lot = await lots.load(lotName);
        const secret = opts.pinFile === undefined ? undefined : await readSecretFile(opts.pinFile, 'PIN');
        const code = secret === undefined ? undefined : { ref: pinRef(opts.pinRef), value: new Uint8Array(secret) };
        secret?.fill(0);
        const trace = tracer(io, opts);
        // An APDU counter on a terminal; --trace prints each APDU instead.
        const bar = createProgress(io, opts.json === true || opts.trace === true, 'card write: APDUs exchanged');
        const result = await withChannel(reader, 'exclusive', (ch) =>
          writeCard(ch, {
            bootstrapJson: json,
            journalDir: join(dataDir, 'journals'),
            lot,
            overrideLastTry: opts.overrideLastTry === true,
            ...(code === undefined ? {} : { code }),
            onTrace: trace.onTrace ?? (() => bar.tick()),
          }),
        ).finally(() => bar.clear());
        code?.value.fill(0);
        if (result.lot !== lot) await lots.save(lotName, result.lot);
        const report = result.report;
        if (opts.json === true) writeJson(io, { ok: report.status === 'ok', report, lot: result.lot, ...(opts.trace === true ? { trace: trace.entries } : {}) });
        else io.stdout.write(report.status === 'ok' ? `${report.cardId}: written and verified, generation ${report.generation}${report.written ? '' : ' (already present)'}\n` : `${report.cardId}: ${report.status}: ${JSON.stringify(report)}\n`);
        return jobExit(report);
      }),
    );

  card
    .command('verify')
    .description('check that the card holds exactly this bootstrap')
    .addHelpText('after', '\nExamples:\n  bootbench card verify --reader "Virtual PCD 00 00" --bootstrap dm.json --json')
    .option('--reader <name>', 'PC/SC reader name')
    .option('--bootstrap <file>', 'DM 2.0 MO serialization JSON')
    .option('--profile <file>', 'JSON with a smartcard.bootstrap member')
    .option('--json', 'machine-readable output')
    .option('--trace', 'APDU trace (stderr, or a "trace" member with --json)')
    .action(async (opts: CardOpts) =>
      run(Boolean(opts.json), async () => {
        const reader = requireReader(opts);
        const json = await bootstrapFromOptions(opts, 'verify');
        const trace = tracer(io, opts);
        const report = await withChannel(reader, 'shared', (ch) => verifyCard(ch, json, trace.onTrace === undefined ? {} : { onTrace: trace.onTrace }));
        if (opts.json === true) writeJson(io, { ok: report.matches, cardId: report.cardId, matches: report.matches, state: report.content.state, ...(opts.trace === true ? { trace: trace.entries } : {}) });
        else io.stdout.write(`${report.cardId}: ${report.matches ? 'matches' : `differs (${report.content.state})`}\n`);
        return report.matches ? EXIT.ok : EXIT.deviceFailure;
      }),
    );

  card
    .command('lot-reset')
    .description('reopen a lot stopped by the brick guard (after fixing the code)')
    .addHelpText('after', '\nExamples:\n  bootbench card lot-reset --lot L42')
    .option('--lot <name>', 'lot name', 'default')
    .option('--data-dir <dir>', 'station data directory')
    .option('--json', 'machine-readable output')
    .action(async (opts: CardOpts) =>
      run(Boolean(opts.json), async () => {
        const lots = new LotStore(join(resolveDataDir(opts.dataDir), 'cards', 'lots'));
        await lots.save(opts.lot ?? 'default', { kind: 'open' });
        if (opts.json === true) writeJson(io, { ok: true, lot: opts.lot ?? 'default' });
        else io.stdout.write(`lot ${opts.lot ?? 'default'} reopened\n`);
        return EXIT.ok;
      }),
    );
}
