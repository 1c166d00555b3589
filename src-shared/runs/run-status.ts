import { z } from 'zod';
import { DeviceId } from '../domain/device.js';
import { ERROR_CODES } from '../errors/provisioning-error.js';
import { RUN_STATES } from './run-state.js';

/** How a slot's last run ended (`already-done`: the device had this profile version already). */
export const RunResultKind = z.enum(['done', 'already-done', 'failed', 'cancelled']);
export type RunResultKind = z.output<typeof RunResultKind>;

/**
 * One slot's run as the station shows it: the run under way, or the last one that ended. Sent
 * whole in every `run.progressed` event, so a client never merges partial updates.
 */
export const RunSlotStatus = z.strictObject({
  slot: z.string().min(1).max(200),
  /** The attached device on the slot when the run was queued (null once the slot is empty). */
  deviceId: DeviceId.nullable(),
  runId: z.string().max(300).nullable(),
  /** The DM DevID the run identified (`IMEI:…`). */
  devId: z.string().max(200).nullable(),
  state: z.enum(RUN_STATES),
  /** The bootstrap step just reached (`package0`, `session`, …), null between steps. */
  step: z.string().max(100).nullable(),
  /** Estimated ms left for this slot (0 once it ended). */
  etaMs: z.number().int().nonnegative(),
  /** 0–1 share of the run behind it (from the ETA model; 1 when ended). */
  fraction: z.number().min(0).max(1),
  result: RunResultKind.nullable(),
  errorCode: z.enum(ERROR_CODES).nullable(),
  errorMessage: z.string().max(2000).nullable(),
  /** How this run was started. */
  trigger: z.enum(['manual', 'auto', 'retry']),
  queuedAtMs: z.number().int().nonnegative(),
  endedAtMs: z.number().int().nonnegative().nullable(),
});
export type RunSlotStatus = z.output<typeof RunSlotStatus>;

/** `run.progressed`: one slot's status and the batch's remaining time. */
export const RunProgressed = z.strictObject({ run: RunSlotStatus, batchEtaMs: z.number().int().nonnegative() });
export type RunProgressed = z.output<typeof RunProgressed>;

/** `runs.list`: each slot's current or last run, recent ended runs and the live run settings. */
export const RunsOverview = z.strictObject({
  slots: z.array(RunSlotStatus),
  /** Ended runs of this station run, newest first (at most 50). */
  recent: z.array(RunSlotStatus),
  batchEtaMs: z.number().int().nonnegative(),
  concurrency: z.number().int().min(1).max(64),
  autoRun: z.boolean(),
});
export type RunsOverview = z.output<typeof RunsOverview>;

/** What `runs.start`/`runs.retryFailed` queued, and what they refused (not a handset, unknown id). */
export const RunsQueued = z.strictObject({
  slots: z.array(z.string()),
  skipped: z.array(z.strictObject({ deviceId: z.string(), reason: z.string().max(300) })),
});
export type RunsQueued = z.output<typeof RunsQueued>;
