import type { RunProgressed, RunSlotStatus, RunsOverview } from '../../../src-shared/runs/run-status.js';

/** What the Bench knows about runs: each slot's current or last run and the live run settings. */
export interface RunsState {
  readonly slots: ReadonlyMap<string, RunSlotStatus>;
  readonly batchEtaMs: number;
  /** `undefined` until the station answered `runs.list`. */
  readonly concurrency: number | undefined;
  readonly autoRun: boolean | undefined;
}

/** Changes to {@link RunsState}. */
export type RunsAction =
  | { readonly type: 'listed'; readonly overview: RunsOverview }
  | { readonly type: 'progressed'; readonly events: readonly RunProgressed[] }
  | { readonly type: 'autoRun'; readonly autoRun: boolean };

export const INITIAL_RUNS: RunsState = { slots: new Map(), batchEtaMs: 0, concurrency: undefined, autoRun: undefined };

/** Applies a list (replaces every slot) or a batch of progress events (the whole slot status each). */
export function runsReducer(state: RunsState, action: RunsAction): RunsState {
  switch (action.type) {
    case 'listed':
      return { slots: new Map(action.overview.slots.map((s) => [s.slot, s])), batchEtaMs: action.overview.batchEtaMs, concurrency: action.overview.concurrency, autoRun: action.overview.autoRun };
    case 'progressed': {
      if (action.events.length === 0) return state;
      const slots = new Map(state.slots);
      for (const e of action.events) slots.set(e.run.slot, e.run);
      return { ...state, slots, batchEtaMs: action.events[action.events.length - 1]?.batchEtaMs ?? state.batchEtaMs };
    }
    case 'autoRun':
      return { ...state, autoRun: action.autoRun };
  }
}

/** True while a run is queued or under way. */
export const isActive = (run: RunSlotStatus | undefined): boolean => run !== undefined && run.endedAtMs === null;

/** Pass/fail counts of the ended runs among `slots`. */
export function tally(slots: Iterable<RunSlotStatus>): { passed: number; failed: number; active: number } {
  let passed = 0;
  let failed = 0;
  let active = 0;
  for (const s of slots) {
    if (s.endedAtMs === null) active++;
    else if (s.result === 'done' || s.result === 'already-done') passed++;
    else if (s.result === 'failed') failed++;
  }
  return { passed, failed, active };
}

/** What changed between two states, for notifications and the live region. */
export interface RunTransitions {
  /** Runs that ended failed in this change. */
  readonly failed: readonly RunSlotStatus[];
  /** Runs that ended in this change (any result). */
  readonly ended: readonly RunSlotStatus[];
  /** The last active run ended: the batch is done. */
  readonly batchDone: boolean;
  /** Pass/fail/active counts after the change. */
  readonly totals: { readonly passed: number; readonly failed: number; readonly active: number };
}

/** Compares slot maps before and after a batch of events. */
export function transitions(before: ReadonlyMap<string, RunSlotStatus>, after: ReadonlyMap<string, RunSlotStatus>): RunTransitions {
  const ended: RunSlotStatus[] = [];
  for (const [slot, run] of after) {
    const was = before.get(slot);
    if (run.endedAtMs !== null && (was === undefined || was.endedAtMs === null || was.endedAtMs !== run.endedAtMs)) ended.push(run);
  }
  const activeBefore = [...before.values()].some((r) => r.endedAtMs === null);
  const activeAfter = [...after.values()].some((r) => r.endedAtMs === null);
  return { ended, failed: ended.filter((r) => r.result === 'failed'), batchDone: ended.length > 0 && !activeAfter && (activeBefore || ended.length > 0), totals: tally(after.values()) };
}

/** "about 12 s left", "about 2 min left"; empty when nothing is left. */
export function etaText(ms: number): string {
  if (ms <= 0) return '';
  const s = Math.max(1, Math.round(ms / 1000));
  return s < 90 ? `about ${s} s left` : `about ${Math.round(s / 60)} min left`;
}

/** The words of a run's state for people (`Bootstrapping`, `Passed`, `Failed: Device disconnected`). */
export function stateText(run: RunSlotStatus | undefined): string {
  if (run === undefined) return 'Ready';
  switch (run.state) {
    case 'queued':
      return 'Queued';
    case 'identifying':
      return 'Identifying';
    case 'bootstrapping':
      return 'Bootstrapping';
    case 'first-contact':
      return 'Checking';
    case 'done':
      return run.result === 'already-done' ? 'Passed (already done)' : 'Passed';
    case 'failed':
      return 'Failed';
    case 'cancelled':
      return 'Cancelled';
  }
}
