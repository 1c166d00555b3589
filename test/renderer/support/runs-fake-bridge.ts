import type { DeviceId } from '../../../src-shared/domain/device.js';
import type { BootbenchApi, Envelope } from '../../../src-shared/ipc/envelope.js';
import type { RunSlotStatus } from '../../../src-shared/runs/run-status.js';
import { FakeBridge } from './fake-bridge.js';

/** A run status like the station's, for slot `sim-n`. */
export function aRun(n: number, overrides: Partial<RunSlotStatus> = {}): RunSlotStatus {
  return {
      slot: `sim-${n}`,
      deviceId: `simulated:sim-${n}` as DeviceId,
      runId: null,
      devId: null,
      state: 'queued',
      step: null,
      etaMs: 1800,
      fraction: 0,
      result: null,
      errorCode: null,
      errorMessage: null,
      trigger: 'manual',
      queuedAtMs: 1_700_000_000_000,
      endedAtMs: null,
      ...overrides,
    };
  }

  /** {@link FakeBridge} that also answers the runs area and `settings.set` (auto-run). */
  export class RunsFakeBridge extends FakeBridge {
    runs: RunSlotStatus[] = [];
    autoRun = false;
    constructor() {
      super();
      const base = this.api;
      Object.defineProperty(this, 'api', { value: this.#wrap(base) });
    }

  #wrap(base: BootbenchApi): BootbenchApi {
    return {
      invoke: (async (name: string, input: unknown): Promise<Envelope<unknown>> => {
        switch (name) {
          case 'runs.list':
            this.calls.push({ name, input });
            return { ok: true, value: { slots: this.runs, recent: [], batchEtaMs: 0, concurrency: 4, autoRun: this.autoRun } };
          case 'runs.start':
            this.calls.push({ name, input });
            return { ok: true, value: { slots: this.devices.map((d) => d.slot), skipped: [] } };
          case 'runs.retryFailed':
            this.calls.push({ name, input });
            return { ok: true, value: { slots: [], skipped: [] } };
          case 'runs.cancel':
            this.calls.push({ name, input });
            return { ok: true, value: { cancelled: true } };
          case 'settings.set':
            this.calls.push({ name, input });
            this.autoRun = (input as { autoRun?: boolean }).autoRun ?? this.autoRun;
            return { ok: true, value: { concurrency: 4, storage: { kind: 'sqlite' }, autoRun: this.autoRun } };
          default:
            return base.invoke(name as never, input as never);
        }
      }) as BootbenchApi['invoke'],
      on: ((name: string, listener: (p: never) => void) => base.on(name as never, listener as never)) as BootbenchApi['on'],
    };
  }

  /** The station reports a slot's run. */
  progress(run: RunSlotStatus, batchEtaMs = 0): void {
    this.emit('run.progressed', { run, batchEtaMs });
  }
}
