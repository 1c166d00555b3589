import { createPrivateKey } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CaStore } from '../../../../src-main/pki/ca-store.js';
import { generateKeyPairFor, spkiDer } from '../../../../src-main/pki/keys.js';
import { importPkcs12 } from '../../../../src-main/pki/pkcs12.js';
import { PassphraseProtector } from '../../../../src-main/pki/secret-box.js';
import { buildCsr, encodeName, spkiFromDer } from '../../../../src-main/pki/x509-build.js';
import { toPem } from '../../../../src-shared/pki/pem.js';
import { runCliCaptured, type CliRun } from '../../../support/cli.js';
import { openssl, scratchDir } from '../../pki/pki-fixtures.js';

const PASSPHRASE = 'Seeded-CA-Passphrase-7f3a9c';
const P12_PASSWORD = 'Seeded-P12-Password-51be';
const scratch = scratchDir('bb-ca-cli-');
const dataDir = join(scratch.dir, 'data');
const tmp = join(scratch.dir, 'tmp');
const f = (name: string): string => join(scratch.dir, name);
const outputs: CliRun[] = [];
let savedTmp: string | undefined;

async function cli(...argv: string[]): Promise<CliRun> {
  const run = await runCliCaptured(argv);
  outputs.push(run);
  return run;
}
const ca = (...argv: string[]) => cli('ca', ...argv, '--data-dir', dataDir);

