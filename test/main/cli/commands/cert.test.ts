import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createCaCertificate, issueWithGeneratedKey, signingCaFrom, type SigningCa } from '../../../../src-main/pki/issue.js';
import { generateKeyPairFor, pkcs8Der } from '../../../../src-main/pki/keys.js';
import { exportPkcs12 } from '../../../../src-main/pki/pkcs12.js';
import { toPem } from '../../../../src-shared/pki/pem.js';
import { toHex } from '../../../../src-shared/util/bytes.js';
import { runCliCaptured } from '../../../support/cli.js';
import { scratchDir } from '../../pki/pki-fixtures.js';

const scratch = scratchDir('bb-cert-cli-');
const f = (name: string): string => join(scratch.dir, name);
let ca: SigningCa;
let leafDer: Uint8Array;

beforeAll(async () => {
  const caKeys = await generateKeyPairFor('ec-p256');
  ca = signingCaFrom(createCaCertificate(caKeys, 'CN=Cert CLI CA', 365, Date.now()), caKeys.privateKey);
  const { certificate, keys } = await issueWithGeneratedKey(ca, 'ec-p256', { deviceIds: ['356938035643809'], validityDays: 30, nowMs: Date.now() });
  leafDer = certificate.der;
  writeFileSync(f('chain.pem'), toPem('CERTIFICATE', certificate.der) + toPem('CERTIFICATE', ca.certDer));
  writeFileSync(f('leaf.pem'), toPem('CERTIFICATE', certificate.der));
  writeFileSync(f('bundle.p12'), exportPkcs12({ chain: [certificate.der, ca.certDer], keyPkcs8: pkcs8Der(keys.privateKey), password: 'p12-pass' }));
  writeFileSync(f('p12pass'), 'p12-pass\n');
  writeFileSync(f('junk.txt'), 'this is not a certificate');
});
afterAll(() => scratch.cleanup());

test('inspect prints a chain in human form; all checks pass → exit 0', async () => {
  const run = await runCliCaptured(['cert', 'inspect', f('chain.pem')]);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('Detected PEM, 2 object(s)');
  expect(run.stdout).toContain('SAN        URI:urn:imei:356938035643809');
  expect(run.stdout).toContain('EKU        clientAuth');
  expect(run.stdout).toMatch(/ok {3}signature\s+CN=356938035643809: Signature verifies/);
  expect(run.stdout).not.toContain('FAIL');
});

test('inspect --json of a PKCS#12 with --password-file', async () => {
  const run = await runCliCaptured(['cert', 'inspect', f('bundle.p12'), '--password-file', f('p12pass'), '--json']);
  expect(run.code).toBe(0);
  const report = JSON.parse(run.stdout);
  expect(report.encoding).toBe('pkcs12');
  expect(report.items.map((i: { kind: string }) => i.kind)).toEqual(['certificate', 'certificate', 'private-key']);
  expect(report.checks.find((c: { code: string }) => c.code === 'key-matches-certificate')).toMatchObject({ passed: true });
});

test('a failed check is exit 1 with its explanation; a refusal is exit 2 (CERT_INVALID / AUTH_FAILED)', async () => {
  const alone = await runCliCaptured(['cert', 'inspect', f('leaf.pem')]);
  expect(alone.code).toBe(1);
  expect(alone.stdout).toMatch(/FAIL issuer-found .*is not in the input/);
  const junk = await runCliCaptured(['cert', 'inspect', f('junk.txt'), '--json']);
  expect(junk.code).toBe(2);
  expect(JSON.parse(junk.stdout)).toMatchObject({ ok: false, error: { code: 'CERT_INVALID', details: { refusal: 'unrecognised' } } });
  const noPw = await runCliCaptured(['cert', 'inspect', f('bundle.p12')]);
  expect(noPw.code).toBe(1);
  expect(noPw.stderr).toMatch(/AUTH_FAILED: .*password/);
  expect((await runCliCaptured(['cert', 'inspect', f('missing.pem')])).code).toBe(3);
});

test('the built CLI reads hex from stdin (`-`) in a real child process', async () => {
  const child = spawn(process.execPath, ['bin/bootbench.mjs', 'cert', 'inspect', '-', '--json'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stdin.end(toHex(leafDer));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code).toBe(1);
  const report = JSON.parse(out);
  expect(report.encoding).toBe('hex');
  expect(report.items[0].certificate.subject).toBe('CN=356938035643809');
});
