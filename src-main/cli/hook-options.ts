import type { Command } from 'commander';
import { ProvisioningError } from '../../src-shared/errors/index.js';
import { HookRunner } from '../hooks/hook-runner.js';
import { mergeHooks, readHooksFile } from '../hooks/hooks-file.js';
import type { HookReport } from '../hooks/hook-types.js';
import { resolveDataDir } from '../platform/station-files.js';
import { writeJson, type CliIO } from './io.js';

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

function describeReport(r: HookReport): string {
  const why = r.spawnError !== undefined ? `could not start: ${r.spawnError}` : r.timedOut ? `timed out after ${r.durationMs} ms` : r.signal !== null ? `killed by ${r.signal}` : `exit ${r.exitCode}`;
  const err = r.stderr.trim();
  return `bootbench: hook ${r.event}${r.slot === undefined ? '' : ` (${r.slot})`} failed: ${why}${err === '' ? '' : `\n  ${err.split('\n').slice(-5).join('\n  ')}`}\n`;
}

/**
 * The hook runner of a command: `<data dir>/hooks.json` overridden by the command-line options;
 * undefined when no hook is configured. Reports go to stderr (stdout stays the command's): with
 * --json every run as one JSON line `{"event":"hook","hook":"attach",…}`, else only failures, as text.
 */
export async function openHooks(io: CliIO, o: HookCliOptions): Promise<HookRunner | undefined> {
  let timeoutMs: number | undefined;
  if (o.hookTimeoutMs !== undefined) {
    timeoutMs = Number(o.hookTimeoutMs);
    if (!/^\d+$/.test(o.hookTimeoutMs) || timeoutMs < 100 || timeoutMs > 600_000) throw new ProvisioningError('INVALID_REQUEST', `--hook-timeout-ms must be a whole number from 100 to 600000, not "${o.hookTimeoutMs}"`);
  }
  const file = await readHooksFile(resolveDataDir(o.dataDir));
  const config = mergeHooks(file, {
    ...(o.onAttach === undefined ? {} : { attach: o.onAttach }),
    ...(o.onDetach === undefined ? {} : { detach: o.onDetach }),
    ...(o.onSuccess === undefined ? {} : { success: o.onSuccess }),
    ...(o.onFailure === undefined ? {} : { failure: o.onFailure }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  if (config === undefined) return undefined;
  return new HookRunner({
    ...config,
    ...(o.credentialKeyEnv === undefined ? {} : { withhold: [o.credentialKeyEnv] }),
    onReport: (r) => {
      const { event, ...rest } = r;
      if (o.json === true) writeJson({ ...io, stdout: io.stderr }, { event: 'hook', hook: event, ...rest });
      else if (!r.ok) io.stderr.write(describeReport(r));
    },
  });
}
