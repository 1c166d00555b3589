import type { Writable } from 'node:stream';
import type { CliIO } from './io.js';

/**
 * A progress bar for long commands, drawn on stderr. It exists only when stderr is a terminal and
 * the command is not in `--json` mode: piped output and machine-readable output never see a bar
 * (stdout stays clean in every case, the bar is on stderr).
 */
export interface Progress {
  /** Sets how far the work is: `done` of `total` units (total unknown: a counter with no bar). */
  update(done: number, total?: number, label?: string): void;
  /** One more unit done, optionally naming it. */
  tick(label?: string): void;
  /** Erases the bar (the line is left empty for whatever the command prints next). Idempotent. */
  clear(): void;
}

/** A stream that may be a terminal (tty.WriteStream has these; fakes in tests set them). */
type MaybeTty = Writable & { readonly isTTY?: boolean; readonly columns?: number };

const NONE: Progress = { update: () => undefined, tick: () => undefined, clear: () => undefined };

/** True when a bar would be drawn for this output and mode. */
export function progressEnabled(io: CliIO, json: boolean): boolean {
  return !json && (io.stderr as MaybeTty).isTTY === true && process.env['BOOTBENCH_NO_PROGRESS'] === undefined;
}

/** Renders one bar line (no control sequences): `label [#####-----] 3/6`. */
export function renderBar(title: string, done: number, total: number | undefined, label: string, columns: number): string {
  const count = total === undefined ? `${done}` : `${Math.min(done, total)}/${total}`;
  const head = label === '' ? title : `${title}: ${label}`;
  if (total === undefined || total <= 0) return clip(done === 0 ? `${head} …` : `${head} … ${count}`, columns);
  const width = Math.max(10, Math.min(30, columns - head.length - count.length - 5));
  const filled = Math.round((Math.min(done, total) / total) * width);
  return clip(`${head} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${count}`, columns);
}

function clip(line: string, columns: number): string {
  return line.length < columns ? line : `${line.slice(0, Math.max(0, columns - 2))}…`;
}

/**
 * Starts a progress bar titled `title` for a command; a no-op when {@link progressEnabled} is
 * false. Each redraw rewrites the one line (`\r` + erase to end of line); {@link Progress.clear}
 * erases it.
 */
export function createProgress(io: CliIO, json: boolean, title: string, total?: number): Progress {
  if (!progressEnabled(io, json)) return NONE;
  const out = io.stderr as MaybeTty;
  let done = 0;
  let max = total;
  let label = '';
  let drawn = false;
  const draw = () => {
    const columns = out.columns !== undefined && out.columns > 20 ? out.columns : 80;
    out.write(`\r${renderBar(title, done, max, label, columns)}\u001b[K`);
    drawn = true;
  };
  return {
    update(n, t, l) {
      done = n;
      if (t !== undefined) max = t;
      if (l !== undefined) label = l;
      draw();
    },
    tick(l) {
      done += 1;
      if (l !== undefined) label = l;
      draw();
    },
    clear() {
      if (drawn) out.write('\r\u001b[K');
      drawn = false;
    },
  };
}
