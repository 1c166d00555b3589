// DDF benchmarks: importing the real corpus against fast-xml-parser's validator + parser alone (the
// floor that our safety checks, line numbers and model building add to), and XSD validation
// batched in one xmllint-wasm call against one call per file, measured side by side.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { findAssetsDir } from '../../src-main/ddf/asset-paths.js';
import { validateWithXsd } from '../../src-main/ddf/xsd-validator.js';
import { importDdf } from '../../src-shared/protocol/ddf/import-ddf.js';
import { median, type BenchRow } from '../support/bench.js';

function corpus(): { name: string; text: string }[] {
  const dir = join(dirname(findAssetsDir()), '../shared/corpus/ddf');
  return readdirSync(dir)
    .filter((n) => n.endsWith('.xml'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

function timeMs(fn: () => unknown, runs: number): number {
  fn();
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

async function timeAsyncMs(fn: () => Promise<unknown>, runs: number): Promise<number> {
  await fn();
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

export default async function bench(): Promise<BenchRow[]> {
  const files = corpus();
  const bytes = files.reduce((n, f) => n + f.text.length, 0);
  // The corpus DOCTYPEs are not readable by fast-xml-parser itself; the floor parses without them.
  const bare = files.map((f) => f.text.replace(/<!DOCTYPE[\s\S]*?\]>/, ''));
  const raw = timeMs(
    () =>
      bare.forEach((t) => {
        XMLValidator.validate(t);
        new XMLParser({ preserveOrder: true, ignoreAttributes: false, parseTagValue: false, processEntities: false }).parse(t);
      }),
    10,
  );
  const full = timeMs(() => files.forEach((f) => importDdf(f.text)), 10);
  const firewall = files.find((f) => f.name === 'firewall-ddf-file.xml')!;
  const big = timeMs(() => importDdf(firewall.text), 20);

  const sample = files.slice(0, 12).map((f) => ({ fileName: f.name, contents: f.text }));
  const batched = await timeAsyncMs(() => validateWithXsd(sample), 3);
  const single = await timeAsyncMs(() => Promise.all(sample.map((s) => validateWithXsd([s]))), 3);
  const wholeCorpus = await timeAsyncMs(() => validateWithXsd(files.map((f) => ({ fileName: f.name, contents: f.text }))), 3);

  return [
    { name: `import corpus (${files.length} files, ${(bytes / 1e6).toFixed(2)} MB)`, value: full, unit: 'ms', baseline: raw, ratio: full / raw, goal: '<= 2x fast-xml-parser validate+parse', pass: full / raw <= 2 },
    { name: 'import throughput', value: bytes / 1e6 / (full / 1000), unit: 'MB/s' },
    { name: 'import firewall-ddf-file.xml (213 KB)', value: big, unit: 'ms', goal: '< 100 ms', pass: big < 100 },
    { name: 'XSD: 12 files in one call vs 12 calls', value: batched, unit: 'ms', baseline: single, ratio: batched / single, goal: '<= 0.5x', pass: batched / single <= 0.5 },
    { name: `XSD: whole corpus in one call (${files.length} files)`, value: wholeCorpus, unit: 'ms' },
  ];
}
