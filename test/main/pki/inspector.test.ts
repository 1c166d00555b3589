import { createPublicKey } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { inspectCredentials } from '../../../src-main/pki/inspector.js';
import { createCaCertificate, issueWithGeneratedKey, randomSerial, signingCaFrom, type SigningCa } from '../../../src-main/pki/issue.js';
import { generateKeyPairFor, pkcs8Der, spkiDer, type KeyPair } from '../../../src-main/pki/keys.js';
import { exportPkcs12 } from '../../../src-main/pki/pkcs12.js';
import {
  authorityKeyIdExtension, basicConstraintsExtension, buildCertificate, buildCsr, encodeName, extendedKeyUsageExtension, keyIdentifierOf,
  spkiFromDer, subjectKeyIdExtension,
} from '../../../src-main/pki/x509-build.js';
import { toBase64 } from '../../../src-shared/util/base64.js';
import type { CheckResult, InspectionOutcome, InspectionReport } from '../../../src-shared/pki/inspection.js';
import { InspectionReport as ReportSchema } from '../../../src-shared/pki/inspection.js';
import { toPem } from '../../../src-shared/pki/pem.js';
import { toHex } from '../../../src-shared/util/bytes.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openssl, scratchDir, writePem } from './pki-fixtures.js';

const NOW = Date.now();
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
let ca: SigningCa;
let caKeys: KeyPair;
let leaf: { der: Uint8Array; keys: KeyPair };

beforeAll(async () => {
  caKeys = await generateKeyPairFor('ec-p256');
  ca = signingCaFrom(createCaCertificate(caKeys, 'CN=Inspector CA', 365, NOW), caKeys.privateKey);
  const issued = await issueWithGeneratedKey(ca, 'ec-p256', { deviceIds: ['356938035643809'], validityDays: 30, nowMs: NOW });
  leaf = { der: issued.certificate.der, keys: issued.keys };
});

function report(outcome: InspectionOutcome): InspectionReport {
  if (!outcome.ok) throw new Error(`refused: ${outcome.refusal.explanation}`);
  expect(ReportSchema.safeParse(outcome.report).success).toBe(true);
  return outcome.report;
}
const failed = (r: InspectionReport): CheckResult[] => r.checks.filter((c) => !c.passed);

