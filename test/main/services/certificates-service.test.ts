import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificatesService } from '../../../src-main/services/certificates-service.js';

const clock = { nowMs: () => Date.now(), monotonicMs: () => performance.now() };
const PASS = 'service test passphrase';
let dir: string;
let csrPem: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bb-certs-'));
  csrPem = execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'device.key'), '-subj', '/CN=device'], { encoding: 'utf8' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CertificatesService', () => {
  it('inits, refuses issuing until unlocked in a new run, refuses a wrong passphrase, and issues a certificate openssl verifies', async () => {
    const data = join(dir, 'station');
    const first = new CertificatesService(data, clock);
    expect(await first.status()).toMatchObject({ initialized: false, unlocked: false, issuedCount: 0 });
    const entry = await first.init(PASS, 'CN=Test Line CA');
    expect(entry.subject).toContain('Test Line CA');
    expect((await first.status()).unlocked).toBe(true);

    const second = new CertificatesService(data, clock); // a new station run
    await expect(second.issueFromCsr({ csr: csrPem, deviceId: '356938035643809', validityDays: 30 })).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    await expect(second.unlock('not the passphrase')).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    await expect(second.unlock('short')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    expect(await second.unlock(PASS)).toEqual({ unlocked: true, caId: entry.id });

    const issued = await second.issueFromCsr({ csr: csrPem, deviceId: '356938035643809', validityDays: 30 });
    expect(issued.record).toMatchObject({ deviceId: '356938035643809', keySource: 'device-csr' });
    expect(issued.certificatePem).not.toContain('PRIVATE KEY');
    const caPem = readdirSync(join(data, 'pki', 'ca')).find((f) => f.endsWith('.crt.pem'))!;
    writeFileSync(join(dir, 'leaf.pem'), issued.certificatePem);
    expect(execFileSync('openssl', ['verify', '-CAfile', join(data, 'pki', 'ca', caPem), join(dir, 'leaf.pem')], { encoding: 'utf8' })).toContain('OK');
    expect((await second.issued()).map((r) => r.serialHex)).toEqual([issued.record.serialHex]);

    // The passphrase never reaches the disk in plaintext.
    for (const f of readdirSync(join(data, 'pki', 'ca'))) expect(readFileSync(join(data, 'pki', 'ca', f), 'utf8')).not.toContain(PASS);
  });

  it('refuses a CSR that is not one with CERT_INVALID', async () => {
    const s = new CertificatesService(join(dir, 'station'), clock);
    await s.unlock(PASS);
    await expect(s.issueFromCsr({ csr: 'hello', deviceId: 'x', validityDays: 1 })).rejects.toMatchObject({ code: 'CERT_INVALID' });
  });

  it('inspects text and base64 bytes against the station anchors; garbage is a refusal value', async () => {
    const s = new CertificatesService(join(dir, 'station'), clock);
    const leaf = readFileSync(join(dir, 'leaf.pem'), 'utf8');
    const text = await s.inspect({ text: leaf });
    if (!text.ok) throw new Error(text.refusal.explanation);
    expect(text.report.checks.find((c) => c.code === 'chain')?.passed).toBe(true);
    const der = execFileSync('openssl', ['x509', '-in', join(dir, 'leaf.pem'), '-outform', 'DER']);
    const bytes = await s.inspect({ base64: der.toString('base64') });
    expect(bytes.ok && bytes.report.encoding).toBe('der');
    expect(await s.inspect({ text: '   ' })).toMatchObject({ ok: false, refusal: { code: 'empty' } });
    await expect(s.inspect({ text: 'a', base64: 'YQ==' })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('without a data directory: status is NOT_FOUND, the issued list is empty, inspection still works', async () => {
    const s = new CertificatesService(undefined, clock);
    await expect(s.status()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await s.issued()).toEqual([]);
    expect((await s.inspect({ text: csrPem })).ok).toBe(true);
  });
});
