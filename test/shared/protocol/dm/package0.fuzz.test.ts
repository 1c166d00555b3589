import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePackage0, encodePackage0, signPackage0, verifyPackage0, type Package0 } from '../../../../src-shared/protocol/dm/package0.js';
import { FUZZ_INPUTS, expectPrototypesClean, fuzz, fuzzSeed, mutateBytes, rng } from './fuzz-support.js';

const sha256 = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());
const creds = { secret: new Uint8Array([1, 2, 3]), data: new Uint8Array([4]) };

const package0Arb: fc.Arbitrary<Omit<Package0, 'digest'>> = fc.record({
  version: fc.constant(1),
  serverId: fc.string({ minLength: 1, maxLength: 300 }),
  preferredConType: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  notificationId: fc.option(fc.integer({ min: 0, max: 0xffff }), { nil: undefined }),
  timestampS: fc.option(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { nil: undefined }),
  reqMos: fc.boolean(),
}).map((p) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as Omit<Package0, 'digest'>);

describe('Package#0 decoder fuzz', () => {
  it(`survives ${FUZZ_INPUTS} generated and mutated notifications with typed errors only`, () => {
    const seed = fuzzSeed();
    const r = rng(seed);
    const seeds = fc.sample(package0Arb, { numRuns: 500, seed }).map((p, i) => (i % 2 === 0 ? signPackage0(p, creds, sha256) : encodePackage0({ ...p, version: 1 })));
    const generated = fc.sample(fc.uint8Array({ maxLength: 80 }), { numRuns: FUZZ_INPUTS / 5, seed });
    const stats = fuzz(
      seed,
      FUZZ_INPUTS,
      (i) => (i % 5 === 0 ? generated[i / 5]! : mutateBytes(seeds[Math.floor(r() * seeds.length)]!, r)),
      (bytes) => {
        const p = decodePackage0(bytes, { maxBytes: 512 });
        verifyPackage0(bytes, creds, sha256, { maxBytes: 512 });
        const again = encodePackage0(p);
        const masked = bytes.slice();
        masked[1] = masked[1]! & 0x80; // RESERVED bits are ignored on decode and written as 0
        if (Buffer.compare(again, masked) !== 0) throw new Error('decode/encode is not the identity');
        return p;
      },
      ['PROTOCOL_VIOLATION'],
      (out, bytes) => {
        if (bytes.length > 512) throw new Error('size limit not enforced');
        void out;
      },
    );
    expect(stats.accepted + stats.rejected).toBe(FUZZ_INPUTS);
    expect(stats.accepted).toBeGreaterThan(1000);
    expect(stats.maxMs).toBeLessThan(100);
    expectPrototypesClean();
  });
});
