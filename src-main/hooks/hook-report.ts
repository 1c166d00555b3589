import type { HookReport } from './hook-types.js';

/** How finished hook runs are reported on stderr: every run as a JSON line, or failures as text. */
export type HookReportFormat = 'json' | 'text';

/** One failed hook run as text for people (the last lines of its stderr included). */
export function describeHookReport(r: HookReport): string {
  const why = r.spawnError !== undefined ? `could not start: ${r.spawnError}` : r.timedOut ? `timed out after ${r.durationMs} ms` : r.signal !== null ? `killed by ${r.signal}` : `exit ${r.exitCode}`;
  const err = r.stderr.trim();
  return `bootbench: hook ${r.event}${r.slot === undefined ? '' : ` (${r.slot})`} failed: ${why}${err === '' ? '' : `\n  ${err.split('\n').slice(-5).join('\n  ')}`}\n`;
}

/** One hook run as the `{"event":"hook","hook":"attach",…}` JSON document (`--json`). */
export function hookReportDocument(r: HookReport): Record<string, unknown> {
  const { event, ...rest } = r;
  return { event: 'hook', hook: event, ...rest };
}

/**
 * A `HookRunner` `onReport` that writes to a text sink: with `json` every run as one JSON line,
 * else only failures, as text. The sink is stderr (stdout stays the command's own output).
 */
export function hookReportWriter(format: HookReportFormat, write: (text: string) => void): (r: HookReport) => void {
  return (r) => {
    if (format === 'json') write(`${JSON.stringify(hookReportDocument(r))}\n`);
    else if (!r.ok) write(describeHookReport(r));
  };
}
