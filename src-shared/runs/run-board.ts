import type { DeviceId } from '../domain/device.js';
import type { SerializedError } from '../errors/provisioning-error.js';
import type { Clock } from '../ports/clock.js';
import { EtaEstimator } from './eta.js';
import { isTerminal, type RunState } from './run-state.js';
import type { RunProgressed, RunSlotStatus } from './run-status.js';

/** How a run was started. */
export type Trigger = RunSlotStatus['trigger'];

/** A run manager progress event (the fields the board reads). */
export interface BoardProgress {
  readonly slot: string;
  readonly runId: string | null;
  readonly devId: string | null;
  readonly state: RunState;
  /** The bootstrap step just reached, when the event is about one. */
  readonly step: string | null;
  /** Estimated time left for this slot (ms). */
  readonly etaMs: number;
  /** Estimated time left for everything queued and active (ms). */
  readonly batchEtaMs: number;
}

/** How a slot's run ended (the fields the board reads). */
export interface BoardResult {
  readonly kind: 'done' | 'already-done' | 'failed' | 'cancelled';
  readonly slot: string;
  readonly devId?: string | undefined;
  readonly runId?: string | undefined;
  readonly error?: SerializedError;
  readonly durationMs: number;
}

const RECENT = 50;

/**
 * Each slot's run status as the UI shows it (pure: times come from the clock passed in). Every
 * change publishes the slot's whole status with the batch ETA: the manager's estimate for the runs
 * it holds plus whole waves of the average run for the slots still waiting for a permit.
 */
export class RunBoard {
  readonly #slots = new Map<string, RunSlotStatus>();
  readonly #startedMs = new Map<string, number>();
  readonly #recent: RunSlotStatus[] = [];
  readonly #eta = new EtaEstimator();
  #runMs: number;
  #batchEtaMs = 0;

  constructor(
    private readonly clock: Clock,
    private readonly emit: (payload: RunProgressed) => void,
  ) {
    this.#runMs = this.#eta.runMs();
  }

  /** A slot waits for a permit behind `ahead` others (`limit` run at once). */
  queued(slot: string, deviceId: DeviceId | null, trigger: Trigger, ahead: number, limit: number): void {
    const etaMs = Math.round((Math.floor(ahead / Math.max(1, limit)) + 1) * this.#runMs);
    this.#startedMs.delete(slot);
    this.#batchEtaMs = Math.max(this.#batchEtaMs, etaMs);
    this.#put({ slot, deviceId, runId: null, devId: null, state: 'queued', step: null, etaMs, fraction: 0, result: null, errorCode: null, errorMessage: null, trigger, queuedAtMs: Math.round(this.clock.nowMs()), endedAtMs: null });
  }

  /** The manager reported a state change or a bootstrap step. */
  progressed(p: BoardProgress, waiting: number, limit: number): void {
    const last = this.#slots.get(p.slot);
    if (last === undefined || last.endedAtMs !== null) return; // a late event of a run that already ended
    if (p.state !== 'queued' && !this.#startedMs.has(p.slot)) this.#startedMs.set(p.slot, this.clock.monotonicMs());
    const started = this.#startedMs.get(p.slot);
    const elapsed = started === undefined ? 0 : this.clock.monotonicMs() - started;
    const etaMs = Math.max(0, Math.round(p.etaMs));
    const fraction = isTerminal(p.state) ? 1 : elapsed + etaMs <= 0 ? 0 : Math.min(0.99, elapsed / (elapsed + etaMs));
    this.#batchEtaMs = Math.max(0, Math.round(p.batchEtaMs + Math.ceil(waiting / Math.max(1, limit)) * this.#runMs));
    this.#put({ ...last, runId: p.runId ?? last.runId, devId: p.devId ?? last.devId, state: p.state, step: p.step, etaMs, fraction });
  }

  /** A slot's run ended: its result, error code and the time it took (done runs teach the ETA). */
  ended(r: BoardResult): void {
    const last = this.#slots.get(r.slot);
    if (last === undefined) return;
    if (r.kind === 'done' && r.durationMs > 0) this.#runMs += 0.3 * (r.durationMs - this.#runMs);
    const state: RunState = r.kind === 'failed' ? 'failed' : r.kind === 'cancelled' ? 'cancelled' : 'done';
    const ended: RunSlotStatus = {
      ...last,
      runId: r.runId ?? last.runId,
      devId: r.devId ?? last.devId,
      state,
      step: null,
      etaMs: 0,
      fraction: 1,
      result: r.kind,
      errorCode: r.error?.code ?? null,
      errorMessage: r.error === undefined ? null : r.error.message.slice(0, 2000),
      endedAtMs: Math.round(this.clock.nowMs()),
    };
    this.#startedMs.delete(r.slot);
    this.#recent.unshift(ended);
    this.#recent.splice(RECENT);
    if (![...this.#slots.values()].some((s) => s.slot !== r.slot && s.endedAtMs === null)) this.#batchEtaMs = 0;
    this.#put(ended);
  }

  /** A slot's current or last run. */
  get(slot: string): RunSlotStatus | undefined {
    return this.#slots.get(slot);
  }

  /** The slot a device's last run was on. */
  slotOf(deviceId: DeviceId): string | undefined {
    return [...this.#slots.values()].find((s) => s.deviceId === deviceId)?.slot;
  }

  /** Every slot (by slot key), the recent ended runs (newest first) and the batch ETA. */
  overview(): { slots: RunSlotStatus[]; recent: RunSlotStatus[]; batchEtaMs: number } {
    const slots = [...this.#slots.values()].sort((a, b) => (a.slot < b.slot ? -1 : a.slot > b.slot ? 1 : 0));
    return { slots, recent: [...this.#recent], batchEtaMs: this.#batchEtaMs };
  }

  #put(status: RunSlotStatus): void {
    this.#slots.set(status.slot, status);
    this.emit({ run: status, batchEtaMs: this.#batchEtaMs });
  }
}
