import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodePackage1,
  decodePackage2,
  decodePackage3,
  parsePackage1Json,
  parsePackage2Json,
  parsePackage3Json,
  type DmLimits,
  type Package1,
  type Package2,
  type Package3,
} from '../../../../../src-shared/protocol/dm/index.js';
import { FUZZ_INPUTS, expectInert, expectPrototypesClean, fuzz, fuzzSeed, mutateText, rng } from '../fuzz-support.js';

const LIMITS: Partial<DmLimits> = { maxCommands: 8, maxCommandArgs: 4, maxArrayLength: 8, maxStringLength: 200, maxDepth: 10, packageMaxChars: 4096 };
const DICT = ['{', '}', '[', ']', '"', ':', ',', 'null', 'true', '1e999', '-0', '"__proto__"', '"constructor"', '"prototype"', '{"__proto__":{"polluted":1}}', '"CMD"', '"Status"', '"sc"', '"MOS"', '"MIID"', '"Alert"', '"AlertType"', '"Data"', '"URI"', '"END"', '"GET"', '"HGET"', '"https://s/x"', '"urn:oma:mo:x:1.0/m/A"', '\\u0000', '\\ud800', '[[[[[[[[[[[[', '{"a":{"a":{"a":{"a":'];

const SEEDS = {
  p1: [
    '{"MOS":[{"DDF":"https://d/x.ddf","MOID":"urn:oma:mo:oma-dm-devinfo:1.2","MIID":["di"]}],"Alert":[{"AlertType":"urn:oma:at:dm:2.0:ServerInitiatedMgmt","DataType":"int","Data":{"NotificationID":258}}]}',
    '{"Alert":[{"AlertType":"x","SourceURI":"urn:oma:mo:x:1.0/m/","TargetURI":"t","Mark":"warning"}]}',
  ],
  p2: [
    '{"CMD":[["CONT","https://dms/s/1"],["GET","urn:oma:mo:x:1.0/(x)/A?nv=(x)/B:1"],["HGET","https://r/1","urn:oma:mo:x:1.0/m/A"],["EXEC","urn:oma:mo:x:1.0/m/Op","https://dms/a"],["END"]]}',
    '{"CMD":[["DEFAULT","urn:oma:mo:x:1.0","https://r/d"],["SUB","https://r/s","urn:oma:mo:x:1.0/*/A"],["UNSUB","urn:oma:mo:x:1.0/*/A"],["SHOW","https://w/ui"]]}',
  ],
  p3: [
    '{"Status":[{"sc":200},{"sc":200,"MOS":[{"ClientURI":"urn:oma:mo:x:1.0/m/A","MOData":{"A":"1"}}]},{"sc":202,"URI":["urn:oma:mo:x:1.0/m/"]}],"Alert":[{"AlertType":"a","Data":{"DM1x":1200}}]}',
  ],
};

function checkLimits(out: unknown): void {
  expectInert(out);
  const p = out as Partial<Package1 & Package2 & Package3>;
  if ((p.commands?.length ?? 0) > 8 || (p.Status?.length ?? 0) > 8 || (p.MOS?.length ?? 0) > 8 || (p.Alert?.length ?? 0) > 8) throw new Error('array limit not enforced');
  const walk = (v: unknown, depth: number): void => {
    if (typeof v === 'string' && v.length > 200) throw new Error(`string limit not enforced: ${v.slice(0, 300)}`);
    if (depth > 12) throw new Error('depth limit not enforced');
    if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) for (const x of v instanceof Map ? v.values() : Object.values(v)) walk(x, depth + 1);
  };
  walk(out, 0);
}

describe.each([
  ['Package#1', SEEDS.p1, parsePackage1Json, decodePackage1],
  ['Package#2', SEEDS.p2, parsePackage2Json, decodePackage2],
  ['Package#3', SEEDS.p3, parsePackage3Json, decodePackage3],
] as const)('%s decoder fuzz', (_name, seeds, parseText, decodeValue) => {
  it(`survives ${FUZZ_INPUTS} generated and mutated inputs with typed errors only`, () => {
    const seed = fuzzSeed();
    const r = rng(seed);
    const values = fc.sample(fc.oneof(fc.json({ maxDepth: 4 }).map((j) => JSON.parse(j) as unknown), fc.anything({ maxDepth: 3 })), { numRuns: FUZZ_INPUTS / 10, seed });
    const stats = fuzz(
      seed,
      FUZZ_INPUTS,
      (i) => (i % 10 === 0 ? { value: values[i / 10] } : { text: mutateText(seeds[Math.floor(r() * seeds.length)]!, r, DICT) }),
      (input) => ('text' in input ? parseText(input.text, { limits: LIMITS }) : decodeValue(input.value, { limits: LIMITS })),
      ['PROTOCOL_VIOLATION'],
      checkLimits,
    );
    expect(stats.accepted + stats.rejected).toBe(FUZZ_INPUTS);
    expect(stats.accepted).toBeGreaterThan(500);
    expect(stats.maxMs).toBeLessThan(100);
    expectPrototypesClean();
  });
});
