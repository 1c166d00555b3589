// DM tree benchmarks: MO serialization of a 100k-node tree vs raw JSON of the same data, and
// ClientURI resolution with (x)+nv and * over that tree.
import {
  allInstances,
  applyMoEntries,
  countNodes,
  createInstance,
  emptyTree,
  encodeTree,
  makeInterior,
  makeLeaf,
  parseClientUri,
  parseMoSerializationJson,
  resolveClientUri,
  setNode,
  type ClientUri,
  type ManagementTree,
  type TreeNode,
} from '../../src-shared/protocol/dm/index.js';
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

function time(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function row(name: string, value: number, baseline: number, goal: string): BenchRow {
  return { name, value, unit: 'ms', baseline, ratio: value / baseline, goal, pass: value <= 1.5 * baseline };
}

export default async (): Promise<BenchRow[]> => {
  const plain = plainData();
  const text = JSON.stringify(plain);
  const load = (): ManagementTree => {
    const r = applyMoEntries(emptyTree(), parseMoSerializationJson(text), { creator: { kind: 'local' } });
    if (r.status !== 'ok') throw new Error(r.detail);
    return r.value.tree;
  };
  const changeAll = (t: ManagementTree): ManagementTree => {
    let next = t;
    for (let i = 0; i < INSTANCES; i++) {
      const r = setNode(next, MOID, `s${i}`, ['Setting'], makeLeaf({ format: 'chr', value: 'x' }));
      if (r.status !== 'ok') throw new Error(r.detail);
      next = r.value;
    }
    return next;
  };
  const tree = load();
  if (encodeTree(tree) !== text) throw new Error('bench data does not round-trip');
  for (let w = 0; w < 2; w++) {
    JSON.stringify(plain);
    JSON.parse(text);
    encodeTree(changeAll(load()));
  }

  // The machine may be shared: each figure and its baseline are measured interleaved, run by run,
  // and medians compared, so load spikes hit both sides alike.
  // A tree built in memory (never parsed): no source anywhere, the worst case for serialization.
  const built = (): ManagementTree => {
    const entries: Array<readonly [string, TreeNode]> = [];
    let t = emptyTree();
    for (let i = 0; i < INSTANCES; i++) {
      for (let k = 0; k < ENTRIES; k++) entries.push([`e${k}`, makeInterior([['Date', makeLeaf({ format: 'chr', value: `2026-11-${(k % 28) + 1}` })], ['Value', makeLeaf({ format: 'chr', value: `${i * 31 + k}` })]])]);
      const root = makeInterior([['ID', makeLeaf({ format: 'chr', value: `GPS-${i}` })], ['Setting', makeLeaf({ format: 'chr', value: `0x${(i & 255).toString(16)}` })], ['Data', makeInterior(entries.splice(0))]]);
      const r = createInstance(t, { moid: MOID, miid: `s${i}`, rootName: 'Sensor', root, creator: { kind: 'local' }, cv: `r${i}` });
      if (r.status !== 'ok') throw new Error(r.detail);
      t = r.value;
    }
    return t;
  };
  if (encodeTree(built()) !== text) throw new Error('built tree differs from the bench data');
  const s = { inMemory: [] as number[], cold: [] as number[], changed: [] as number[], warm: [] as number[], stringify: [] as number[], parse: [] as number[], build: [] as number[], jsonParse: [] as number[] };
  for (let r = 0; r < 9; r++) {
    // Cold: loaded from JSON, never serialized, unchanged (serializes from its parsed source).
    const fresh = load();
    s.cold.push(time(() => encodeTree(fresh)));
    // A change in every instance: no source to reuse, every node is walked.
    const changed = changeAll(load());
    s.changed.push(time(() => encodeTree(changed)));
    s.warm.push(time(() => encodeTree(tree)));
    const b = built();
    s.inMemory.push(time(() => encodeTree(b)));
    s.stringify.push(time(() => JSON.stringify(plain)));
    s.parse.push(time(load));
    s.build.push(
      time(() => {
        let n = 0;
        for (const i of allInstances(load())) n += countNodes(i.root);
        if (n !== 100 * INSTANCES) throw new Error(`expected 100k nodes, got ${n}`);
      }),
    );
    s.jsonParse.push(time(() => JSON.parse(text)));
  }
  const stringifyMs = median(s.stringify);
  const jsonParseMs = median(s.jsonParse);

  const opsPerS = (uri: ClientUri, expected: number): number => {
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < 1500) {
      const r = resolveClientUri(tree, uri);
      if (r.status !== 'ok' || r.value.length !== expected) throw new Error('bad resolution');
      n++;
    }
    return (n * 1000) / (performance.now() - t0);
  };

  return [
    row('serialize, loaded and unchanged (cold)', median(s.cold), stringifyMs, '<= 1.5x JSON.stringify'),
    row('serialize, every instance changed (cold)', median(s.changed), stringifyMs, '<= 1.5x JSON.stringify'),
    row('serialize, built in memory (cold, no source)', median(s.inMemory), stringifyMs, '<= 1.5x JSON.stringify'),
    row('serialize again (warm, cached text)', median(s.warm), stringifyMs, '<= 1.5x JSON.stringify'),
    row('parse: decode + apply (nodes built on access)', median(s.parse), jsonParseMs, '<= 1.5x JSON.parse'),
    row('parse and build all 100k nodes', median(s.build), jsonParseMs, '<= 1.5x JSON.parse'),
    row('round trip: parse + serialize (cold)', median(s.parse) + median(s.cold), jsonParseMs + stringifyMs, '<= 1.5x'),
    { name: 'resolve (x)+nv then * (1000 instances, 32 hits)', value: opsPerS(parseClientUri(`${MOID}/(x)/Data/*/Value?nv=(x)/ID:GPS-777`), ENTRIES), unit: 'ops/s' },
    { name: 'resolve */Data/e7/Value (1000 hits)', value: opsPerS(parseClientUri(`${MOID}/*/Data/e7/Value`), INSTANCES), unit: 'ops/s' },
  ];
};
