import type { Command } from 'commander';
import { userInfo } from 'node:os';
import { stationId } from '../../platform/station-id.js';
import { ProvisioningError } from '../../../src-shared/errors/provisioning-error.js';
import { assertNever } from '../../../src-shared/util/assert-never.js';
import { diffProfiles, type ProfileChange } from '../../../src-shared/profile/profile-diff.js';
import { AuditLog } from '../../audit/audit-log.js';
import { stationCaSigner } from '../../audit/station-signer.js';
import { CaStore } from '../../pki/ca-store.js';
import { approveProfile } from '../../profile/approval.js';
import { formatIssue, loadProfileFile, type LoadedProfile } from '../../profile/profile-file.js';
import { openStorage, type Storage } from '../../storage/open-storage.js';
import { stationStorageOptions } from '../../storage/station-storage.js';
import { EXIT, writeJson, type CliIO, type CommandRunner } from '../io.js';
import { passphrase as caPassphrase } from './ca.js';
import { resolveDataDir } from '../../platform/station-files.js';
import { diffAgainstTree } from '../../../src-shared/plan/tree-diff.js';
import type { PlanPurpose } from '../../../src-shared/plan/plan-types.js';
import { readCurrentEntries } from '../../plan/current-tree.js';
import { deviceFactsFromOptions, type FactsOptions } from '../../plan/facts-options.js';
import { compileProfilePlan, planIssuesError } from '../../plan/plan-service.js';
import { planText, planView } from '../../plan/plan-report.js';
import { systemClock } from '../../platform/node-ports.js';

/** This station's id in audit entries (one definition: `platform/station-id.ts`). */
export { stationId };

/** Opens the station storage for CLI options (`--data-dir`, `--database-url`). */
export async function openCliStorage(opts: { readonly dataDir?: string; readonly databaseUrl?: string }): Promise<Storage> {
  return openStorage(await stationStorageOptions(resolveDataDir(opts.dataDir), opts.databaseUrl));
}

/** A profile argument: a file, or `sha256:<hash>` of a version stored in the station storage. */
async function loadProfileArg(arg: string, opts: StorageOpts): Promise<{ readonly label: string; readonly document: unknown; readonly hash: string }> {
  const stored = /^sha256:([0-9a-f]{64})$/.exec(arg);
  if (stored !== null) {
    const storage = await openCliStorage(opts);
    try {
      const v = await storage.profiles.getVersion(stored[1]!);
      if (v === undefined) throw new ProvisioningError('NOT_FOUND', `No stored profile version ${arg}`);
      return { label: arg, document: JSON.parse(v.document) as unknown, hash: v.hash };
    } finally {
      await storage.close();
    }
  }
  return { label: arg, ...validOrThrow(await loadProfileFile(arg)) };
}

function validOrThrow(loaded: LoadedProfile): { readonly document: unknown; readonly hash: string } {
  if (!loaded.ok) throw new ProvisioningError('INVALID_REQUEST', `${loaded.source} is not a valid profile:\n${loaded.issues.map((i) => `  ${formatIssue(loaded.source, i)}`).join('\n')}`);
  return { document: loaded.profile, hash: loaded.hash };
}

const changeLine = (c: ProfileChange): string => {
  switch (c.kind) {
    case 'added':
      return `+ ${c.pointer}: ${JSON.stringify(c.after)}`;
    case 'removed':
      return `- ${c.pointer}: ${JSON.stringify(c.before)}`;
    case 'changed':
      return `~ ${c.pointer}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`;
    default:
      return assertNever(c, 'Unexpected profile change');
  }
};

interface StorageOpts { json?: boolean; dataDir?: string; databaseUrl?: string }
const storageOptions = (cmd: Command): Command =>
  cmd
    .option('--json', 'machine-readable output')
    .option('--data-dir <dir>', 'station data directory (default $BOOTBENCH_DATA_DIR or ~/.local/share/bootbench)')
    .option('--database-url <url>', 'PostgreSQL connection string for fleet storage (default $BOOTBENCH_DATABASE_URL, else SQLite in the data dir)');

const PURPOSES: readonly PlanPurpose[] = ['preview', 'cable', 'card'];

const PLAN_HELP = `
Compiles what the station would do for one device: the bootstrap description, the DM 2.0
commands (HGETs of the station's repository), the MO documents, credential actions and, for
profiles with a smartcard section, the card content; then diffs the plan against the device's
current tree (--current: an MO serialization array or device state file; default: an empty
tree). Secret values are shown as •••. Allocates the device's serial in the station storage when
the profile uses {serial} or counters. --purpose cable|card refuses policies that flow cannot
honour yet (exit 2); preview (default) lists them as warnings.

Examples:
  bootbench profile plan assets/profiles/factory-handset.yaml --imei 490154203237518 --model "Acme X1" --usb 1d6b:0104
  bootbench profile plan retail-sim.yaml --iccid 8944100000000000012 --atr 3b9f95801fc78031e073fe211b630000000000 --json`;