describe('encoding detection', () => {
  test.each([
    ['pem', () => text(toPem('CERTIFICATE', leaf.der))],
    ['der', () => leaf.der],
    ['base64', () => text(`${toBase64(leaf.der)}\n`)],
    ['hex', () => text(toHex(leaf.der).replace(/(..)/g, '$1:'))],
  ] as const)('%s certificate', async (encoding, input) => {
    const r = report(await inspectCredentials(input(), { nowMs: NOW }));
    expect(r.encoding).toBe(encoding);
    expect(r.items).toHaveLength(1);
    const item = r.items[0]!;
    expect(item.kind === 'certificate' && item.certificate).toMatchObject({
      subject: 'CN=356938035643809', issuer: 'CN=Inspector CA', key: { kind: 'ec', curve: 'P-256' }, subjectAltNames: ['URI:urn:imei:356938035643809'],
      extendedKeyUsages: ['clientAuth'], keyUsages: ['digitalSignature'], isCa: false, selfSigned: false,
    });
  });

  test('PKCS#12 with password: certs and key, pair and chain checks pass', async () => {
    const p12 = exportPkcs12({ chain: [leaf.der, ca.certDer], keyPkcs8: pkcs8Der(leaf.keys.privateKey), password: 'pw-secret' });
    const r = report(await inspectCredentials(p12, { nowMs: NOW, password: 'pw-secret' }));
    expect(r.encoding).toBe('pkcs12');
    expect(r.items.map((i) => i.kind)).toEqual(['certificate', 'certificate', 'private-key']);
    expect(failed(r)).toEqual([]);
    expect(r.checks.map((c) => c.code)).toEqual(expect.arrayContaining(['key-matches-certificate', 'signature', 'issuer-is-ca', 'client-auth-eku']));
    const noPw = await inspectCredentials(p12, { nowMs: NOW });
    expect(noPw).toMatchObject({ ok: false, refusal: { code: 'password-required' } });
    expect(await inspectCredentials(p12, { nowMs: NOW, password: 'wrong' })).toMatchObject({ ok: false, refusal: { code: 'wrong-password' } });
  });

  test('CSR, public key, SEC1 EC key and PKCS#1 RSA key', async () => {
    const csr = buildCsr(encodeName('CN=req'), spkiFromDer(spkiDer(leaf.keys.publicKey)), leaf.keys.privateKey, ['urn:imei:356938035643809']);
    const csrReport = report(await inspectCredentials(text(toPem('CERTIFICATE REQUEST', csr)), { nowMs: NOW }));
    expect(csrReport.items[0]).toMatchObject({ kind: 'csr', csr: { subject: 'CN=req', signatureValid: true, subjectAltNames: ['URI:urn:imei:356938035643809'] } });
    expect(csrReport.checks).toEqual([expect.objectContaining({ code: 'csr-signature', passed: true })]);
    expect(report(await inspectCredentials(spkiDer(leaf.keys.publicKey), { nowMs: NOW })).items[0]?.kind).toBe('public-key');
    const sec1 = leaf.keys.privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    expect(report(await inspectCredentials(text(sec1), { nowMs: NOW })).items[0]).toMatchObject({ kind: 'private-key', privateKey: { key: { kind: 'ec' } } });
    const rsa = await generateKeyPairFor('rsa-2048');
    const pkcs1 = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    expect(report(await inspectCredentials(text(pkcs1), { nowMs: NOW })).items[0]).toMatchObject({ kind: 'private-key', privateKey: { key: { kind: 'rsa', bits: 2048 } } });
    const encrypted = rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'enc-pass' }).toString();
    expect(await inspectCredentials(text(encrypted), { nowMs: NOW })).toMatchObject({ ok: false, refusal: { code: 'password-required' } });
    expect(report(await inspectCredentials(text(encrypted), { nowMs: NOW, password: 'enc-pass' })).items[0]?.kind).toBe('private-key');
  });

  test('refusals are explained', async () => {
    const cases: [Uint8Array, string][] = [
      [text('   \n'), 'empty'],
      [text('hello world, not a credential!'), 'unrecognised'],
      [text('-----BEGIN CERTIFICATE-----\nAAAA\n'), 'malformed-pem'],
      [text(toPem('OPENSSH PRIVATE KEY', Uint8Array.of(0x30, 0))), 'unsupported-pem'],
      [Uint8Array.of(0x30, 0x82, 0xff, 0xff, 1, 2), 'malformed-der'],
      [text(toPem('CERTIFICATE', Uint8Array.of(0x30, 3, 2, 1, 0))), 'malformed-der'],
    ];
    for (const [input, code] of cases) {
      const outcome = await inspectCredentials(input, { nowMs: NOW });
      expect(outcome).toMatchObject({ ok: false, refusal: { code } });
      expect(!outcome.ok && outcome.refusal.explanation.length).toBeGreaterThan(10);
    }
  });
});

