// Runs every benchmark under test/bench and prints one table of figures and ratios.
//
// A benchmark is `test/bench/<name>.bench.ts` whose default export is an async function returning
// rows: { name, value, unit, baseline?, ratio?, goal?, pass? }. Each file is bundled with esbuild
// and run in this process, one after another, so figures measured side by side share one run.
// Usage: npm run bench [-- <filter>] [--json <file>]
import { build } from 'esbuild';
import { readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
const filter = args.find((a, i) => !a.startsWith('--') && (jsonAt < 0 || i !== jsonAt + 1));
const benchDir = join(root, 'test/bench');
const files = readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter))).sort();
const outDir = join(root, 'out/bench');
mkdirSync(outDir, { recursive: true });

const rows = [];
for (const file of files) {
  const outfile = join(outDir, file.replace(/\.ts$/, '.mjs'));
  await build({ absWorkingDir: root, entryPoints: [join(benchDir, file)], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
  process.stderr.write(`bench: ${file}\n`);
  const mod = await import(pathToFileURL(outfile).href);
  for (const row of await mod.default()) rows.push({ bench: file.replace(/\.bench\.ts$/, ''), ...row });
}

const fmt = (v) => (typeof v === 'number' ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3)) : (v ?? ''));
const table = rows.map((r) => ({
  bench: r.bench,
  measure: r.name,
  value: `${fmt(r.value)} ${r.unit ?? ''}`.trim(),
  baseline: r.baseline === undefined ? '' : `${fmt(r.baseline)} ${r.unit ?? ''}`.trim(),
  ratio: r.ratio === undefined ? '' : `${fmt(r.ratio)}x`,
  goal: r.goal ?? '',
  met: r.pass === undefined ? '' : r.pass ? 'yes' : 'NO',
}));
const cols = ['bench', 'measure', 'value', 'baseline', 'ratio', 'goal', 'met'];
const width = Object.fromEntries(cols.map((c) => [c, Math.max(c.length, ...table.map((r) => String(r[c]).length))]));
const line = (r) => cols.map((c) => String(r[c]).padEnd(width[c])).join('  ');
process.stdout.write(`${line(Object.fromEntries(cols.map((c) => [c, c])))}\n${cols.map((c) => '-'.repeat(width[c])).join('  ')}\n`);
for (const r of table) process.stdout.write(`${line(r)}\n`);
if (jsonFile) writeFileSync(jsonFile, JSON.stringify(rows, null, 2));
