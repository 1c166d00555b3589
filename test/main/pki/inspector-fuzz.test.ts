import { beforeAll, expect, test } from 'vitest';
import { inspectCredentials } from '../../../src-main/pki/inspector.js';
import { createCaCertificate, issueWithGeneratedKey, signingCaFrom } from '../../../src-main/pki/issue.js';
import { generateKeyPairFor, pkcs8Der, spkiDer } from '../../../src-main/pki/keys.js';
import { exportPkcs12 } from '../../../src-main/pki/pkcs12.js';
import { buildCsr, encodeName, spkiFromDer } from '../../../src-main/pki/x509-build.js';
import { toBase64 } from '../../../src-shared/util/base64.js';
import { RefusalCode } from '../../../src-shared/pki/inspection.js';
import { toPem } from '../../../src-shared/pki/pem.js';
import { toHex } from '../../../src-shared/util/bytes.js';

/** Deterministic xorshift32 so a failure reproduces from its index. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x1_0000_0000;
  };
}

/**
 * Inputs per run: the generator cycles every encoding and mutation kind many times over, and the
 * ASN.1 libraries' full parse keeps this test near 10 s on two loaded cores.
 */
const INPUTS = 10_000;

const seeds: { label: string; der: Uint8Array }[] = [];
let p12Seed: Uint8Array;
beforeAll(async () => {
  const caKeys = await generateKeyPairFor('ec-p256');
  const ca = signingCaFrom(createCaCertificate(caKeys, 'CN=Fuzz CA', 365, Date.now()), caKeys.privateKey);
  const { certificate, keys } = await issueWithGeneratedKey(ca, 'ec-p256', { deviceIds: ['356938035643809'], validityDays: 5, nowMs: Date.now() });
  p12Seed = exportPkcs12({ chain: [certificate.der, ca.certDer], keyPkcs8: pkcs8Der(keys.privateKey), password: 'fuzz', iterations: 1 });
  seeds.push(
    { label: 'CERTIFICATE', der: certificate.der },
    { label: 'CERTIFICATE', der: ca.certDer },
    { label: 'PRIVATE KEY', der: pkcs8Der(keys.privateKey) },
    { label: 'PUBLIC KEY', der: spkiDer(keys.publicKey) },
    { label: 'CERTIFICATE REQUEST', der: buildCsr(encodeName('CN=f'), spkiFromDer(spkiDer(keys.publicKey)), keys.privateKey, ['urn:imei:356938035643809']) },
  );
});

function mutate(bytes: Uint8Array, r: () => number): Uint8Array {
  const out = Uint8Array.from(bytes);
  const kind = Math.floor(r() * 5);
  const at = Math.floor(r() * out.length);
  switch (kind) {
    case 0: // flip a few bits
      for (let i = 0; i < 1 + Math.floor(r() * 4); i++) out[Math.floor(r() * out.length)]! ^= 1 << Math.floor(r() * 8);
      return out;
    case 1: // truncate
      return out.subarray(0, at);
    case 2: // corrupt a length-ish byte
      out[at] = [0x00, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff][Math.floor(r() * 7)]!;
      return out;
    case 3: // splice random bytes
      return Uint8Array.from([...out.subarray(0, at), ...Array.from({ length: 1 + Math.floor(r() * 8) }, () => Math.floor(r() * 256)), ...out.subarray(at)]);
    default: // duplicate a slice
      return Uint8Array.from([...out, ...out.subarray(at, at + Math.floor(r() * 32))]);
  }
}

function generate(i: number): Uint8Array {
  const r = rng(i * 2654435761 + 17);
  const seed = seeds[Math.floor(r() * seeds.length)]!;
  const der = r() < 0.9 ? mutate(seed.der, r) : Uint8Array.from({ length: Math.floor(r() * 64) }, () => Math.floor(r() * 256));
  const enc = new TextEncoder();
  switch (i % 5) {
    case 0:
      return der;
    case 1: {
      const pem = toPem(r() < 0.8 ? seed.label : 'WHATEVER', der);
      return enc.encode(r() < 0.3 ? pem.slice(0, Math.floor(r() * pem.length)) : pem);
    }
    case 2:
      return enc.encode(toBase64(der));
    case 3:
      return enc.encode(toHex(der));
    default: {
      const pem = enc.encode(toPem(seed.label, seed.der));
      return mutate(pem, r);
    }
  }
}

test('10,000 generated and mutated PEM/DER/base64/hex inputs: no crash, every refusal explained', async () => {
  const nowMs = Date.now();
  let refused = 0;
  let accepted = 0;
  const slow: number[] = [];
  for (let i = 0; i < INPUTS; i++) {
    const input = generate(i);
    const t0 = performance.now();
    let outcome;
    try {
      outcome = await inspectCredentials(input, { nowMs });
    } catch (error) {
      throw new Error(`input #${i} crashed the inspector: ${String(error)}`);
    }
    if (performance.now() - t0 > 100) slow.push(i);
    if (outcome.ok) accepted++;
    else {
      refused++;
      // Library failures are mapped at the edge (CERT_INVALID, "Malformed <what>: …"), never passed through raw.
      if (!RefusalCode.safeParse(outcome.refusal.code).success || outcome.refusal.explanation.length < 10 || outcome.refusal.explanation.includes('unsupported or damaged field')) {
        throw new Error(`input #${i} refused without an explanation: ${JSON.stringify(outcome.refusal)}`);
      }
    }
  }
  expect(refused + accepted).toBe(INPUTS);
  expect(refused).toBeGreaterThan(INPUTS / 2);
  expect(accepted).toBeGreaterThan(20);
  // A slow first measurement may be the scheduler (2 shared cores); the guard is on the input's own
  // cost, so re-measure and keep the best of three.
  for (const i of slow) {
    const input = generate(i);
    const runs: number[] = [];
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      await inspectCredentials(input, { nowMs });
      runs.push(performance.now() - t0);
    }
    expect(Math.min(...runs), `input #${i}`).toBeLessThan(100);
  }
}, 60_000);

test('2,000 mutated PKCS#12 files (forge parses them): no crash, every refusal explained', async () => {
  const nowMs = Date.now();
  const codes = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const r = rng(i + 99);
    const input = i === 0 ? p12Seed : mutate(p12Seed, r);
    const outcome = await inspectCredentials(input, i % 2 === 0 ? { nowMs, password: 'fuzz' } : { nowMs });
    if (!outcome.ok) {
      expect(outcome.refusal.explanation.length, `input #${i}`).toBeGreaterThan(10);
      expect(outcome.refusal.explanation, `input #${i}`).not.toContain('unsupported or damaged field');
      codes.add(outcome.refusal.code);
    } else codes.add('ok');
  }
  expect(codes).toContain('ok');
  expect(codes).toContain('password-required');
}, 60_000);