describe('pair and chain checks explain each failure', () => {
  const pem = (...ders: [string, Uint8Array][]) => text(ders.map(([l, d]) => toPem(l, d)).join(''));

  function custom(options: { issuer: SigningCa; subject: string; keys: KeyPair; notBeforeMs?: number; notAfterMs?: number; ca?: { pathLength?: number }; eku?: string[] }): Uint8Array {
    const spki = spkiFromDer(spkiDer(options.keys.publicKey));
    return buildCertificate(
      {
        serial: randomSerial(), issuerName: options.issuer.subjectName, subjectName: encodeName(options.subject),
        notBeforeMs: options.notBeforeMs ?? NOW - 1000, notAfterMs: options.notAfterMs ?? NOW + 86_400_000, spki,
        extensions: [
          options.ca === undefined ? basicConstraintsExtension(false) : basicConstraintsExtension(true, options.ca.pathLength),
          ...(options.eku === undefined ? [] : [extendedKeyUsageExtension(options.eku)]),
          subjectKeyIdExtension(keyIdentifierOf(spki)), authorityKeyIdExtension(options.issuer.keyId),
        ],
      },
      options.issuer.privateKey,
    );
  }

  test('key does not match the certificate', async () => {
    const other = await generateKeyPairFor('ec-p256');
    const r = report(await inspectCredentials(pem(['CERTIFICATE', leaf.der], ['PRIVATE KEY', pkcs8Der(other.privateKey)]), { nowMs: NOW, anchors: [ca.certDer] }));
    expect(failed(r)).toEqual([expect.objectContaining({ code: 'key-matches-certificate', explanation: expect.stringContaining('does not match') })]);
  });

  test('issuer not found, then found through anchors', async () => {
    const alone = report(await inspectCredentials(leaf.der, { nowMs: NOW }));
    expect(failed(alone)).toEqual([
      expect.objectContaining({ code: 'issuer-found', explanation: expect.stringContaining('"CN=Inspector CA" is not in the input') }),
      expect.objectContaining({ code: 'chain', explanation: 'The chain "CN=356938035643809" stops: no certificate named "CN=Inspector CA" with a matching key identifier and a verifying signature is in the input or the trusted anchors' }),
    ]);
    const anchored = report(await inspectCredentials(leaf.der, { nowMs: NOW, anchors: [ca.certDer] }));
    expect(failed(anchored)).toEqual([]);
    // @peculiar/x509's chain builder walks leaf → anchor and stops at the self-signed root.
    expect(anchored.checks).toContainEqual({ code: 'chain', passed: true, subject: 'CN=356938035643809', explanation: 'Chain to a root: "CN=356938035643809" → "CN=Inspector CA" (self-signed)' });
  });

  test('signature invalid: an impostor CA with the same name', async () => {
    const impostorKeys = await generateKeyPairFor('ec-p256');
    const impostorDer = buildCertificate(
      { serial: randomSerial(), issuerName: ca.subjectName, subjectName: ca.subjectName, notBeforeMs: NOW - 1000, notAfterMs: NOW + 1e9, spki: spkiFromDer(spkiDer(impostorKeys.publicKey)), extensions: [basicConstraintsExtension(true), subjectKeyIdExtension(ca.keyId)] },
      impostorKeys.privateKey,
    );
    const r = report(await inspectCredentials(pem(['CERTIFICATE', leaf.der], ['CERTIFICATE', impostorDer]), { nowMs: NOW }));
    expect(failed(r)).toEqual([
      expect.objectContaining({ code: 'signature', subject: 'CN=356938035643809', explanation: expect.stringContaining('does not verify') }),
      // The impostor has the right name and key identifier, but its key does not verify the leaf.
      expect.objectContaining({ code: 'chain', subject: 'CN=356938035643809', passed: false }),
    ]);
  });

  test('expired and not yet valid', async () => {
    const keys = await generateKeyPairFor('ec-p256');
    const expired = custom({ issuer: ca, subject: 'CN=old', keys, notBeforeMs: NOW - 10e9, notAfterMs: NOW - 5e9 });
    const future = custom({ issuer: ca, subject: 'CN=future', keys, notBeforeMs: NOW + 5e9, notAfterMs: NOW + 10e9 });
    const r = report(await inspectCredentials(pem(['CERTIFICATE', expired], ['CERTIFICATE', future], ['CERTIFICATE', ca.certDer]), { nowMs: NOW }));
    expect(failed(r).map((c) => [c.subject, c.code, c.explanation.split(' ')[0]])).toEqual([
      ['CN=old', 'validity', 'Expired'],
      ['CN=future', 'validity', 'Not'],
    ]);
  });

  test('issuer is not a CA, and EKU clientAuth missing', async () => {
    const keys = await generateKeyPairFor('ec-p256');
    const fakeIssuer = signingCaFrom(ca.certDer, caKeys.privateKey);
    const notCaDer = custom({ issuer: ca, subject: 'CN=plain leaf', keys: caKeys });
    const below = custom({ issuer: { ...fakeIssuer, subjectName: encodeName('CN=plain leaf'), keyId: keyIdentifierOf(spkiFromDer(spkiDer(caKeys.publicKey))) }, subject: 'CN=below', keys, eku: ['1.3.6.1.5.5.7.3.1'] });
    const r = report(await inspectCredentials(pem(['CERTIFICATE', below], ['CERTIFICATE', notCaDer], ['CERTIFICATE', ca.certDer]), { nowMs: NOW }));
    const bad = failed(r).filter((c) => c.subject === 'CN=below').map((c) => c.code);
    expect(bad).toEqual(['client-auth-eku', 'issuer-is-ca']);
  });

  test('path length: a pathLen 0 CA may not issue an intermediate CA', async () => {
    const keys = await generateKeyPairFor('ec-p256');
    const intermediate = custom({ issuer: ca, subject: 'CN=intermediate', keys, ca: {} });
    const r = report(await inspectCredentials(pem(['CERTIFICATE', intermediate], ['CERTIFICATE', ca.certDer]), { nowMs: NOW }));
    expect(failed(r)).toEqual([expect.objectContaining({ code: 'path-length', explanation: expect.stringContaining('pathLenConstraint 0') })]);
    expect(createPublicKey(keys.privateKey).asymmetricKeyType).toBe('ec');
  });

  test('path length: pathLen 1 allows one intermediate CA but not two', async () => {
    const rootKeys = await generateKeyPairFor('ec-p256');
    const rootDer = custom({ issuer: { ...ca, subjectName: encodeName('CN=root1'), privateKey: rootKeys.privateKey, keyId: keyIdentifierOf(spkiFromDer(spkiDer(rootKeys.publicKey))) }, subject: 'CN=root1', keys: rootKeys, ca: { pathLength: 1 } });
    const root = signingCaFrom(rootDer, rootKeys.privateKey);
    const i1Keys = await generateKeyPairFor('ec-p256');
    const i1 = signingCaFrom(custom({ issuer: root, subject: 'CN=i1', keys: i1Keys, ca: {} }), i1Keys.privateKey);
    const one = report(await inspectCredentials(pem(['CERTIFICATE', i1.certDer], ['CERTIFICATE', rootDer]), { nowMs: NOW }));
    expect(failed(one)).toEqual([]);
    const i2Keys = await generateKeyPairFor('ec-p256');
    const i2 = custom({ issuer: i1, subject: 'CN=i2', keys: i2Keys, ca: {} });
    const two = report(await inspectCredentials(pem(['CERTIFICATE', i2], ['CERTIFICATE', i1.certDer], ['CERTIFICATE', rootDer]), { nowMs: NOW }));
    expect(failed(two)).toEqual([expect.objectContaining({ code: 'path-length', subject: 'CN=i1', explanation: expect.stringContaining('but 2 intermediate') })]);
    const s = scratchDir();
    try {
      const leafKeys = await generateKeyPairFor('ec-p256');
      const leafBelow = custom({ issuer: signingCaFrom(i2, i2Keys.privateKey), subject: 'CN=leaf', keys: leafKeys });
      const untrusted = join(s.dir, 'intermediates.pem');
      writeFileSync(untrusted, toPem('CERTIFICATE', i1.certDer) + toPem('CERTIFICATE', i2));
      const verdict = openssl(['verify', '-CAfile', writePem(s.dir, 'r.pem', 'CERTIFICATE', rootDer), '-untrusted', untrusted, writePem(s.dir, 'l.pem', 'CERTIFICATE', leafBelow)]);
      expect(verdict.out).toMatch(/path length constraint exceeded/);
    } finally {
      s.cleanup();
    }
  });
});
