// A station process for the crash-consistency test: opens storage in <dir>, prints `ready <ms>`
// (time from process start), resumes what a previous process left, runs every slot, prints one
// JSON line of results and exits. The parent kills it with SIGKILL at random points.
// Usage: crash-station.mjs <dir> <devices> <concurrency> <bootstrap description file>
import { join } from 'node:path';
import { specDigest } from '../../../src-main/bootstrap/cable-bootstrap.js';
import { RunManager } from '../../../src-main/runs/run-manager.js';
import { openStorage } from '../../../src-main/storage/open-storage.js';
import { fixtureSpec, SimBench, slotName } from './run-harness.js';

const [dir = '', devicesText = '4', concurrencyText = '2', specPath = ''] = process.argv.slice(2);
const storage = await openStorage({ kind: 'sqlite', file: join(dir, 'station.sqlite'), durability: 'normal' });
const spec = await fixtureSpec(specPath);
const bench = new SimBench(join(dir, 'devices'));
const manager = new RunManager({ storage, stationId: 'crash-station', openChannel: bench.open, planFor: () => ({ spec, profileVersion: specDigest(spec) }), journalDir: join(dir, 'journal'), concurrency: Number(concurrencyText), onProgress: (p) => process.stderr.write(`progress ${p.slot} ${p.state} ${p.step ?? ''}\n`) });
const slots = Array.from({ length: Number(devicesText) }, (_, i) => slotName(i));
const resumed = await manager.resume();
process.stdout.write(`ready ${Math.round(performance.now())}\n`);
const results = [...(await resumed.results), ...(await manager.start(slots))];
process.stdout.write(`${JSON.stringify(results.map((r) => ({ slot: r.slot, kind: r.kind, ...(r.kind === 'failed' ? { code: r.error.code } : {}) })))}\n`);
await Promise.allSettled(bench.devices);
await storage.close();
