/**
 * Fuzzing the DDF importer: 10^5 generated and mutated inputs per run (deterministic seeds).
 *
 * Properties: `importDdf` never throws (only typed results escape), no input takes more than
 * 100 ms, depth/node/size limits hold, accepted inputs round-trip through the exporter, and node
 * names such as `__proto__`/`constructor` are inert data.
 */
import { describe, expect, test } from 'vitest';
import { exportDdf } from '../../../../src-shared/protocol/ddf/export-ddf.js';
import { importDdf } from '../../../../src-shared/protocol/ddf/import-ddf.js';
import { listNodes } from '../../../../src-shared/protocol/ddf/ddf-paths.js';
import type { DdfDocument } from '../../../../src-shared/protocol/ddf/model.js';

const LIMITS = { maxInputChars: 4096, maxDepth: 6, maxNodes: 40, maxElements: 2000 } as const;

/** xorshift32: deterministic, seedable. */
function rng(seed: number): { int(n: number): number; pick<T>(xs: readonly T[]): T } {
  let s = seed >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  return { int: (n) => next() % n, pick: (xs) => xs[next() % xs.length]! };
}
type Rng = ReturnType<typeof rng>;

/** Valid choices first; `mostly` picks from the valid prefix 9 times in 10. */
const NAMES = ['a', 'DevInfo', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', ' x ', 'é', '&lt;x>', '&amp;', 'a/b'];
const VALID_NAMES = 11;
const FORMATS = ['chr', 'int', 'node', 'bool', 'b64', 'bin', 'xml', 'null', 'date', 'time', 'float', 'string', ''];
const VALID_FORMATS = 11;
const OCCURRENCES = ['<One/>', '<ZeroOrOne/>', '<ZeroOrMore/>', '<OneOrMore/>', '<ZeroOrN>3</ZeroOrN>', '<OneOrN> 2 </OneOrN>', '', '<OneOrN>0</OneOrN>', '<OneOrN>x</OneOrN>', '<Two/>'];
const VALID_OCCURRENCES = 7;
const ACCESS = ['<Get/>', '<Add/>', '<Replace/>', '<Delete/>', '<Exec/>', '<Copy/>', '<Get></Get>', '<Bogus/>'];
const VALID_ACCESS = 7;
const EXTRAS = [
  '<MSFT:Applicability><MSFT:OsBuildVersion>10.0</MSFT:OsBuildVersion></MSFT:Applicability>',
  '<MSFT:AllowedValues ValueType="ENUM"><MSFT:Enum><MSFT:Value>0</MSFT:Value></MSFT:Enum></MSFT:AllowedValues>',
  '<v:x xmlns:v="urn:v" __proto__="1" constructor="2">t&lt;</v:x>',
  '<Description>d &amp; &#x41; <![CDATA[<raw>&amp;]]></Description>',
  '<DefaultValue> 0 </DefaultValue>',
  '<CaseSense><CIS/></CaseSense>',
  '<DFTitle>t</DFTitle>',
  '<Scope><Dynamic/></Scope>',
  '<undeclared:x/>',
];
const VALID_EXTRAS = 8;

function mostly<T>(r: Rng, xs: readonly T[], valid: number): T {
  return r.int(10) === 0 ? r.pick(xs) : xs[r.int(valid)]!;
}

const TOKENS = [
  '<', '>', '/>', '</', '&', '&amp;', '&#0;', '&#x10FFFF;', '&bogus;', '"', "'", '<!--', '-->', '<![CDATA[', ']]>', '<?pi?>', '\u0000', '\uD800', '\r\n',
  '<Node>', '</Node>', '<NodeName>__proto__</NodeName>', '<NodeName>constructor</NodeName>', '<DFProperties>', '</DFProperties>',
  '<!DOCTYPE MgmtTree [<!ENTITY a "aaaaaaaaaa">]>', '<!DOCTYPE MgmtTree PUBLIC "p" "s" [<?x?>]>', 'xmlns="urn:d"', ' xmlns:MSFT="urn:m"', '<Value>v</Value>',
  '<RTProperties><Type><MIME>x</MIME></Type></RTProperties>', '<Path>./a</Path>', '<identity>', '<VerDTD>1.2</VerDTD>',
];

function genNode(r: Rng, depth: number, maxDepth: number): string {
  const name = mostly(r, NAMES, VALID_NAMES);
  const access = Array.from({ length: r.int(2) + (r.int(8) === 0 ? 1 : 0) }, () => mostly(r, ACCESS, VALID_ACCESS)).join('');
  const format = mostly(r, FORMATS, VALID_FORMATS);
  const extras = Array.from({ length: r.int(4) === 0 ? 1 : 0 }, () => mostly(r, EXTRAS, VALID_EXTRAS)).join('');
  const props =
    r.int(10) === 0
      ? ''
      : `<DFProperties><AccessType>${access}</AccessType>${extras}<DFFormat>${format === '' ? '' : `<${format}/>`}</DFFormat><Occurrence>${mostly(r, OCCURRENCES, VALID_OCCURRENCES)}</Occurrence><DFType>${r.int(2) === 0 ? '<MIME>text/plain</MIME>' : '<DDFName>urn:x</DDFName>'}</DFType></DFProperties>`;
  const kids = depth < maxDepth ? Array.from({ length: r.int(depth < 2 ? 3 : 2) }, () => genNode(r, depth + 1, maxDepth)).join('') : '';
  const value = kids === '' && r.int(8) === 0 ? '<Value>v</Value>' : '';
  return `<Node><NodeName>${name}</NodeName>${props}${kids}${value}</Node>`;
}

function generate(r: Rng, maxDepth = 8): string {
  const prolog = r.int(3) === 0 ? '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE MgmtTree PUBLIC "-//OMA//DTD-DM-DDF 1.2//EN" "x.dtd" [<?oma-dm-ddf-ver supported-versions="1.2"?>]>\n' : '';
  const nodes = Array.from({ length: 1 + (r.int(4) === 0 ? 1 : 0) }, () => genNode(r, 1, maxDepth)).join('\n');
  return `${prolog}<MgmtTree xmlns:MSFT="http://schemas.microsoft.com/MobileDevice/DM">\n<VerDTD>1.2</VerDTD>\n${nodes}\n</MgmtTree>\n`;
}

function mutate(r: Rng, text: string): string {
  let out = text;
  for (let k = 1 + r.int(4); k > 0; k--) {
    const i = r.int(out.length + 1);
    const j = Math.min(out.length, i + r.int(24));
    switch (r.int(6)) {
      case 0:
        out = out.slice(0, i) + r.pick(TOKENS) + out.slice(i);
        break;
      case 1:
        out = out.slice(0, i) + out.slice(j);
        break;
      case 2:
        out = out.slice(0, i) + out.slice(i, j) + out.slice(i);
        break;
      case 3:
        out = out.slice(0, i) + String.fromCharCode(r.int(0x80)) + out.slice(i + 1);
        break;
      case 4:
        out = out.slice(0, i);
        break;
      default: {
        const a = r.int(out.length + 1);
        out = out.slice(0, a) + out.slice(i, j) + out.slice(a);
      }
    }
  }
  return out;
}

function maxDepth(doc: DdfDocument): number {
  return Math.max(0, ...listNodes(doc).map((n) => n.depth + 1));
}

interface Stats {
  chars: number;
  accepted: number;
  rejected: number;
  slowestMs: number;
  slowest?: string;
  suspects: string[];
}

/** The fastest of three later runs of an input, in ms. */
function remeasure(input: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    importDdf(input, { limits: LIMITS });
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** Runs one input through every property; returns a failure description or undefined. */
function check(input: string, stats: Stats): string | undefined {
  stats.chars += input.length;
  const t0 = performance.now();
  let result: ReturnType<typeof importDdf>;
  try {
    result = importDdf(input, { limits: LIMITS });
  } catch (error) {
    return `threw ${String(error)} for ${JSON.stringify(input.slice(0, 300))}`;
  }
  const ms = performance.now() - t0;
  if (ms > stats.slowestMs) stats.slowest = input;
  stats.slowestMs = Math.max(stats.slowestMs, ms);
  // One slow run can be a GC pause or the scheduler on a loaded machine: such inputs are measured
  // again at the end of the batch, and only inputs that stay slow fail.
  if (ms > 100) stats.suspects.push(input);
  if (!result.ok) {
    stats.rejected += 1;
    if (typeof result.error.message !== 'string' || result.error.message === '') return 'rejection without a message';
    if (result.error.line !== undefined && !(Number.isInteger(result.error.line) && result.error.line >= 0)) return `bad line ${result.error.line}`;
    return undefined;
  }
  stats.accepted += 1;
  const doc = result.value.document;
  if (listNodes(doc).length > LIMITS.maxNodes) return 'node limit exceeded';
  if (maxDepth(doc) > LIMITS.maxDepth) return 'depth limit exceeded';
  const again = importDdf(exportDdf(doc), { limits: { ...LIMITS, maxInputChars: 1_000_000 } });
  if (!again.ok) return `export did not re-import: ${again.error.message} for ${JSON.stringify(input.slice(0, 300))}`;
  // Plain data built in the same order both times: equal models serialise identically.
  if (JSON.stringify(again.value.document) !== JSON.stringify(doc)) return `round trip changed the model for ${JSON.stringify(input.slice(0, 300))}`;
  return undefined;
}

describe('importDdf fuzz (10^5 inputs)', () => {
  const seeds = Array.from({ length: 64 }, (_, i) => generate(rng(1000 + i), 3)).filter((t) => importDdf(t, { limits: LIMITS }).ok);

  // 10k generated documents (each accepted one also round-trips) + 3 × 30k mutated = 10^5 inputs.
  test.each([
    ['generated', 1, 10_000],
    ['mutated A', 2, 30_000],
    ['mutated B', 3, 30_000],
    ['mutated C', 4, 30_000],
  ] as const)('%s (seed %i): %i inputs yield only typed results, fast', (kind, seed, count) => {
    const r = rng(seed * 7919);
    const stats: Stats = { chars: 0, accepted: 0, rejected: 0, slowestMs: 0, suspects: [] };
    for (let n = 0; n < count; n++) {
      const input = kind === 'generated' ? generate(r) : mutate(r, r.int(4) === 0 ? generate(r, 3) : r.pick(seeds));
      const failure = check(input, stats);
      if (failure !== undefined) expect.fail(failure);
    }
    for (const input of stats.suspects) {
      const ms = remeasure(input);
      if (ms > 100) expect.fail(`took ${ms.toFixed(1)} ms every time: ${JSON.stringify(input.slice(0, 300))}`);
    }
    expect(stats.suspects.length).toBeLessThan(count / 100);
    expect(stats.accepted + stats.rejected).toBe(count);
    // Both outcomes must be exercised, or the fuzzer is not testing much.
    expect(stats.accepted).toBeGreaterThan(100);
    expect(stats.rejected).toBeGreaterThan(100);
    expect(Object.keys(Object.prototype)).toEqual([]);
    console.info(`${kind}: ${stats.accepted} accepted, ${stats.rejected} rejected, slowest first run ${stats.slowestMs.toFixed(1)} ms (${stats.suspects.length} re-measured), mean length ${Math.round(stats.chars / count)}`);
  });
});

describe('limits and hostile names', () => {
  const node = (inner: string, name = 'n') =>
    `<Node><NodeName>${name}</NodeName><DFProperties><AccessType><Get/></AccessType><DFFormat><node/></DFFormat></DFProperties>${inner}</Node>`;
  const doc = (nodes: string) => `<MgmtTree><VerDTD>1.2</VerDTD>${nodes}</MgmtTree>`;

  test('nodes nested beyond maxDepth are refused with the limit in the message', () => {
    let inner = '';
    for (let i = 0; i < 7; i++) inner = node(inner);
    expect(importDdf(doc(inner), { limits: LIMITS })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/nested deeper than 6|elements nested deeper/) } });
  });

  test('100,000 nested elements are refused quickly, without a stack overflow', () => {
    const deep = `${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`;
    const t0 = performance.now();
    const result = importDdf(deep);
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringMatching(/nested deeper/) } });
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  test('more than maxNodes nodes, and inputs over maxInputChars, are refused', () => {
    expect(importDdf(doc(node('').repeat(41)), { limits: { ...LIMITS, maxInputChars: 1e6 } })).toMatchObject({ ok: false, error: { message: 'more than 40 nodes' } });
    expect(importDdf(' '.repeat(4097), { limits: LIMITS })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/too large/) } });
  });

  test('entity declarations are refused before parsing (no expansion)', () => {
    const bomb = `<!DOCTYPE MgmtTree [<!ENTITY a "${'x'.repeat(100)}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n${doc(node('&b;'))}`;
    expect(importDdf(bomb)).toMatchObject({ ok: false, error: { line: 1, message: expect.stringMatching(/<!ENTITY/) } });
  });

  test('__proto__ / constructor node names and attributes are plain data', () => {
    const hostile = doc(
      node(node('', 'constructor') + node('', 'prototype'), '__proto__').replace(
        '</DFFormat>',
        '</DFFormat><MSFT:X xmlns:MSFT="urn:m" __proto__="p" constructor="c"><MSFT:__proto__/></MSFT:X>',
      ),
    );
    const result = importDdf(hostile);
    if (!result.ok) throw new Error(result.error.message);
    const [root] = result.value.document.nodes;
    expect(root!.name).toBe('__proto__');
    expect(root!.children.map((c) => c.name)).toEqual(['constructor', 'prototype']);
    expect(root!.properties!.extensions[0]).toEqual({
      name: 'MSFT:X',
      namespace: 'urn:m',
      attributes: [
        { name: '__proto__', value: 'p' },
        { name: 'constructor', value: 'c' },
      ],
      children: [{ name: 'MSFT:__proto__', namespace: 'urn:m', attributes: [], children: [] }],
    });
    expect(Object.getPrototypeOf(root)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['p']).toBeUndefined();
    expect(importDdf(exportDdf(result.value.document))).toMatchObject({ ok: true, value: { document: result.value.document } });
  });
});
