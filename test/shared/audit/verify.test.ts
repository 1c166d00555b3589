import { describe, expect, it } from 'vitest';
import type { AuditCheckpoint, AuditEntry, AuditRecord } from '../../../src-shared/audit/audit-entry.js';
import { sealEntry } from '../../../src-shared/audit/chain.js';
import { AuditChainWalker, verifyAuditLog } from '../../../src-shared/audit/verify.js';
import { buildLog, checkpointAt, prng, sha256, testSigner } from './audit-fixtures.js';

const station = testSigner();
const attacker = testSigner();
const deps = { sha256, verify: station.verify };

/**
 * The same ports, memoized for the 10^4-case loop: SHA-256 and signature verification are pure
 * functions, so caching them changes no verdict — every case still re-canonicalizes and compares
 * every entry up to its first bad index, and every distinct (message, signature) is really verified.
 */
function memoized(): typeof deps {
  const digests = new Map<string, Uint8Array>();
  const verdicts = new Map<string, boolean>();
  return {
    sha256: (text) => {
      let d = digests.get(text);
      if (d === undefined) digests.set(text, (d = sha256(text)));
      return d;
    },
    verify: (message, signature, signer) => {
      const key = `${signer}|${signature}|${Buffer.from(message).toString('base64')}`;
      let v = verdicts.get(key);
      if (v === undefined) verdicts.set(key, (v = station.verify(message, signature, signer)));
      return v;
    },
  };
}
const base = buildLog(200, 50, station);

type Tamper = { kind: string; records: AuditRecord[]; checkpoints: AuditCheckpoint[]; expected: number };

/** Field edits that always change the value (an attacker editing the stored entry in place). */
const EDITS: ReadonlyArray<(e: AuditEntry, r: () => number) => Partial<AuditEntry>> = [
  (e) => ({ who: `${e.who}x` }),
  (e) => ({ station: e.station === 'station-9' ? 'station-8' : 'station-9' }),
  (e) => ({ slot: e.slot === null ? 'usb-9' : null }),
  (e) => ({ result: e.result === 'ok' ? 'fail' : 'ok' }),
  (e) => ({ error: e.error === null ? 'AUTH_FAILED' : null }),
  (e) => ({ deviceIds: { ...e.deviceIds, imei: '000000000000000' } }),
  (e) => ({ fingerprints: [...e.fingerprints, 'ff'.repeat(32)] }),
  (e, r) => ({ timings: { ...e.timings, durationMs: e.timings.durationMs + 1 + Math.floor(r() * 100) } }),
  (e) => ({ data: { ...e.data, forged: true } }),
  (e) => ({ time: `${e.time.slice(0, -1)}1Z` }),
  (e) => ({ step: `${e.step}.x` }),
  (e) => ({ model: `${e.model ?? ''}Z` }),
  (_e) => ({ profileVersion: 'sha256:ffffffff' }),
  (e) => ({ index: e.index + 1 }),
  (e) => ({ prevHash: e.prevHash.replace(/^./, (c) => (c === '0' ? '1' : '0')) }),
];

