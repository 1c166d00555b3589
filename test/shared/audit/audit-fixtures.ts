import { createHash, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import type { AuditCheckpoint, AuditFacts, AuditRecord } from '../../../src-shared/audit/audit-entry.js';
import { GENESIS_HASH } from '../../../src-shared/audit/audit-entry.js';
import { checkpointMessage, sealEntry, type Sha256Text } from '../../../src-shared/audit/chain.js';
import type { CheckpointVerifier } from '../../../src-shared/audit/verify.js';

/** Node's SHA-256 as the pure layer's port. */
export const sha256: Sha256Text = (text) => new Uint8Array(createHash('sha256').update(text, 'utf8').digest());

/** Deterministic PRNG (mulberry32) so a failing tamper case can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Plausible facts for step `i` of a line. */
export function factsFor(i: number): AuditFacts {
  const unit = Math.floor(i / 4);
  const step = ['run.start', 'dmacc.write', 'cert.issue', 'run.finish'][i % 4]!;
  return {
    who: `operator-${unit % 3}`,
    station: `station-${unit % 2}`,
    slot: `usb-1.${unit % 4}`,
    profileVersion: `sha256:${(unit % 2).toString().repeat(8)}`,
    model: unit % 3 === 0 ? 'Acme X1' : 'Acme M2',
    deviceIds: { imei: `35693803564${String(3800 + unit).padStart(4, '0')}` },
    fingerprints: step === 'cert.issue' ? [createHash('sha256').update(String(unit)).digest('hex')] : [],
    step,
    result: step === 'run.finish' && unit % 5 === 0 ? 'fail' : 'ok',
    error: step === 'run.finish' && unit % 5 === 0 ? 'TRANSPORT_TIMEOUT' : null,
    timings: { startMs: 1_800_000_000_000 + i * 1000, durationMs: 250 + (i % 7) },
    data: { attempt: 1, note: `step ${i}` },
  };
}

/** A signing key, its id and a verifier that knows it. */
export function testSigner(): { id: string; key: KeyObject; sign: (m: Uint8Array) => Uint8Array; verify: CheckpointVerifier } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const id = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
  return {
    id,
    key: privateKey,
    sign: (m) => new Uint8Array(sign('sha256', m, privateKey)),
    verify: (m, sig, signer) => signer === id && /^(?:[0-9a-f]{2})+$/.test(sig) && verify('sha256', m, publicKey, Buffer.from(sig, 'hex')),
  };
}

/** Signs a checkpoint at `record`. */
export function checkpointAt(record: AuditRecord, signer: { id: string; sign: (m: Uint8Array) => Uint8Array }, time = '2027-01-15T08:00:00.000Z'): AuditCheckpoint {
  const unsigned = { index: record.entry.index, hash: record.hash, time, station: 'station-0', signer: signer.id };
  return { ...unsigned, signature: Buffer.from(signer.sign(checkpointMessage(unsigned))).toString('hex') };
}

/** A log of `n` entries with a checkpoint after every `every` entries (and at the end). */
export function buildLog(n: number, every: number, signer: { id: string; sign: (m: Uint8Array) => Uint8Array }): { records: AuditRecord[]; checkpoints: AuditCheckpoint[] } {
  const records: AuditRecord[] = [];
  let prev = GENESIS_HASH;
  for (let i = 0; i < n; i++) {
    const r = sealEntry(sha256, factsFor(i), { index: i, prevHash: prev, time: new Date(1_800_000_000_000 + i * 1000).toISOString() });
    records.push(r);
    prev = r.hash;
  }
  const checkpoints = records.filter((r) => (r.entry.index + 1) % every === 0 || r.entry.index === n - 1).map((r) => checkpointAt(r, signer));
  return { records, checkpoints };
}
