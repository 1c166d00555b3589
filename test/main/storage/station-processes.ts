import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..', '..', '..');

/** Bundles the allocation worker into out/ (so its imports resolve from the repo's node_modules). */
export async function buildAllocationWorker(): Promise<string> {
  const outfile = join(root, 'out', 'test-workers', 'allocation-worker.mjs');
  await mkdir(join(root, 'out', 'test-workers'), { recursive: true });
  await build({ absWorkingDir: root, entryPoints: ['test/main/storage/allocation-worker.ts'], outfile, bundle: true, platform: 'node', target: 'node22', format: 'esm', packages: 'external', logLevel: 'warning' });
  return outfile;
}

/** A running worker process with its collected output. */
interface Worker {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  readonly done: Promise<string[]>;
}

function startWorker(script: string, args: readonly string[]): Worker {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.startsWith('ready\n')) markReady();
  });
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const done = new Promise<string[]>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`worker exited ${code}: ${err}`));
      const line = out.split('\n').filter((l) => l.startsWith('['))[0];
      resolve(line === undefined ? [] : (JSON.parse(line) as string[]));
    });
  });
  return { child, ready: Promise.race([ready, done.then(() => undefined)]), done };
}

/** Runs two station processes against one database, starts them together, returns what each produced. */
export async function runTwoStations(script: string, target: string, countEach: number, mode: 'allocate' | 'audit' | 'device' = 'allocate'): Promise<string[][]> {
  const workers = [startWorker(script, [target, 'station-a', String(countEach), mode]), startWorker(script, [target, 'station-b', String(countEach), mode])];
  try {
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.child.stdin!.write('go\n');
    return await Promise.all(workers.map((w) => w.done));
  } finally {
    for (const w of workers) if (w.child.exitCode === null && w.child.pid !== undefined) process.kill(w.child.pid, 'SIGKILL');
  }
}
