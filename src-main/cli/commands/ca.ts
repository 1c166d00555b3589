import { AsyncLocalStorage } from 'node:async_hooks';
import type { Command } from 'commander';
import { X509Certificate, type KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { ProvisioningError } from '../../../src-shared/errors/provisioning-error.js';
import { toPem } from '../../../src-shared/pki/pem.js';
import { describeKey } from '../../../src-shared/pki/summary.js';
import type { CaEntry } from '../../../src-shared/pki/registry-record.js';
import { CaStore } from '../../pki/ca-store.js';
import { decodeCredentials } from '../../pki/credential-decode.js';
import { pkcs8Der, type KeySpec } from '../../pki/keys.js';
import { exportPkcs12 } from '../../pki/pkcs12.js';
import { PassphraseProtector } from '../../pki/secret-box.js';
import { StationCa } from '../../pki/station-ca.js';
import { readSecretFile, resolveDataDir } from '../../platform/station-files.js';
import { EXIT, writeJson, type CliIO, type CommandRunner } from '../io.js';
import { systemClock } from '../../platform/node-ports.js';


/**
 * Passphrase copies held by each running command; wiped when that command finishes (see
 * `withSecrets`). Per invocation, not per module: commands may run concurrently in one process
 * (the station, tests), and one finishing must never wipe another's passphrase.
 */
const live = new AsyncLocalStorage<PassphraseProtector[]>();
const track = (p: PassphraseProtector): PassphraseProtector => {
  live.getStore()?.push(p);
  return p;
};

/** Runs a command body and then overwrites every passphrase copy it created, success or failure. */
export function withSecrets(body: () => Promise<number>): () => Promise<number> {
  return () => {
    const mine: PassphraseProtector[] = [];
    return live.run(mine, async () => {
      try {
        return await body();
      } finally {
        for (const p of mine.splice(0)) p.dispose();
      }
    });
  };
}

/**
 * The CA passphrase from `--passphrase-file` or `$BOOTBENCH_CA_PASSPHRASE`.
 *
 * Never from a plain argument: arguments are visible to every local user in `ps` and
 * `/proc/<pid>/cmdline`, and land in shell history.
 */
export async function passphrase(file: string | undefined, envName = 'BOOTBENCH_CA_PASSPHRASE'): Promise<PassphraseProtector> {
  if (file !== undefined) {
    const bytes = await readSecretFile(file, 'passphrase');
    try {
      return track(new PassphraseProtector(bytes));
    } finally {
      bytes.fill(0);
    }
  }
  const env = process.env[envName];
  if (env !== undefined && env !== '') return track(new PassphraseProtector(env));
  throw new ProvisioningError('INVALID_REQUEST', `No CA passphrase: give --passphrase-file <file> or set ${envName}`);
}

function keySpec(opts: { rsa?: string }): KeySpec {
  if (opts.rsa === undefined) return 'ec-p256';
  if (opts.rsa === '2048' || opts.rsa === '3072') return `rsa-${opts.rsa}`;
  throw new ProvisioningError('INVALID_REQUEST', `--rsa takes 2048 or 3072 (got ${opts.rsa})`);
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ProvisioningError('INVALID_REQUEST', `${name} must be a positive whole number (got ${value})`);
  return n;
}

const entryLine = (e: CaEntry): string =>
  `${e.state.padEnd(8)} ${e.id}  ${e.subject}  ${describeKey(e.key)}  until ${e.notAfter.slice(0, 10)}  sha256:${e.fingerprintSha256.slice(0, 16)}…`;

async function openStation(dataDir: string | undefined): Promise<StationCa> {
  const dir = resolveDataDir(dataDir);
  const store = await CaStore.open(dir).catch((cause: unknown) => {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'EEXIST') throw new ProvisioningError('INVALID_REQUEST', `--data-dir ${dir}: not a directory`, { cause });
    throw cause;
  });
  return new StationCa(store, systemClock);
}

