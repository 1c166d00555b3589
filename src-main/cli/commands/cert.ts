import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { ProvisioningError } from '../../../src-shared/errors/provisioning-error.js';
import type { CredentialItem, InspectionReport } from '../../../src-shared/pki/inspection.js';
import { describeKey } from '../../../src-shared/pki/summary.js';
import { assertNever } from '../../../src-shared/util/assert-never.js';
import { CaStore } from '../../pki/ca-store.js';
import { inspectCredentials } from '../../pki/inspector.js';
import { EXIT, writeJson, type CliIO, type CommandRunner } from '../io.js';
import { readSecretFile, resolveDataDir } from '../../platform/station-files.js';

async function readInput(file: string): Promise<Uint8Array> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
    return new Uint8Array(Buffer.concat(chunks));
  }
  try {
    return new Uint8Array(await readFile(file));
  } catch (cause) {
    throw new ProvisioningError('NOT_FOUND', `Cannot read ${file}`, { cause });
  }
}

function itemText(item: CredentialItem): string {
  switch (item.kind) {
    case 'certificate': {
      const c = item.certificate;
      return [
        `Certificate  ${c.subject}${c.isCa ? '  [CA]' : ''}`,
        `  issuer     ${c.issuer}${c.selfSigned ? ' (self-signed)' : ''}`,
        `  serial     ${c.serialHex}`,
        `  validity   ${c.notBefore} → ${c.notAfter}`,
        `  key        ${describeKey(c.key)}, signed ${c.signatureAlgorithm}`,
        ...(c.subjectAltNames.length > 0 ? [`  SAN        ${c.subjectAltNames.join(', ')}`] : []),
        ...(c.keyUsages.length > 0 ? [`  key usage  ${c.keyUsages.join(', ')}`] : []),
        ...(c.extendedKeyUsages.length > 0 ? [`  EKU        ${c.extendedKeyUsages.join(', ')}`] : []),
        ...(c.isCa ? [`  path len   ${c.pathLength ?? 'unlimited'}`] : []),
        `  SHA-256    ${c.fingerprints.sha256}`,
      ].join('\n');
    }
    case 'private-key':
      return `Private key  ${describeKey(item.privateKey.key)}  (public key SHA-256 ${item.privateKey.publicKeySha256})`;
    case 'public-key':
      return `Public key   ${describeKey(item.key)}  (SHA-256 ${item.publicKeySha256})`;
    case 'csr':
      return [
        `CSR          ${item.csr.subject}`,
        `  key        ${describeKey(item.csr.key)}`,
        ...(item.csr.subjectAltNames.length > 0 ? [`  SAN        ${item.csr.subjectAltNames.join(', ')}`] : []),
      ].join('\n');
    default:
      return assertNever(item, 'unknown credential kind');
  }
}

function reportText(report: InspectionReport): string {
  const checks = report.checks.map((c) => `  ${c.passed ? 'ok  ' : 'FAIL'} ${c.code.padEnd(24)} ${c.subject}: ${c.explanation}`);
  return [`Detected ${report.encoding.toUpperCase()}, ${report.items.length} object(s)`, ...report.items.map(itemText), ...(checks.length > 0 ? ['Checks:', ...checks] : [])].join('\n');
}

/** `bootbench cert inspect <file|->`: identify and explain any credential. */
export function registerCert(program: Command, io: CliIO, run: CommandRunner): void {
  const cert = program.command('cert').description('inspect certificates, keys, CSRs, chains and PKCS#12 files').addHelpText('after', '\nExamples:\n  bootbench cert inspect device.pem\n  bootbench cert inspect bundle.p12 --json');
  cert
    .command('inspect <file>')
    .description('auto-detect PEM/DER/base64/hex/PKCS#12, show it in human form, check key pairs and chains')
    .option('--json', 'machine-readable output')
    .option('--password-file <file>', 'password of a PKCS#12 file or encrypted key')
    .option('--station-anchors', 'also look for issuers among the station CA trust anchors')
    .option('--data-dir <dir>', 'station data directory (for --station-anchors)')
    .addHelpText('after', [
      '',
      'Exit codes: 0 all checks passed; 1 a check failed (each failure is explained) or a PKCS#12 password is missing or wrong (AUTH_FAILED); 2 input refused (CERT_INVALID); 3 file not found.',
      '',
      'Examples:',
      '  bootbench cert inspect device.pem',
      '  bootbench cert inspect bundle.p12 --password-file p12.pass --json',
      '  openssl x509 -in c.pem -outform DER | xxd -p | bootbench cert inspect - --station-anchors',
    ].join('\n'))
    .action(async (file: string, opts: { json?: boolean; passwordFile?: string; stationAnchors?: boolean; dataDir?: string }) =>
      run(Boolean(opts.json), async () => {
        const input = await readInput(file);
        const password = opts.passwordFile === undefined ? undefined : (await readSecretFile(opts.passwordFile, 'password')).toString('utf8');
        const anchors = opts.stationAnchors === true ? (await (await CaStore.open(resolveDataDir(opts.dataDir))).trustAnchors()).map((a) => a.der) : [];
        const outcome = await inspectCredentials(input, { nowMs: Date.now(), anchors, ...(password === undefined ? {} : { password }) });
        if (!outcome.ok) {
          const code = outcome.refusal.code === 'wrong-password' || outcome.refusal.code === 'password-required' ? 'AUTH_FAILED' : 'CERT_INVALID';
          throw new ProvisioningError(code, outcome.refusal.explanation, { details: { refusal: outcome.refusal.code } });
        }
        if (opts.json) writeJson(io, outcome.report);
        else io.stdout.write(`${reportText(outcome.report)}\n`);
        return outcome.report.checks.every((c) => c.passed) ? EXIT.ok : EXIT.deviceFailure;
      }),
    );
}
