import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src-shared/audit/audit-entry.js';
import { canonicalJson, type CanonicalValue } from '../../../src-shared/audit/canonical-json.js';
import { checkpointMessage, entryCanonicalJson, hashEntry, sealEntry } from '../../../src-shared/audit/chain.js';
import { factsFor, sha256 } from './audit-fixtures.js';

const text = fc.string({ unit: 'binary', maxLength: 12 });
const entry: fc.Arbitrary<AuditEntry> = fc.record({
  who: text,
  station: text,
  slot: fc.option(text),
  profileVersion: fc.option(text),
  model: fc.option(text),
  deviceIds: fc.dictionary(text, text, { maxKeys: 3 }),
  fingerprints: fc.array(text, { maxLength: 3 }),
  step: text,
  result: fc.constantFrom('ok' as const, 'fail' as const, 'info' as const),
  error: fc.option(text),
  timings: fc.record({ startMs: fc.double({ noNaN: true, noDefaultInfinity: true }), durationMs: fc.nat() }),
  data: fc.dictionary(text, fc.jsonValue(), { maxKeys: 3 }) as fc.Arbitrary<Record<string, unknown>>,
  index: fc.nat(),
  time: text,
  prevHash: fc.stringMatching(/^[0-9a-f]{64}$/),
});

describe('audit chain', () => {
  it('the fast entry serializer equals the generic canonical JSON for any entry', () => {
    fc.assert(
      fc.property(entry, (e) => {
        expect(entryCanonicalJson(e)).toBe(canonicalJson(e as unknown as CanonicalValue));
      }),
      { numRuns: 500 },
    );
  });

  it('seals an entry whose hash covers index and prevHash', () => {
    const a = sealEntry(sha256, factsFor(0), { index: 0, prevHash: '0'.repeat(64), time: '2027-01-01T00:00:00.000Z' });
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashEntry(sha256, { ...a.entry, index: 1 })).not.toBe(a.hash);
    expect(hashEntry(sha256, { ...a.entry, prevHash: '1'.repeat(64) })).not.toBe(a.hash);
    expect(hashEntry(sha256, a.entry)).toBe(a.hash);
  });

  it('domain-separates the checkpoint message', () => {
    const message = new TextDecoder().decode(checkpointMessage({ index: 3, hash: 'ab', time: 't', station: 's', signer: 'k' }));
    expect(message).toBe('{"hash":"ab","index":3,"kind":"bootbench-audit-checkpoint-v1","signer":"k","station":"s","time":"t"}');
  });
});
