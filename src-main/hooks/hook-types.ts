import { z } from 'zod';

/** When a hook runs: a device came or went, or its provisioning run ended. */
export const HOOK_EVENTS = ['attach', 'detach', 'success', 'failure'] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

/**
 * Facts about the device a hook runs for. They reach the hook only as environment variables
 * (`BOOTBENCH_IMEI`, …), never inside its command line, and never include secrets.
 */
export interface HookFacts {
  readonly slot?: string;
  readonly deviceId?: string;
  readonly devId?: string;
  readonly imei?: string;
  readonly imsi?: string;
  readonly iccid?: string;
  readonly model?: string;
  readonly manufacturer?: string;
  readonly serialNumber?: string;
  readonly transport?: string;
  readonly runId?: string;
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

/** The environment variable of each fact. */
export const FACT_ENV: { readonly [K in keyof Required<HookFacts>]: string } = {
  slot: 'BOOTBENCH_SLOT',
  deviceId: 'BOOTBENCH_DEVICE_ID',
  devId: 'BOOTBENCH_DEVID',
  imei: 'BOOTBENCH_IMEI',
  imsi: 'BOOTBENCH_IMSI',
  iccid: 'BOOTBENCH_ICCID',
  model: 'BOOTBENCH_MODEL',
  manufacturer: 'BOOTBENCH_MANUFACTURER',
  serialNumber: 'BOOTBENCH_SERIAL',
  transport: 'BOOTBENCH_TRANSPORT',
  runId: 'BOOTBENCH_RUN_ID',
  errorCode: 'BOOTBENCH_ERROR_CODE',
  errorMessage: 'BOOTBENCH_ERROR_MESSAGE',
};

/** The user's hook commands per event, and how long one may run. */
export interface HookConfig {
  readonly commands: Partial<Record<HookEvent, string>>;
  readonly timeoutMs: number;
}

export const DEFAULT_HOOK_TIMEOUT_MS = 10_000;

const Command = z.string().trim().min(1).max(4_096);

/** `hooks.json` in the station data directory. */
export const HooksFile = z.strictObject({
  onAttach: Command.optional(),
  onDetach: Command.optional(),
  onSuccess: Command.optional(),
  onFailure: Command.optional(),
  timeoutMs: z.number().int().min(100).max(600_000).optional(),
});
export type HooksFile = z.output<typeof HooksFile>;

/** What became of one hook run. Output is captured (tails only), never echoed to the device. */
export interface HookReport {
  readonly event: HookEvent;
  readonly command: string;
  readonly slot: string | undefined;
  readonly ok: boolean;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  /** The command could not be started at all (spawn error). */
  readonly spawnError?: string;
  readonly durationMs: number;
  readonly stdout: string;
  readonly stderr: string;
}
