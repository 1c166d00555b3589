import type { DeviceId } from '../../../src-shared/domain/device.js';
import type { BootbenchApi, Envelope } from '../../../src-shared/ipc/envelope.js';
import type { Output } from '../../../src-shared/ipc/contract.js';
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

  type Version = Output<'profiles.versions'>[number];

  /** A library version like the station's (`approvedBy` null: not approved). */
  export function aVersion(label: string, approvedBy: string | null, hashDigit = label): Version {
    return {
      hash: hashDigit.repeat(64).slice(0, 64),
      label,
      profileId: 'sim-line',
      title: 'Simulated handsets',
      savedAt: '2026-11-24T10:00:00.000Z',
      approval: approvedBy === null ? null : { approvedBy, approvedAt: '2026-11-24T11:00:00.000Z', signer: 'ab'.repeat(32), signature: 'c2ln', valid: true },
    };
  }

  /** {@link FakeBridge} that also answers the runs area, `settings.get`/`settings.set` (auto-run, run profile) and the profile library reads. */
  export class RunsFakeBridge extends FakeBridge {
    runs: RunSlotStatus[] = [];
    autoRun = false;
    runProfile: { name: string; version: string } | null = null;
    /** The profile library: versions per profile name, newest first. */
    library: Record<string, Version[]> = {};
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
          case 'settings.set': {
            this.calls.push({ name, input });
            const update = input as { autoRun?: boolean; runProfile?: { name: string; version: string } | null };
            this.autoRun = update.autoRun ?? this.autoRun;
            if (update.runProfile !== undefined) this.runProfile = update.runProfile;
            return { ok: true, value: this.#settings() };
          }
          // Reads the Bench and the Profiles view make on their own are answered, not recorded.
          case 'settings.get':
            return { ok: true, value: this.#settings() };
          case 'profiles.list':
            return { ok: true, value: Object.entries(this.library).map(([n, vs]) => ({ name: n, latest: vs[0]!, versions: vs.length, approvedVersions: vs.filter((v) => v.approval?.valid === true).length })) };
          case 'profiles.versions':
            return { ok: true, value: this.library[(input as { name: string }).name] ?? [] };
          default:
            return base.invoke(name as never, input as never);
        }
      }) as BootbenchApi['invoke'],
      on: ((name: string, listener: (p: never) => void) => base.on(name as never, listener as never)) as BootbenchApi['on'],
    };
  }

  #settings(): Output<'settings.get'> {
    return { concurrency: 4, storage: { kind: 'sqlite' }, autoRun: this.autoRun, runProfile: this.runProfile };
  }

  /** The station reports a slot's run. */
  progress(run: RunSlotStatus, batchEtaMs = 0): void {
    this.emit('run.progressed', { run, batchEtaMs });
  }
}
