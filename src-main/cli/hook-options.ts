import type { Command } from 'commander';
import { ProvisioningError } from '../../src-shared/errors/index.js';
import { HookRunner } from '../hooks/hook-runner.js';
import { mergeHooks, readHooksFile, type HookOverrides } from '../hooks/hooks-file.js';
import { hookReportWriter } from '../hooks/hook-report.js';
import { resolveDataDir } from '../platform/station-files.js';
import type { CliIO } from './io.js';

/** The hook options as commander parses them. */
export interface HookCliOptions {
  readonly onAttach?: string;
  readonly onDetach?: string;
  readonly onSuccess?: string;
  readonly onFailure?: string;
  readonly hookTimeoutMs?: string;
  readonly dataDir?: string;
  readonly json?: boolean;
  readonly credentialKeyEnv?: string;
}

/** Adds `--on-attach|--on-detach|--on-success|--on-failure <cmd>` and `--hook-timeout-ms` to a command. */
export function withHookOptions(cmd: Command): Command {
  return cmd
    .option('--on-attach <cmd>', 'run this command when a device is attached (facts in BOOTBENCH_* environment variables; docs/cli.md#hooks)')
    .option('--on-detach <cmd>', 'run this command when a device is detached')
    .option('--on-success <cmd>', 'run this command when a device was provisioned')
    .option('--on-failure <cmd>', 'run this command when provisioning a device failed')
    .option('--hook-timeout-ms <ms>', 'kill a hook that runs longer than this (default 10000, or timeoutMs in hooks.json)');
}

/**
 * The hook runner of a command: `<data dir>/hooks.json` overridden by the command-line options;
 * undefined when no hook is configured. Reports go to stderr (stdout stays the command's): with
 * --json every run as one JSON line `{"event":"hook","hook":"attach",…}`, else only failures, as text.
 */
export async function openHooks(io: CliIO, o: HookCliOptions): Promise<HookRunner | undefined> {
  const config = mergeHooks(await readHooksFile(resolveDataDir(o.dataDir)), hookOverridesOf(o));
  if (config === undefined) return undefined;
  return new HookRunner({
    ...config,
    ...(o.credentialKeyEnv === undefined ? {} : { withhold: [o.credentialKeyEnv] }),
    onReport: hookReportWriter(o.json === true ? 'json' : 'text', (text) => io.stderr.write(text)),
  });
}

/** The command-line hook settings (each overrides hooks.json for its event). @throws ProvisioningError INVALID_REQUEST for a bad --hook-timeout-ms. */
export function hookOverridesOf(o: HookCliOptions): HookOverrides {
  let timeoutMs: number | undefined;
  if (o.hookTimeoutMs !== undefined) {
    timeoutMs = Number(o.hookTimeoutMs);
    if (!/^\d+$/.test(o.hookTimeoutMs) || timeoutMs < 100 || timeoutMs > 600_000) throw new ProvisioningError('INVALID_REQUEST', `--hook-timeout-ms must be a whole number from 100 to 600000, not "${o.hookTimeoutMs}"`);
  }
  return {
    ...(o.onAttach === undefined ? {} : { attach: o.onAttach }),
    ...(o.onDetach === undefined ? {} : { detach: o.onDetach }),
    ...(o.onSuccess === undefined ? {} : { success: o.onSuccess }),
    ...(o.onFailure === undefined ? {} : { failure: o.onFailure }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  };
}
