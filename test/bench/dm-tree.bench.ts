// DM tree benchmarks: MO serialization of a 100k-node tree vs raw JSON of the same data, and
// ClientURI resolution with (x)+nv and * over that tree.
import { applyMoEntries, emptyTree, encodeTree, parseClientUri, parseMoSerializationJson, resolveClientUri } from '../../src-shared/protocol/dm/index.js';
import { median, type BenchRow } from '../support/bench.js';

const MOID = 'urn:oma:mo:ex-sensor:1.0';
const INSTANCES = 1000;
const ENTRIES = 32;

/** The same data as plain JSON values: 1000 instances × 100 nodes = 100,000 nodes. */
function plainData(): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < INSTANCES; i++) {
    const data: Record<string, unknown> = {};
    for (let k = 0; k < ENTRIES; k++) data[`e${k}`] = { Date: `2026-11-${(k % 28) + 1}`, Value: `${i * 31 + k}` };
    out.push({ ClientURI: `${MOID}/s${i}/`, CV: `r${i}`, MOData: { Sensor: { ID: `GPS-${i}`, Setting: `0x${(i & 255).toString(16)}`, Data: data } } });
  }
  return out;
}

function time(fn: () => unknown, runs: number): number {
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

export default async (): Promise<BenchRow[]> => {
  const plain = plainData();
  const text = JSON.stringify(plain);
  const entries = parseMoSerializationJson(text);
  const applied = applyMoEntries(emptyTree(), entries, { creator: { kind: 'local' } });
  if (applied.status !== 'ok') throw new Error(applied.detail);
  const tree = applied.value.tree;
  if (JSON.stringify(JSON.parse(encodeTree(tree))) !== text) throw new Error('bench data does not round-trip');

  const runs = 15;
  for (let w = 0; w < 3; w++) {
    encodeTree(tree);
    JSON.stringify(plain);
    JSON.parse(text);
    parseMoSerializationJson(text);
  }
  // Cold: trees never serialized before (fresh nodes, empty text cache). Warm: the same tree again.
  const fresh = Array.from({ length: 7 }, () => {
    const r = applyMoEntries(emptyTree(), parseMoSerializationJson(text), { creator: { kind: 'local' } });
    if (r.status !== 'ok') throw new Error(r.detail);
    return r.value.tree;
  });
  const coldMs = median(fresh.map((t) => time(() => encodeTree(t), 1)));
  const encodeMs = time(() => encodeTree(tree), runs);
  const stringifyMs = time(() => JSON.stringify(plain), runs);
  const parseMs = time(() => {
    const r = applyMoEntries(emptyTree(), parseMoSerializationJson(text), { creator: { kind: 'local' } });
    if (r.status !== 'ok') throw new Error(r.detail);
  }, runs);
  const jsonParseMs = time(() => JSON.parse(text), runs);

  const xnameUri = parseClientUri(`${MOID}/(x)/Data/*/Value?nv=(x)/ID:GPS-777`);
  const starUri = parseClientUri(`${MOID}/*/Data/e7/Value`);
  const opsPerS = (uri: typeof xnameUri, expected: number) => {
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < 1500) {
      const r = resolveClientUri(tree, uri);
      if (r.status !== 'ok' || r.value.length !== expected) throw new Error('bad resolution');
      n++;
    }
    return (n * 1000) / (performance.now() - t0);
  };
  const xnameOps = opsPerS(xnameUri, ENTRIES);
  const starOps = opsPerS(starUri, INSTANCES);

  const ratio = (a: number, b: number) => a / b;
  return [
    { name: 'serialize 100k-node tree, cold (encodeTree)', value: coldMs, unit: 'ms', baseline: stringifyMs, ratio: ratio(coldMs, stringifyMs), goal: '<= 1.5x JSON.stringify', pass: coldMs <= 1.5 * stringifyMs },
    { name: 'serialize 100k-node tree, warm (encodeTree)', value: encodeMs, unit: 'ms', baseline: stringifyMs, ratio: ratio(encodeMs, stringifyMs), goal: '<= 1.5x JSON.stringify', pass: encodeMs <= 1.5 * stringifyMs },
    { name: 'parse 100k-node tree (decode + apply)', value: parseMs, unit: 'ms', baseline: jsonParseMs, ratio: ratio(parseMs, jsonParseMs), goal: '<= 1.5x JSON.parse', pass: parseMs <= 1.5 * jsonParseMs },
    {
      name: 'round trip, cold (serialize + parse)',
      value: coldMs + parseMs,
      unit: 'ms',
      baseline: stringifyMs + jsonParseMs,
      ratio: ratio(coldMs + parseMs, stringifyMs + jsonParseMs),
      goal: '<= 1.5x',
      pass: coldMs + parseMs <= 1.5 * (stringifyMs + jsonParseMs),
    },
    { name: 'resolve (x)+nv then * (1000 instances, 32 hits)', value: xnameOps, unit: 'ops/s' },
    { name: 'resolve */Data/e7/Value (1000 hits)', value: starOps, unit: 'ops/s' },
  ];
};