function tamper(r: () => number): Tamper {
  const records = [...base.records];
  const checkpoints = [...base.checkpoints];
  const pick = (n: number) => Math.floor(r() * n);
  switch (pick(6)) {
    case 0: {
      const i = pick(200);
      const edit = EDITS[pick(EDITS.length)]!;
      records[i] = { entry: { ...records[i]!.entry, ...edit(records[i]!.entry, r) }, hash: records[i]!.hash };
      return { kind: 'edit', records, checkpoints, expected: i };
    }
    case 1: {
      const i = pick(200);
      records[i] = { entry: records[i]!.entry, hash: records[i]!.hash.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')) };
      return { kind: 'edit-hash', records, checkpoints, expected: i };
    }
    case 2: {
      const i = pick(200);
      records.splice(i, 1);
      return { kind: 'delete', records, checkpoints, expected: i };
    }
    case 3: {
      const i = pick(199);
      const j = i + 1 + pick(199 - i);
      [records[i], records[j]] = [records[j]!, records[i]!];
      return { kind: 'swap', records, checkpoints, expected: i };
    }
    case 4: {
      const k = pick(200);
      return { kind: 'truncate', records: records.slice(0, k), checkpoints, expected: k };
    }
    default: {
      const c = pick(checkpoints.length);
      const cp = checkpoints[c]!;
      const forgeries: AuditCheckpoint[] = [
        { ...cp, hash: base.records[(cp.index + 1) % 200]!.hash },
        { ...cp, signature: cp.signature.replace(/^(..)(..)/, (_m, a: string, b: string) => `${a}${(Number.parseInt(b, 16) ^ 1).toString(16).padStart(2, '0')}`) },
        { ...cp, time: '2030-01-01T00:00:00.000Z' },
        { ...checkpointAt(base.records[cp.index]!, attacker), signer: station.id },
        checkpointAt(base.records[cp.index]!, attacker),
        { ...cp, signature: '' },
      ];
      checkpoints[c] = forgeries[pick(forgeries.length)]!;
      return { kind: 'forge-checkpoint', records, checkpoints, expected: cp.index };
    }
  }
}

describe('verifyAuditLog', () => {
  it('accepts an untouched log and reports the unsealed tail', () => {
    expect(verifyAuditLog(base.records, base.checkpoints, deps)).toEqual({ ok: true, entries: 200, checkpoints: 4, unsealedTail: 0 });
    expect(verifyAuditLog(base.records, base.checkpoints.slice(0, 3), deps)).toMatchObject({ ok: true, unsealedTail: 50 });
    expect(verifyAuditLog([], [], deps)).toEqual({ ok: true, entries: 0, checkpoints: 0, unsealedTail: 0 });
  });

  it('detects 10^4 random tamperings (edit, delete, swap, truncate, forged checkpoint) at the first bad index', { timeout: 60_000 }, () => {
    const r = prng(0x5eed);
    const seen = new Map<string, number>();
    const misses: string[] = [];
    const fast = memoized();
    for (let n = 0; n < 10_000; n++) {
      const t = tamper(r);
      seen.set(t.kind, (seen.get(t.kind) ?? 0) + 1);
      const verdict = verifyAuditLog(t.records, t.checkpoints, fast);
      if (verdict.ok || verdict.firstBadIndex !== t.expected) misses.push(`#${n} ${t.kind}: expected ${t.expected}, got ${JSON.stringify(verdict)}`);
    }
    expect(misses.slice(0, 5)).toEqual([]);
    expect([...seen.keys()].sort()).toEqual(['delete', 'edit', 'edit-hash', 'forge-checkpoint', 'swap', 'truncate']);
  });

  it('names the reason', () => {
    const swapped = [...base.records];
    [swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!];
    expect(verifyAuditLog(swapped, base.checkpoints, deps)).toMatchObject({ ok: false, firstBadIndex: 3, reason: 'index-mismatch' });
    expect(verifyAuditLog(base.records.slice(0, 120), base.checkpoints, deps)).toMatchObject({ ok: false, firstBadIndex: 120, reason: 'truncated' });
    const edited = [...base.records];
    edited[7] = { ...edited[7]!, entry: { ...edited[7]!.entry, who: 'mallory' } };
    expect(verifyAuditLog(edited, base.checkpoints, deps)).toMatchObject({ ok: false, firstBadIndex: 7, reason: 'hash-mismatch' });
    const forged = [...base.checkpoints];
    forged[1] = { ...forged[1]!, time: '2031-01-01T00:00:00.000Z' };
    expect(verifyAuditLog(base.records, forged, deps)).toMatchObject({ ok: false, firstBadIndex: 99, reason: 'checkpoint-signature-invalid' });
  });

  it('an external anchor reveals truncation past deleted checkpoints, which the log alone cannot', () => {
    const cut = base.records.slice(0, 150);
    const kept = base.checkpoints.filter((cp) => cp.index < 150);
    expect(verifyAuditLog(cut, kept, deps)).toMatchObject({ ok: true, entries: 150 });
    const walker = new AuditChainWalker(kept, deps, { index: 199, hash: base.records[199]!.hash });
    walker.push(cut);
    expect(walker.finish()).toMatchObject({ ok: false, firstBadIndex: 150, reason: 'truncated' });
    const edited = new AuditChainWalker(base.checkpoints, deps, { index: 10, hash: base.records[11]!.hash });
    edited.push(base.records);
    expect(edited.finish()).toMatchObject({ ok: false, firstBadIndex: 10, reason: 'checkpoint-hash-mismatch' });
    const fine = new AuditChainWalker(base.checkpoints, deps, { index: 10, hash: base.records[10]!.hash });
    fine.push(base.records.slice(0, 100));
    fine.push(base.records.slice(100));
    expect(fine.finish()).toMatchObject({ ok: true, entries: 200 });
  });

  it('catches a rewritten tail (entries re-chained after an edit) at the checkpoint that covers it', () => {
    const rewritten = base.records.slice(0, 120);
    for (let i = 120; i < 200; i++) {
      const facts = { ...base.records[i]!.entry, ...(i === 120 ? { who: 'mallory' } : {}) };
      rewritten.push(sealEntry(sha256, facts, { index: i, prevHash: rewritten[i - 1]!.hash, time: facts.time }));
    }
    expect(verifyAuditLog(rewritten, base.checkpoints.slice(0, 2), deps)).toMatchObject({ ok: true, unsealedTail: 100 });
    expect(verifyAuditLog(rewritten, base.checkpoints, deps)).toMatchObject({ ok: false, firstBadIndex: 149, reason: 'checkpoint-hash-mismatch' });
  });
});