function report(io: CliIO, json: boolean, value: unknown, text: string): number {
  if (json) writeJson(io, value);
  else io.stdout.write(`${text}\n`);
  return EXIT.ok;
}

interface CommonOpts { json?: boolean; dataDir?: string; passphraseFile?: string }
interface NewCaOpts extends CommonOpts { rsa?: string; name?: string; days?: string }
const common = (cmd: Command): Command =>
  cmd
    .option('--json', 'machine-readable output')
    .option('--data-dir <dir>', 'station data directory (default $BOOTBENCH_DATA_DIR or ~/.local/share/bootbench)')
    .option('--passphrase-file <file>', 'file holding the CA passphrase (else $BOOTBENCH_CA_PASSPHRASE)');
const newCa = (cmd: Command): Command =>
  common(cmd)
    .option('--rsa <bits>', 'RSA-2048 or RSA-3072 instead of ECDSA P-256')
    .option('--name <dn>', 'CA subject, e.g. "CN=Line 3 CA,O=Acme"')
    .option('--days <n>', 'validity in days', '3650');
const newCaOptions = (opts: NewCaOpts) => ({ spec: keySpec(opts), subject: opts.name ?? 'CN=Bootbench Station CA', validityDays: positiveInt(opts.days, 3650, '--days') });

/** Splits an import file into exactly one certificate and its private key. */
async function readCaMaterial(files: readonly string[], passwordFile: string | undefined): Promise<{ certDer: Uint8Array; key: KeyObject }> {
  const password = passwordFile === undefined ? undefined : (await readSecretFile(passwordFile, 'password')).toString('utf8');
  const objects = [];
  for (const file of files) {
    const input = await readFile(file).catch((cause: unknown) => {
      throw new ProvisioningError('NOT_FOUND', `Cannot read ${file}`, { cause });
    });
    const decoded = decodeCredentials(new Uint8Array(input), password === undefined ? {} : { password });
    if (!decoded.ok) {
      const auth = decoded.refusal.code === 'wrong-password' || decoded.refusal.code === 'password-required';
      throw new ProvisioningError(auth ? 'AUTH_FAILED' : 'CERT_INVALID', `${file}: ${decoded.refusal.explanation}`);
    }
    objects.push(...decoded.objects);
  }
  const file = files.join(' + ');
  const certs = objects.flatMap((o) => (o.kind === 'certificate' && o.cert.ca ? [o.cert] : []));
  const keys = objects.flatMap((o) => (o.kind === 'private-key' ? [o.key] : []));
  const pair = certs.flatMap((cert) => keys.filter((key) => cert.checkPrivateKey(key)).map((key) => ({ cert, key })))[0];
  if (pair === undefined) throw new ProvisioningError('CERT_INVALID', `${file} must hold a CA certificate (cA=TRUE) and its private key`);
  return { certDer: new Uint8Array(pair.cert.raw), key: pair.key };
}

