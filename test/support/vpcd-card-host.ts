import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import type { FaultCardOptions, FaultPlan } from './fault-card.js';

/** A {@link FaultCard} behind vpcd, running on its own worker thread (see vpcd-card-worker.ts). */
export class VpcdCardWorker {
  private nextId = 0;
  private readonly pending = new Map<number, (value: unknown) => void>();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: { id: number; value: unknown }) => {
      this.pending.get(m.id)?.(m.value);
      this.pending.delete(m.id);
    });
  }

  /** Bundles the worker entry with esbuild (self-contained: workers cannot load TypeScript) and starts it. */
  static start(socketPath: string, options: FaultCardOptions = {}): VpcdCardWorker {
    const dir = mkdtempSync(join(tmpdir(), 'vpcd-worker-'));
    const outfile = join(dir, 'worker.mjs');
    buildSync({ entryPoints: [fileURLToPath(new URL('./vpcd-card-worker.ts', import.meta.url))], outfile, bundle: true, platform: 'node', format: 'esm', logLevel: 'warning' });
    const worker = new Worker(outfile, { workerData: { socketPath, options } });
    worker.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return new VpcdCardWorker(worker);
  }

  private call(request: Record<string, unknown>): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ ...request, id });
    });
  }

  insert(): Promise<unknown> {
    return this.call({ op: 'insert' });
  }
  remove(): Promise<unknown> {
    return this.call({ op: 'remove' });
  }
  setFaults(faults: FaultPlan): Promise<unknown> {
    return this.call({ op: 'faults', faults });
  }
  async stats(): Promise<{ apduCount: number; present: boolean }> {
    return (await this.call({ op: 'stats' })) as { apduCount: number; present: boolean };
  }
  /** Stops the worker thread (the card leaves the reader). */
  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}