function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(p, readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

beforeAll(async () => {
  mkdirSync(tmp);
  savedTmp = process.env['TMPDIR'];
  process.env['TMPDIR'] = tmp;
  writeFileSync(f('pass'), `${PASSPHRASE}\n`);
  writeFileSync(f('p12pass'), `${P12_PASSWORD}\n`);
  writeFileSync(f('wrong'), 'definitely-not-it\n');
  const init = await ca('init', '--name', 'CN=CLI Test CA,O=Bootbench', '--passphrase-file', f('pass'), '--json');
  expect(init.stderr).toBe('');
  expect(init.code).toBe(0);
});
afterAll(() => {
  if (savedTmp === undefined) delete process.env['TMPDIR'];
  else process.env['TMPDIR'] = savedTmp;
  scratch.cleanup();
});

describe('bootbench ca', () => {
  test('status --json shows the active EC CA', async () => {
    const run = await ca('status', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ initialized: true, active: { subject: 'CN=CLI Test CA, O=Bootbench', key: { kind: 'ec', curve: 'P-256' } }, retired: [] });
  });

  test('issue --csr writes a certificate openssl verifies against the exported anchors', async () => {
    const keys = await generateKeyPairFor('ec-p256');
    writeFileSync(f('dev.csr'), toPem('CERTIFICATE REQUEST', buildCsr(encodeName('CN=dev'), spkiFromDer(spkiDer(keys.publicKey)), keys.privateKey)));
    const issued = await ca('issue', '--csr', f('dev.csr'), '--device-id', '356938035643809', '--days', '90', '--profile-version', 'p-3', '--out', f('dev.pem'), '--passphrase-file', f('pass'), '--json');
    expect(issued.code).toBe(0);
    expect(JSON.parse(issued.stdout)).toMatchObject({ record: { deviceId: '356938035643809', keySource: 'device-csr', profileVersion: 'p-3' }, out: f('dev.pem') });
    expect((await ca('export', '--out', f('anchors.pem'))).code).toBe(0);
    expect(openssl(['verify', '-CAfile', f('anchors.pem'), f('dev.pem')]).out).toContain(': OK');
    expect(openssl(['x509', '-in', f('dev.pem'), '-noout', '-ext', 'subjectAltName']).out).toContain('URI:urn:imei:356938035643809');
  });

  test('issue --generate only delivers the key inside a PKCS#12 that openssl reads', async () => {
    const refused = await ca('issue', '--generate', '--device-id', '356938035643809', '--passphrase-file', f('pass'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/never written in plaintext/);
    const run = await ca('issue', '--generate', '--device-id', '356938035643809', '--p12', f('dev.p12'), '--p12-password-file', f('p12pass'), '--out', f('gen.pem'), '--passphrase-file', f('pass'));
    expect(run.code).toBe(0);
    const info = openssl(['pkcs12', '-info', '-in', f('dev.p12'), '-passin', `pass:${P12_PASSWORD}`, '-noout']);
    expect(info.status).toBe(0);
    expect(info.out).toContain('MAC: sha256');
  });

  test('a wrong passphrase is AUTH_FAILED (exit 1) and changes no file', async () => {
    const before = files(dataDir);
    const run = await ca('issue', '--generate', '--device-id', '356938035643809', '--p12', f('x.p12'), '--p12-password-file', f('p12pass'), '--passphrase-file', f('wrong'), '--json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED', message: expect.stringContaining('Wrong passphrase') } });
    const rotate = await ca('rotate', '--passphrase-file', f('wrong'));
    expect(rotate.stderr).toContain('AUTH_FAILED');
    expect(files(dataDir)).toEqual(before);
  });

  test('issued lists the registry; --help shows examples', async () => {
    const all = JSON.parse((await ca('issued', '--json')).stdout) as { deviceId: string; keySource: string }[];
    expect(all.map((r) => r.keySource).sort()).toEqual(['device-csr', 'station-generated']);
    expect(JSON.parse((await ca('issued', '--json', '--device-id', 'nobody')).stdout)).toEqual([]);
    for (const sub of ['init', 'import', 'rotate', 'issue', 'export', 'status', 'issued']) {
      const help = await cli('ca', sub, '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Examples:');
    }
  });

  test('missing passphrase, bad arguments and a second init are bad input (exit 2)', async () => {
    expect((await ca('status')).code).toBe(0);
    const saved = process.env['BOOTBENCH_CA_PASSPHRASE'];
    delete process.env['BOOTBENCH_CA_PASSPHRASE'];
    const none = await ca('issue', '--csr', f('dev.csr'), '--device-id', '356938035643809');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--passphrase-file/);
    if (saved !== undefined) process.env['BOOTBENCH_CA_PASSPHRASE'] = saved;
    expect((await ca('init', '--rsa', '1024', '--passphrase-file', f('pass'))).code).toBe(2);
    expect((await ca('init', '--passphrase-file', f('pass'))).stderr).toMatch(/already exists/);
    expect((await ca('issue', '--csr', f('dev.csr'), '--device-id', '123', '--passphrase-file', f('pass'))).code).toBe(2);
    expect((await ca('issue', '--csr', f('nope.csr'), '--device-id', '356938035643809', '--passphrase-file', f('pass'))).code).toBe(3);
    writeFileSync(f('junk.csr'), 'not a csr at all');
    expect((await ca('issue', '--csr', f('junk.csr'), '--device-id', '356938035643809', '--passphrase-file', f('pass'))).stderr).toMatch(/CERT_INVALID/);
  });

  test('rotate retires the old CA; export keeps both anchors; export --p12 backs up the new CA', async () => {
    const run = await ca('rotate', '--rsa', '2048', '--name', 'CN=CLI Test CA 2', '--passphrase-file', f('pass'), '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ state: 'active', key: { kind: 'rsa', bits: 2048 } });
    const status = JSON.parse((await ca('status', '--json')).stdout);
    expect(status.retired).toHaveLength(1);
    expect((await ca('export', '--out', f('anchors2.pem'))).code).toBe(0);
    expect(openssl(['verify', '-CAfile', f('anchors2.pem'), f('dev.pem')]).out).toContain(': OK');
    expect((await ca('export', '--p12', f('ca.p12'), '--password-file', f('p12pass'), '--passphrase-file', f('pass'))).code).toBe(0);
    expect(openssl(['pkcs12', '-info', '-in', f('ca.p12'), '-passin', `pass:${P12_PASSWORD}`, '-noout']).status).toBe(0);
  });

  test('import accepts a PKCS#12 CA made by openssl into a fresh data dir', async () => {
    const dir = f('ossl');
    mkdirSync(dir);
    expect(openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-subj', '/CN=Imported CA', '-days', '30', '-addext', 'basicConstraints=critical,CA:TRUE']).status).toBe(0);
    expect(openssl(['pkcs12', '-export', '-in', join(dir, 'c.pem'), '-inkey', join(dir, 'k.pem'), '-out', join(dir, 'ca.p12'), '-passout', `pass:${P12_PASSWORD}`]).status).toBe(0);
    const other = join(scratch.dir, 'data2');
    const wrong = await cli('ca', 'import', join(dir, 'ca.p12'), '--password-file', f('wrong'), '--passphrase-file', f('pass'), '--data-dir', other);
    expect(wrong.code).toBe(1);
    const run = await cli('ca', 'import', join(dir, 'ca.p12'), '--password-file', f('p12pass'), '--passphrase-file', f('pass'), '--data-dir', other, '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ subject: 'CN=Imported CA', state: 'active' });
    const third = await cli('ca', 'import', join(dir, 'c.pem'), '--key', join(dir, 'k.pem'), '--passphrase-file', f('pass'), '--data-dir', join(scratch.dir, 'data3'), '--json');
    expect(third.code).toBe(0);
    const keyless = await cli('ca', 'import', join(dir, 'c.pem'), '--passphrase-file', f('pass'), '--data-dir', join(scratch.dir, 'data4'));
    expect(keyless.code).toBe(2);
    expect(keyless.stderr).toMatch(/CERT_INVALID: .*its private key/);
    const imported = await CaStore.open(other).then((s) => s.unlock(new PassphraseProtector(PASSPHRASE)));
    expect(imported.privateKey.export({ type: 'pkcs8', format: 'pem' })).toEqual(createPrivateKey(readFileSync(join(dir, 'k.pem'))).export({ type: 'pkcs8', format: 'pem' }));
  });

  test('secrets scan: no passphrase, password or private key form in the data dir, the CLI output or temp files', async () => {
    const store = await CaStore.open(dataDir);
    const status = await store.status();
    expect(status.retired).toHaveLength(1);
    const keys = [(await store.unlock(new PassphraseProtector(PASSPHRASE))).privateKey];
    keys.push(...importPkcs12(new Uint8Array(readFileSync(f('dev.p12'))), P12_PASSWORD).keysPkcs8.map((der) => createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' })));
    const needles: Buffer[] = [Buffer.from(PASSPHRASE), Buffer.from(P12_PASSWORD)];
    for (const key of keys) {
      const der = key.export({ type: 'pkcs8', format: 'der' });
      const scalar = Buffer.from(key.export({ format: 'jwk' }).d!, 'base64url');
      needles.push(der, scalar, Buffer.from(der.toString('hex')), Buffer.from(scalar.toString('hex')), Buffer.from(der.toString('base64').slice(0, 48)), Buffer.from(scalar.toString('base64').slice(0, 24)));
    }
    const haystacks = new Map<string, Buffer>([...files(dataDir), ...files(tmp)]);
    for (const name of ['dev.p12', 'ca.p12', 'anchors2.pem', 'dev.pem', 'gen.pem']) haystacks.set(name, readFileSync(f(name)).subarray(0));
    haystacks.set('cli output', Buffer.from(outputs.map((o) => o.stdout + o.stderr).join('\n')));
    const flattened = (b: Buffer) => Buffer.from(b.toString('latin1').replace(/\s+/g, ''), 'latin1');
    expect(haystacks.size).toBeGreaterThan(5);
    // Positive control: the scan does find a key in its PEM form.
    const controlPem = flattened(Buffer.from(keys[0]!.export({ type: 'pkcs8', format: 'pem' })));
    expect(needles.some((n) => controlPem.includes(n))).toBe(true);
    for (const [name, content] of haystacks) {
      for (const needle of needles) {
        if (content.includes(needle) || flattened(content).includes(needle)) throw new Error(`secret material found in ${name}`);
      }
    }
  });
});