/** `bootbench ca init|import|rotate|issue|export|status`: the station CA. */
export function registerCa(program: Command, io: CliIO, run: CommandRunner): void {
  const ca = program
    .command('ca')
    .description('the station CA: create, import, rotate, issue device certificates, export')
    .addHelpText('after', [
      '',
      'The CA key is encrypted at rest (scrypt + AES-256-GCM). The passphrase comes from --passphrase-file',
      'or $BOOTBENCH_CA_PASSPHRASE, never from an argument: arguments show in `ps` and shell history.',
      '',
      'Examples:',
      '  bootbench ca init --name "CN=Line 3 CA,O=Acme" --passphrase-file ~/.ca-pass',
      '  bootbench ca issue --csr device.csr --device-id 356938035643809 --days 365 --out device.pem',
      '  bootbench ca issue --generate --device-id 356938035643809 --p12 dev.p12 --p12-password-file p12.pass',
      '  bootbench ca export --out anchors.pem',
      '  bootbench ca status --json',
    ].join('\n'));

  newCa(ca.command('init').description('create a new station CA (ECDSA P-256 unless --rsa)'))
    .addHelpText('after', '\nExamples:\n  bootbench ca init --passphrase-file ca.pass\n  BOOTBENCH_CA_PASSPHRASE=… bootbench ca init --rsa 3072 --name "CN=Line 3 CA,O=Acme" --days 1825 --json')
    .action(async (opts: NewCaOpts) =>
    run(Boolean(opts.json), withSecrets(async () => {
      const station = await openStation(opts.dataDir);
      const entry = await station.init(newCaOptions(opts), await passphrase(opts.passphraseFile));
      return report(io, Boolean(opts.json), entry, `Created station CA\n${entryLine(entry)}`);
    })),
  );

  common(ca.command('import <file>').description('import a CA certificate and key (PEM, DER or PKCS#12)'))
    .option('--key <file>', 'the private key, when <file> holds only the certificate')
    .option('--password-file <file>', 'password of the PKCS#12 file or encrypted key')
    .addHelpText('after', '\nExamples:\n  bootbench ca import ca.p12 --password-file p12.pass --passphrase-file ca.pass\n  bootbench ca import ca.crt --key ca.key --passphrase-file ca.pass')
    .action(async (file: string, opts: CommonOpts & { key?: string; passwordFile?: string }) =>
      run(Boolean(opts.json), withSecrets(async () => {
        const { certDer, key } = await readCaMaterial(opts.key === undefined ? [file] : [file, opts.key], opts.passwordFile);
        const station = await openStation(opts.dataDir);
        const entry = await station.import(certDer, key, await passphrase(opts.passphraseFile));
        return report(io, Boolean(opts.json), entry, `Imported station CA\n${entryLine(entry)}`);
      })),
    );

  newCa(ca.command('rotate').description('replace the active CA; the old one is retired and stays a trust anchor'))
    .option('--new-passphrase-file <file>', 'passphrase for the new CA key (default: the current one)')
    .addHelpText('after', '\nExamples:\n  bootbench ca rotate --passphrase-file ca.pass\n  bootbench ca rotate --passphrase-file old.pass --new-passphrase-file new.pass --name "CN=Line 3 CA 2026"')
    .action(async (opts: NewCaOpts & { newPassphraseFile?: string }) =>
      run(Boolean(opts.json), withSecrets(async () => {
        const station = await openStation(opts.dataDir);
        const current = await passphrase(opts.passphraseFile);
        const next = opts.newPassphraseFile === undefined ? current : await passphrase(opts.newPassphraseFile);
        const entry = await station.rotate(newCaOptions(opts), current, next);
        return report(io, Boolean(opts.json), entry, `Rotated: new active CA\n${entryLine(entry)}`);
      })),
    );

  common(ca.command('issue').description('issue a device certificate from a CSR, or for a station-generated key'))
    .option('--csr <file>', 'PKCS#10 request from the device (PEM, DER, base64 or hex)')
    .option('--generate', 'generate the key on the station (delivered only inside a PKCS#12, never in plaintext)')
    .requiredOption('--device-id <id...>', 'device id(s) for the SAN, e.g. an IMEI (→ urn:imei:…)')
    .option('--days <n>', 'validity in days (from the profile)', '365')
    .option('--key-type <type>', 'with --generate: ec-p256 or rsa-2048', 'ec-p256')
    .option('--subject <dn>', 'subject (default CN=<device id>, or the CSR subject)')
    .option('--profile-version <v>', 'profile version recorded in the registry')
    .option('--out <file>', 'write the certificate PEM here (default stdout)')
    .option('--p12 <file>', 'with --generate: write certificate, key and CA into this PKCS#12 file')
    .option('--p12-password-file <file>', 'password for --p12')
    .addHelpText('after', '\nExamples:\n  bootbench ca issue --csr dev.csr --device-id 356938035643809 --days 365 --out dev.pem --passphrase-file ca.pass\n  bootbench ca issue --generate --device-id urn:imei:356938035643809 --p12 dev.p12 --p12-password-file p12.pass --json')
    .action(async (opts: CommonOpts & { csr?: string; generate?: boolean; deviceId: string[]; days?: string; keyType: string; subject?: string; profileVersion?: string; out?: string; p12?: string; p12PasswordFile?: string }) =>
      run(Boolean(opts.json), withSecrets(async () => {
        if ((opts.csr === undefined) === (opts.generate !== true)) throw new ProvisioningError('INVALID_REQUEST', 'Give exactly one of --csr <file> or --generate');
        if (opts.generate === true && (opts.p12 === undefined || opts.p12PasswordFile === undefined)) {
          throw new ProvisioningError('INVALID_REQUEST', '--generate needs --p12 <file> and --p12-password-file <file>: a station-generated key is never written in plaintext');
        }
        if (opts.keyType !== 'ec-p256' && opts.keyType !== 'rsa-2048') throw new ProvisioningError('INVALID_REQUEST', `--key-type takes ec-p256 or rsa-2048 (got ${opts.keyType})`);
        const p12Password = opts.p12PasswordFile === undefined ? undefined : (await readSecretFile(opts.p12PasswordFile, 'PKCS#12 password')).toString('utf8');
        const station = await openStation(opts.dataDir);
        const signer = await station.store.unlock(await passphrase(opts.passphraseFile));
        const context = {
          request: { deviceIds: opts.deviceId, validityDays: positiveInt(opts.days, 365, '--days'), ...(opts.subject === undefined ? {} : { subject: opts.subject }) },
          ...(opts.profileVersion === undefined ? {} : { profileVersion: opts.profileVersion }),
        };
        let result;
        if (opts.csr !== undefined) {
          const csrPath = opts.csr;
          const bytes = await readFile(csrPath).catch((cause: unknown) => {
            throw new ProvisioningError('NOT_FOUND', `Cannot read ${csrPath}`, { cause });
          });
          const decoded = decodeCredentials(new Uint8Array(bytes));
          const csr = decoded.ok ? decoded.objects.find((o) => o.kind === 'csr') : undefined;
          if (csr?.kind !== 'csr') throw new ProvisioningError('CERT_INVALID', decoded.ok ? `${opts.csr} holds no CSR` : decoded.refusal.explanation);
          result = await station.issueFromCsr(signer, csr.der, context);
        } else {
          const issued = await station.issueWithGeneratedKey(signer, opts.keyType, context);
          const keyDer = pkcs8Der(issued.keys.privateKey);
          try {
            await writeFile(opts.p12!, exportPkcs12({ chain: [issued.certificate.der, signer.certDer], keyPkcs8: keyDer, password: p12Password ?? '', friendlyName: opts.deviceId[0] ?? 'device' }), { mode: 0o600 });
          } finally {
            keyDer.fill(0);
          }
          result = issued;
        }
        const pem = toPem('CERTIFICATE', result.certificate.der);
        if (opts.out !== undefined) await writeFile(opts.out, pem);
        if (opts.json) writeJson(io, { record: result.record, ...(opts.out === undefined ? { certificatePem: pem } : { out: opts.out }), ...(opts.p12 === undefined ? {} : { p12: opts.p12 }) });
        else io.stdout.write(opts.out === undefined ? pem : `Issued serial ${result.record.serialHex} for ${result.record.deviceId} → ${opts.out}\n`);
        return EXIT.ok;
      })),
    );

  common(ca.command('export').description('export the trust anchors (PEM), or the CA certificate and key as PKCS#12'))
    .option('--out <file>', 'write the PEM bundle here (default stdout)')
    .option('--p12 <file>', 'write the active CA certificate and key into this PKCS#12 file (needs the passphrase)')
    .option('--password-file <file>', 'password for --p12')
    .addHelpText('after', '\nExamples:\n  bootbench ca export --out anchors.pem\n  bootbench ca export --p12 ca-backup.p12 --password-file p12.pass --passphrase-file ca.pass')
    .action(async (opts: CommonOpts & { out?: string; p12?: string; passwordFile?: string }) =>
      run(Boolean(opts.json), withSecrets(async () => {
        const station = await openStation(opts.dataDir);
        if (opts.p12 !== undefined) {
          if (opts.passwordFile === undefined) throw new ProvisioningError('INVALID_REQUEST', '--p12 needs --password-file <file>');
          const password = (await readSecretFile(opts.passwordFile, 'PKCS#12 password')).toString('utf8');
          const signer = await station.store.unlock(await passphrase(opts.passphraseFile));
          const keyDer = pkcs8Der(signer.privateKey);
          try {
            await writeFile(opts.p12, exportPkcs12({ chain: [signer.certDer], keyPkcs8: keyDer, password, friendlyName: 'Bootbench station CA' }), { mode: 0o600 });
          } finally {
            keyDer.fill(0);
          }
          return report(io, Boolean(opts.json), { p12: opts.p12, fingerprintSha256: signer.fingerprintSha256 }, `Wrote ${opts.p12}`);
        }
        const anchors = await station.store.trustAnchors();
        if (anchors.length === 0) throw new ProvisioningError('NOT_FOUND', 'No station CA yet; run `bootbench ca init`');
        const pem = anchors.map((a) => toPem('CERTIFICATE', a.der)).join('');
        if (opts.out !== undefined) await writeFile(opts.out, pem);
        if (opts.json) writeJson(io, { anchors: anchors.map((a) => ({ id: a.id, state: a.state, subject: new X509Certificate(Buffer.from(a.der)).subject })), ...(opts.out === undefined ? { pem } : { out: opts.out }) });
        else io.stdout.write(opts.out === undefined ? pem : `Wrote ${anchors.length} trust anchor(s) to ${opts.out}\n`);
        return EXIT.ok;
      })),
    );

  ca.command('status')
    .description('show the active and retired CAs and how many certificates were issued')
    .option('--json', 'machine-readable output')
    .option('--data-dir <dir>', 'station data directory')
    .addHelpText('after', '\nExamples:\n  bootbench ca status\n  bootbench ca status --json --data-dir /srv/bootbench')
    .action(async (opts: CommonOpts) =>
      run(Boolean(opts.json), withSecrets(async () => {
        const status = await (await openStation(opts.dataDir)).store.status();
        const lines = status.initialized ? [...(status.active ? [status.active] : []), ...status.retired].map(entryLine) : ['No station CA. Run `bootbench ca init`.'];
        return report(io, Boolean(opts.json), status, [...lines, `${status.issuedCount} certificate(s) issued`].join('\n'));
      })),
    );

  ca.command('issued')
    .description('list the issued-certificate registry')
    .option('--json', 'machine-readable output (one array)')
    .option('--data-dir <dir>', 'station data directory')
    .option('--device-id <id>', 'only certificates for this device id')
    .addHelpText('after', '\nExamples:\n  bootbench ca issued\n  bootbench ca issued --device-id 356938035643809 --json')
    .action(async (opts: CommonOpts & { deviceId?: string }) =>
      run(Boolean(opts.json), withSecrets(async () => {
        const records = (await (await openStation(opts.dataDir)).store.registry.list()).filter((r) => opts.deviceId === undefined || r.deviceId === opts.deviceId);
        const lines = records.map((r) => `${r.issuedAt}  ${r.serialHex}  ${r.deviceId.padEnd(20)} ${r.keySource.padEnd(17)} until ${r.notAfter.slice(0, 10)}  sha256:${r.fingerprintSha256.slice(0, 16)}…`);
        return report(io, Boolean(opts.json), records, lines.length === 0 ? 'No certificates issued.' : lines.join('\n'));
      })),
    );
}
