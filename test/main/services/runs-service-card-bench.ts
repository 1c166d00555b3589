/**
 * A card bench for RunsService tests (runs-service-card*.test.ts, test/main/runs/*card*.test.ts):
 * reader records as the station's PC/SC source publishes them, a real registry, trace and
 * in-memory SQLite, and waiting for a slot's ended run on the bus (never a sleep).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { DeviceSummary } from '../../../src-shared/domain/device.js';
import type { RunSlotStatus } from '../../../src-shared/runs/run-status.js';
import { EventBus } from '../../../src-main/ipc/event-bus.js';
import { profilePlanFor } from '../../../src-main/runs/profile-plan.js';
import type { PlanFor } from '../../../src-main/runs/run-types.js';
import { deviceIdOf, DeviceRegistry } from '../../../src-main/services/device-registry.js';
import { RunsService, type RunsServiceOptions } from '../../../src-main/services/runs-service.js';
import { SettingsService } from '../../../src-main/services/settings-service.js';
import { openStorage, type Storage } from '../../../src-main/storage/open-storage.js';
import { TraceRecorder } from '../../../src-main/trace/trace-recorder.js';
import { startCardLab, type CardLab } from '../../support/card-lab.js';

/** A reader record exactly as the station's PC/SC source publishes it. */
export function readerRecord(name: string, card?: { atr: string; iccid?: string }): DeviceSummary {
  return {
    id: deviceIdOf('pcsc', name),
    slot: `reader:${name}`,
    transport: 'pcsc',
    kind: 'card-reader',
    label: name,
    identity: card === undefined ? {} : { atr: card.atr, ...(card.iccid === undefined ? {} : { iccid: card.iccid }) },
    attachedAtMs: Date.now(),
  };
}

export interface CardBench {
  readonly runs: RunsService;
  readonly registry: DeviceRegistry;
  readonly bus: EventBus;
  readonly trace: TraceRecorder;
  readonly storage: Storage;
  readonly settings: SettingsService;
  /** Resolves with the slot's `count`-th ended run (waits on `run.progressed`). */
  ended(slot: string, count?: number): Promise<RunSlotStatus>;
}

/** A RunsService over a real registry, trace and in-memory SQLite; without `plan`, the station's own (no profile chosen: the demo description). */
export async function cardBench(plan: ((storage: Storage, dataDir: string) => PlanFor) | undefined, cleanups: (() => Promise<void>)[], extra: Partial<Pick<RunsServiceOptions, 'connectCard'>> = {}): Promise<CardBench> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bb-card-runs-'));
  const bus = new EventBus();
  const registry = new DeviceRegistry(bus);
  const settings = new SettingsService(undefined);
  const trace = new TraceRecorder();
  const storage = await openStorage({ kind: 'sqlite', file: ':memory:' });
  const ends: RunSlotStatus[] = [];
  const waiters: (() => void)[] = [];
  bus.subscribe((name, payload) => {
    if (name !== 'run.progressed') return;
    const { run } = payload as { run: RunSlotStatus };
    if (run.endedAtMs !== null) ends.push(run);
    for (const w of waiters.splice(0)) w();
  });
  const runs = await RunsService.open({
    bus,
    registry,
    settings,
    dataDir: undefined,
    clock: { nowMs: () => Date.now(), monotonicMs: () => performance.now() },
    openLine: () => Promise.reject(new Error('no cable slots on this bench')),
    openStorage: async () => storage,
    ...(plan === undefined ? {} : { planFor: plan(storage, dataDir) }),
    trace,
    stationId: 'st-card',
    ...extra,
  });
  cleanups.push(async () => {
    await runs.close();
    trace.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const ended = (slot: string, count = 1): Promise<RunSlotStatus> =>
    new Promise((resolve) => {
      const check = (): void => {
        const hit = ends.filter((r) => r.slot === slot)[count - 1];
        if (hit !== undefined) resolve(hit);
        else waiters.push(check);
      };
      check();
    });
  return { runs, registry, bus, trace, storage, settings, ended };
}

/** The plan of a profile file, compiled per device by the station's compiler. */
export const profile = (file: string) => (storage: Storage, dataDir: string): PlanFor => profilePlanFor({ file, dataDir, storage, stationId: 'st-card' });

/**
 * The card lab for one test file: started before its tests (and before the smartcard addon makes
 * its first context, so libpcsclite talks to this lab's pcscd), stopped after them; `cleanups` run
 * after each test, newest first.
 */
export function useCardLab(): { readonly lab: () => CardLab; readonly cleanups: (() => Promise<void>)[] } {
  let lab: CardLab | undefined;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    lab = await startCardLab();
    process.env['PCSCLITE_CSOCK_NAME'] = lab.socketPath;
  });
  afterAll(async () => {
    await lab?.stop();
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  return {
    lab: () => {
      if (lab === undefined) throw new Error('the card lab starts in beforeAll');
      return lab;
    },
    cleanups,
  };
}
