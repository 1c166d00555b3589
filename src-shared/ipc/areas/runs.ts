import { z } from 'zod';
import { DeviceId } from '../../domain/device.js';
import { RunProgressed, RunsOverview, RunsQueued } from '../../runs/run-status.js';
import type { CommandTable, EventTable } from '../table.js';

/** Production runs on the bench: start, cancel, retry failed, progress with ETA. Commands (`<area>.<verb>`), joined into the contract. */
export const runsCommands = {
  /**
   * Queues a run for the given devices, or for every attached handset (`all`). Resolves at once
   * with the slots queued (progress arrives as `run.progressed`); a slot already queued or running
   * is not queued twice. At most the `concurrency` setting run at once.
   */
  'runs.start': {
    input: z.union([z.strictObject({ deviceIds: z.array(DeviceId).min(1).max(256) }), z.strictObject({ all: z.literal(true) })]),
    output: RunsQueued,
  },
  /** Cancels a device's queued or running run (a running one loses its line); false when it had none. */
  'runs.cancel': { input: z.strictObject({ deviceId: DeviceId }), output: z.strictObject({ cancelled: z.boolean() }) },
  /** Runs again only the slots whose last run failed or was cancelled (the same handset must be on the slot). */
  'runs.retryFailed': { input: z.void(), output: RunsQueued },
  /** Each slot's current or last run, recent ended runs, the batch ETA and the live run settings. */
  'runs.list': { input: z.void(), output: RunsOverview },
} as const satisfies CommandTable;

/** Production runs on the bench: start, cancel, retry failed, progress with ETA. Events (`<noun>.<past-tense verb>`), joined into the contract. */
export const runsEvents = {
  /** A slot's run changed state, reached a bootstrap step or ended (the whole slot status each time). */
  'run.progressed': RunProgressed,
} as const satisfies EventTable;