/** `bootbench profile validate|diff|approve|show|plan`: provisioning profiles. */
export function registerProfile(program: Command, io: CliIO, run: CommandRunner): void {
  const profile = program
    .command('profile')
    .description('provisioning profiles: validate, diff, approve (sign with the station CA), show, plan')
    .addHelpText('after', ['', 'Profiles are JSON or YAML files (schema bootbench.profile/v1; samples in assets/profiles/).', 'A version is identified by the SHA-256 of its canonical JSON: comments, key order and spelled-out', 'defaults do not change it.', '', 'Examples:', '  bootbench profile validate assets/profiles/*.yaml', '  bootbench profile diff old.yaml new.yaml', '  bootbench profile approve line3.yaml --passphrase-file ~/.ca-pass', '  bootbench profile show line3.yaml --json', '  bootbench profile plan line3.yaml --imei 490154203237518 --model "Acme X1" --usb 1d6b:0104'].join('\n'));

  profile
    .command('validate <file...>')
    .description('check profile files; issues are printed as file:line:col: /json/pointer: message')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExit code 0 when every file is valid, 2 when any is not.\n\nExamples:\n  bootbench profile validate factory-handset.yaml retail-sim.yaml\n  bootbench profile validate line3.json --json')
    .action(async (files: string[], opts: { json?: boolean }) =>
      run(Boolean(opts.json), async () => {
        const results = [];
        for (const file of files) results.push(await loadProfileFile(file));
        if (opts.json) writeJson(io, results.map((r) => (r.ok ? { file: r.source, ok: true, hash: r.hash, id: r.profile.id, version: r.profile.version } : { file: r.source, ok: false, issues: r.issues })));
        else for (const r of results) io.stdout.write(r.ok ? `ok       ${r.source}  sha256:${r.hash}\n` : `invalid  ${r.source}\n${r.issues.map((i) => `  ${formatIssue(r.source, i)}\n`).join('')}`);
        return results.every((r) => r.ok) ? EXIT.ok : EXIT.badInput;
      }),
    );

  storageOptions(profile.command('diff <a> <b>').description('structural diff of two profiles (files, or sha256:<hash> of stored versions)'))
    .addHelpText('after', '\nLines: "+ /pointer: value" added, "- /pointer: value" removed, "~ /pointer: old → new" changed.\n\nExamples:\n  bootbench profile diff line3-v1.yaml line3-v2.yaml\n  bootbench profile diff sha256:952b…56c line3.yaml --json')
    .action(async (a: string, b: string, opts: StorageOpts) =>
      run(Boolean(opts.json), async () => {
        const [before, after] = [await loadProfileArg(a, opts), await loadProfileArg(b, opts)];
        const changes = diffProfiles(before.document, after.document);
        if (opts.json) writeJson(io, { a: { source: a, hash: before.hash }, b: { source: b, hash: after.hash }, changes });
        else io.stdout.write(changes.length === 0 ? 'No differences (same content hash).\n' : `${changes.map(changeLine).join('\n')}\n`);
        return EXIT.ok;
      }),
    );

  storageOptions(profile.command('approve <file>').description('store the version and sign its content hash with the station CA'))
    .option('--passphrase-file <file>', 'file holding the CA passphrase (else $BOOTBENCH_CA_PASSPHRASE)')
    .option('--by <name>', 'who approves (default: the OS user name)')
    .addHelpText('after', '\nExamples:\n  bootbench profile approve factory-handset.yaml --passphrase-file ~/.ca-pass\n  BOOTBENCH_CA_PASSPHRASE=… bootbench profile approve line3.yaml --by "J. Engineer" --json')
    .action(async (file: string, opts: StorageOpts & { passphraseFile?: string; by?: string }) =>
      run(Boolean(opts.json), async () => {
        const loaded = await loadProfileFile(file);
        validOrThrow(loaded);
        if (!loaded.ok) return EXIT.badInput;
        const ca = await (await CaStore.open(resolveDataDir(opts.dataDir))).unlock(await caPassphrase(opts.passphraseFile));
        const storage = await openCliStorage(opts);
        try {
          const by = opts.by ?? userInfo().username;
          const signer = stationCaSigner(ca);
          const station = stationId();
          const log = new AuditLog({ store: storage.audit, clock: systemClock, station, signer });
          const { version, approval, isNewVersion } = await approveProfile(storage, loaded, signer, by, new Date().toISOString(), { log, station, nowMs: Date.now() });
          if (opts.json) writeJson(io, { hash: version.hash, profileId: version.profileId, version: version.label, isNewVersion, approval });
          else io.stdout.write(`Approved ${version.profileId} ${version.label}  sha256:${version.hash}\n  by ${approval.approvedBy} at ${approval.approvedAt}, signed by CA sha256:${approval.signer.slice(0, 16)}…\n`);
          return EXIT.ok;
        } finally {
          await storage.close();
        }
      }),
    );

  storageOptions(profile.command('show <profile>').description('print a profile (file or sha256:<hash>) with defaults applied, its hash and approvals'))
    .addHelpText('after', '\nExamples:\n  bootbench profile show field-modem.yaml\n  bootbench profile show sha256:975f…9cc --json')
    .action(async (arg: string, opts: StorageOpts) =>
      run(Boolean(opts.json), async () => {
        const p = await loadProfileArg(arg, opts);
        let approvals: unknown[] = [];
        if (arg.startsWith('sha256:') || opts.dataDir !== undefined || opts.databaseUrl !== undefined) {
          const storage = await openCliStorage(opts);
          try {
            approvals = await storage.profiles.approvals(p.hash);
          } finally {
            await storage.close();
          }
        }
        if (opts.json) writeJson(io, { hash: p.hash, profile: p.document, approvals });
        else io.stdout.write(`sha256:${p.hash}  (${approvals.length} approval(s))\n${JSON.stringify(p.document, null, 2)}\n`);
        return EXIT.ok;
      }),
    );

  storageOptions(profile.command('plan <file>').description('compile the plan for one device (bootstrap description, commands, MO documents, card content) and diff it'))
    .option('--imei <imei>', 'device IMEI (15 digits)')
    .option('--imsi <imsi>', 'device IMSI')
    .option('--iccid <iccid>', 'SIM/card ICCID')
    .option('--model <model>', 'device model (matched against target.models)')
    .option('--usb <vid:pid>', 'USB id (matched against target.usb)')
    .option('--atr <hex>', 'card ATR (matched against target.atr / smartcard.cardAtr)')
    .option('--purpose <purpose>', 'preview | cable | card', 'preview')
    .option('--current <file>', "the device's current tree: MO serialization JSON array or device state file")
    .option('--credential-key-env <VAR>', 'environment variable holding the station credential key (hex, >= 32 bytes): card PSKs are derived as for a write')
    .addHelpText('after', PLAN_HELP)
    .action(async (file: string, opts: StorageOpts & FactsOptions & { purpose: string; current?: string; credentialKeyEnv?: string }) =>
      run(Boolean(opts.json), async () => {
        const purpose = PURPOSES.find((p) => p === opts.purpose);
        if (purpose === undefined) throw new ProvisioningError('INVALID_REQUEST', `--purpose must be one of ${PURPOSES.join(', ')}`);
        const device = deviceFactsFromOptions(opts);
        const current = opts.current === undefined ? [] : await readCurrentEntries(opts.current);
        const keyHex = opts.credentialKeyEnv === undefined ? undefined : (process.env[opts.credentialKeyEnv] ?? '');
        if (keyHex !== undefined && !/^([0-9a-fA-F]{2}){32,}$/.test(keyHex)) throw new ProvisioningError('INVALID_REQUEST', `${opts.credentialKeyEnv} must hold at least 32 bytes as hex`);
        const credentialKey = keyHex === undefined ? undefined : new Uint8Array(Buffer.from(keyHex, 'hex'));
        const storage = await openCliStorage(opts);
        try {
          const compiled = await compileProfilePlan({ file, device, purpose, dataDir: resolveDataDir(opts.dataDir), storage, stationId: stationId(), ...(credentialKey === undefined ? {} : { credentialKey }) });
          if (!compiled.ok) throw planIssuesError(file, compiled.error);
          const diff = diffAgainstTree(compiled.value.plan, current);
          if (opts.json) writeJson(io, { profile: { file, hash: compiled.value.hash }, variables: { serial: compiled.value.facts.variables.serial ?? null, counters: compiled.value.facts.variables.counters ?? {} }, plan: planView(compiled.value.plan), diff });
          else io.stdout.write(planText(compiled.value.plan, diff));
          return EXIT.ok;
        } finally {
          await storage.close();
        }
      }),
    );
}
