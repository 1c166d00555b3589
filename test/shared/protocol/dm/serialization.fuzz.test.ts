import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { applyMoEntries } from '../../../../src-shared/protocol/dm/apply.js';
import { decodeMoSerialization, encodeMoSerialization, encodeTree, parseMoSerializationJson, type MoEntry } from '../../../../src-shared/protocol/dm/serialization.js';
import { nameProblem } from '../../../../src-shared/protocol/dm/tree/names.js';
import { emptyTree } from '../../../../src-shared/protocol/dm/tree/tree.js';
import type { LeafFormat, TreeNode } from '../../../../src-shared/protocol/dm/tree/types.js';
import { treeArb } from './arbitraries.js';
import { FUZZ_INPUTS, expectPrototypesClean, fuzz, fuzzSeed, mutateText, rng } from './fuzz-support.js';

const LIMITS = { maxDepth: 8, maxNodes: 200, maxValueLength: 64, moJsonMaxChars: 20_000, maxArrayLength: 16 };
const DICT = ['{', '}', '[', ']', '"', ':', ',', 'null', 'true', '12', '1e999', '"__proto__"', '"constructor"', '"prototype"', '{"__proto__":{"polluted":1}}', '"ClientURI"', '"MOData"', '"CV"', '"DDF"', '"urn:oma:mo:x:1.0/m/"', '"urn:oma:mo:x:1.0//"', '"a/b"', '"*"', '"(x)"', '{"a":{"a":{"a":{"a":{"a":'];
const hook = (_m: string, path: readonly string[]): LeafFormat | undefined => ({ ID: 'int', a: 'bin', b: 'bool', 1: 'float' })[path[path.length - 1] ?? ''] as LeafFormat | undefined;

function checkNode(node: TreeNode, depth: number, count: { n: number }): void {
  if (++count.n > LIMITS.maxNodes) throw new Error('node limit not enforced');
  if (depth > LIMITS.maxDepth) throw new Error('depth limit not enforced');
  if (node.kind === 'interior') {
    for (const [name, child] of node.children) {
      if (nameProblem(name) !== undefined) throw new Error(`bad name accepted: ${name}`);
      checkNode(child, depth + 1, count);
    }
  } else if (typeof node.value === 'string' && node.value.length > LIMITS.maxValueLength) throw new Error('value limit not enforced');
}

describe('MO serialization decoder fuzz', () => {
  it(`survives ${FUZZ_INPUTS} generated and mutated inputs with typed errors only`, () => {
    const seed = fuzzSeed();
    const r = rng(seed);
    const seeds = [readFileSync(new URL('../../../fixtures/dm/sensor-tree.json', import.meta.url), 'utf8'), ...fc.sample(treeArb, { numRuns: 300, seed }).map(encodeTree)].filter((t) => t.length < 4000);
    const values = fc.sample(fc.oneof(fc.json({ maxDepth: 5 }).map((j) => JSON.parse(j) as unknown), fc.anything({ maxDepth: 4 })), { numRuns: FUZZ_INPUTS / 10, seed });
    const stats = fuzz(
      seed,
      FUZZ_INPUTS,
      (i) => (i % 10 === 0 ? { value: values[i / 10] } : { text: mutateText(seeds[Math.floor(r() * seeds.length)]!, r, DICT) }),
      (input) => {
        const entries = 'text' in input ? parseMoSerializationJson(input.text, { limits: LIMITS, formatOf: hook }) : decodeMoSerialization(input.value, { limits: LIMITS, formatOf: hook });
        const applied = applyMoEntries(emptyTree(), entries, { creator: { kind: 'local' } });
        if (applied.status !== 'ok' && ![400, 404, 405, 409].includes(applied.code)) throw new Error(`unexpected status ${applied.code}`);
        const again = parseMoSerializationJson(encodeMoSerialization(entries), { limits: { ...LIMITS, moJsonMaxChars: 1e6 }, formatOf: hook });
        if (encodeMoSerialization(again) !== encodeMoSerialization(entries)) throw new Error('encode/decode is not stable');
        return entries;
      },
      ['PROTOCOL_VIOLATION'],
      (out) => {
        const count = { n: 0 };
        for (const e of out as MoEntry[]) checkNode(e.node, 1, count);
      },
    );
    expect(stats.accepted + stats.rejected).toBe(FUZZ_INPUTS);
    expect(stats.accepted).toBeGreaterThan(1000);
    expect(stats.maxMs).toBeLessThan(100);
    expectPrototypesClean();
  });
});
