import { isTerminal } from '../../src-shared/runs/run-state.js';
import { BOOTSTRAP_STEPS } from '../bootstrap/journal.js';
import type { BootstrapProgress } from '../bootstrap/cable-bootstrap.js';
import type { HookFacts } from '../hooks/hook-types.js';
import type { RunProgress, SlotResult } from '../runs/run-types.js';
import { openHooks, type HookCliOptions } from './hook-options.js';
import { writeJson, type CliIO } from './io.js';
import { createProgress } from './progress.js';

/** What `run` reports through: JSON progress lines, the terminal bar and the hooks, in one place. */
export interface RunObserver {
  /** For RunManager's `onProgress`. */
  readonly onProgress: (p: RunProgress) => void;
  /** Clears the bar, fires success/failure hooks for the results and waits for every hook. */
  finish(results: readonly SlotResult[]): Promise<void>;
}

/** The IMEI of a run identity (`IMEI:490154203237518`), when it is one. */
function imeiOf(identity: string | undefined): HookFacts {
  const m = identity === undefined ? null : /^IMEI:(\d{14,16})$/.exec(identity);
  return m === null ? {} : { imei: m[1]! };
}

/**
 * The observer of a `run` over `slots` ports: with --json every progress event is a
 * `{"event":"progress",…}` line; on a terminal a bar counts finished slots; hooks fire `attach`
 * when a slot's run starts and `success`/`failure` with each result (`run` never sees a detach).
 */
export async function runObserver(io: CliIO, o: HookCliOptions, slots: number): Promise<RunObserver> {
  const hooks = await openHooks(io, o);
  const bar = createProgress(io, o.json === true, 'run', slots);
  const started = new Set<string>();
  const finished = new Set<string>();
  return {
    onProgress(p) {
      if (o.json === true) writeJson(io, { event: 'progress', ...p });
      if (!started.has(p.slot)) {
        started.add(p.slot);
        void hooks?.fire('attach', { slot: p.slot, ...(p.runId === null ? {} : { runId: p.runId }), ...(p.devId === null ? {} : { devId: p.devId, ...imeiOf(p.devId) }) });
      }
      if (isTerminal(p.state)) finished.add(p.slot);
      bar.update(finished.size, slots, `${p.slot} ${p.step ?? p.state}`);
    },
    async finish(results) {
      bar.clear();
      for (const r of results) {
        const base: HookFacts = { slot: r.slot, ...(r.runId === undefined ? {} : { runId: r.runId }), ...(r.devId === undefined ? {} : { devId: r.devId, ...imeiOf(r.devId) }) };
        if (r.kind === 'done' || r.kind === 'already-done') void hooks?.fire('success', { ...base, ...(r.kind === 'done' ? imeiOf(r.identity) : {}) });
        else void hooks?.fire('failure', { ...base, errorCode: r.kind === 'failed' ? r.error.code : 'CANCELLED', ...(r.kind === 'failed' ? { errorMessage: r.error.message } : {}) });
      }
      await hooks?.drain();
    },
  };
}

/** The bar of one cable bootstrap: one segment per step (docs/cable-bootstrap.md §5). */
export function bootstrapBar(io: CliIO, json: boolean): { readonly onProgress: (p: BootstrapProgress) => void; clear(): void } {
  const bar = createProgress(io, json, 'bootstrap', BOOTSTRAP_STEPS.length);
  return {
    onProgress: (p) => bar.update(p.kind === 'step' ? BOOTSTRAP_STEPS.indexOf(p.step) + 1 : 1, undefined, p.kind === 'step' ? p.step : `identified ${p.devId}`),
    clear: () => bar.clear(),
  };
}
