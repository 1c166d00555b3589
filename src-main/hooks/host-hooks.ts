import { ProvisioningError } from '../../src-shared/errors/index.js';
import { HookRunner } from './hook-runner.js';
import { hookReportWriter, type HookReportFormat } from './hook-report.js';
import { mergeHooks, readHooksFile, type HookOverrides } from './hooks-file.js';

/** The hook settings a device host was started with (see host-options.ts). */
export interface HostHookSettings {
  /** Command-line hooks (`start`/`serve` --on-* flags); each overrides hooks.json for its event. */
  readonly overrides?: HookOverrides;
  /** How runs are reported on the host's stderr. @default 'text' */
  readonly reports?: HookReportFormat;
}

/**
 * The hook runner of a device host: `<dataDir>/hooks.json` (when the host has a data dir)
 * overridden by the settings it was started with; undefined when no hook is configured.
 *
 * A malformed hooks.json does not stop the host (the desktop app must still come up): it is
 * reported through `warn` and the command-line hooks alone apply. Reports go to `write` (stderr).
 */
export async function openHostHooks(
  dataDir: string | undefined,
  settings: HostHookSettings,
  write: (text: string) => void,
  baseEnv: NodeJS.ProcessEnv = process.env,
): Promise<HookRunner | undefined> {
  let file;
  try {
    file = dataDir === undefined ? undefined : await readHooksFile(dataDir);
  } catch (error) {
    const why = error instanceof ProvisioningError ? `${error.code}: ${error.message}` : 'unreadable';
    write(`bootbench device host: hooks.json ignored (${why})\n`);
  }
  const config = mergeHooks(file, settings.overrides ?? {});
  if (config === undefined) return undefined;
  return new HookRunner({ ...config, baseEnv, onReport: hookReportWriter(settings.reports ?? 'text', write) });
}
