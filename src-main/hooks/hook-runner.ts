import { spawn } from 'node:child_process';
import { FACT_ENV, type HookConfig, type HookEvent, type HookFacts, type HookReport } from './hook-types.js';

/** Captured output kept per stream (the tail). */
const OUTPUT_TAIL_BYTES = 4_096;
/** Longest value a fact may have in the environment. */
const MAX_FACT_CHARS = 256;

/**
 * Names of inherited environment variables a hook never sees: anything that looks like a key,
 * secret, token, password or PIN, and database URLs (they carry passwords).
 */
const SECRET_NAME = /(KEY|SECRET|TOKEN|PASSW|PWD$|PIN$|CREDENTIAL|DATABASE_URL|^PG)/i;

/** Options of {@link HookRunner}. */
export interface HookRunnerOptions extends HookConfig {
  /** Receives every finished hook run (success or not). Never throws into the station. */
  readonly onReport?: (report: HookReport) => void;
  /** Extra variable names to withhold (e.g. the one named by `--credential-key-env`). */
  readonly withhold?: readonly string[];
  /** Environment the hook inherits (default `process.env`); secrets are removed from it. */
  readonly baseEnv?: NodeJS.ProcessEnv;
}

/** A fact as an environment value: printable, single line, bounded. */
function envValue(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, MAX_FACT_CHARS);
}

/** The environment of one hook run: the inherited one minus secrets, plus the facts. */
export function hookEnv(event: HookEvent, facts: HookFacts, base: NodeJS.ProcessEnv = process.env, withhold: readonly string[] = []): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined || SECRET_NAME.test(name) || withhold.includes(name) || name.startsWith('BOOTBENCH_')) continue;
    env[name] = value;
  }
  env['BOOTBENCH_EVENT'] = event;
  for (const key of Object.keys(FACT_ENV) as (keyof HookFacts)[]) {
    const value = facts[key];
    if (value !== undefined && value !== '') env[FACT_ENV[key]] = envValue(value);
  }
  return env;
}

/** Appends a chunk, keeping only about the last {@link OUTPUT_TAIL_BYTES} bytes. */
function keep(chunks: Buffer[], chunk: Buffer): void {
  chunks.push(chunk);
  if (chunks.length > 1 && chunks.reduce((n, c) => n + c.length, 0) > 2 * OUTPUT_TAIL_BYTES) {
    const all = Buffer.concat(chunks);
    chunks.splice(0, chunks.length, all.subarray(all.length - OUTPUT_TAIL_BYTES));
  }
}

function tail(chunks: Buffer[]): string {
  const all = Buffer.concat(chunks);
  return all.subarray(Math.max(0, all.length - OUTPUT_TAIL_BYTES)).toString('utf8');
}

/**
 * Runs the user's hook commands (a line controller's scripts) for device events. A command runs
 * through the system shell exactly as configured; device facts reach it only as environment
 * variables, so nothing a device reports can change the command line. Each run has a timeout
 * (the whole process group is killed), output is captured, and a failing, hanging or missing
 * command is reported through `onReport`, never thrown. Runs for one slot are serialised in event
 * order (attach before success before detach); different slots run in parallel.
 */
export class HookRunner {
  readonly #chains = new Map<string, Promise<void>>();
  readonly #pending = new Set<Promise<void>>();

  constructor(private readonly options: HookRunnerOptions) {}

  /** True when a command is configured for this event. */
  has(event: HookEvent): boolean {
    return this.options.commands[event] !== undefined;
  }

  /** Queues the hook of `event` (if one is configured) for this device; resolves to its report. */
  fire(event: HookEvent, facts: HookFacts): Promise<HookReport | undefined> {
    const command = this.options.commands[event];
    if (command === undefined) return Promise.resolve(undefined);
    const key = facts.slot ?? '';
    let report: HookReport | undefined;
    const previous = this.#chains.get(key) ?? Promise.resolve();
    const next = previous.then(async () => {
      report = await this.#exec(event, command, facts);
      try {
        this.options.onReport?.(report);
      } catch {
        // A reporter that throws must not break the chain of this slot.
      }
    });
    this.#chains.set(key, next);
    this.#pending.add(next);
    void next.finally(() => {
      this.#pending.delete(next);
      if (this.#chains.get(key) === next) this.#chains.delete(key);
    });
    return next.then(() => report);
  }

  /** Resolves when every hook queued so far has finished. */
  async drain(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  #exec(event: HookEvent, command: string, facts: HookFacts): Promise<HookReport> {
    const started = performance.now();
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    return new Promise<HookReport>((resolve) => {
      const base = { event, command, slot: facts.slot } as const;
      const finish = (exitCode: number | null, signal: string | null, timedOut: boolean, spawnError?: string) =>
        resolve({
          ...base,
          ok: exitCode === 0 && !timedOut && spawnError === undefined,
          exitCode,
          signal,
          timedOut,
          ...(spawnError === undefined ? {} : { spawnError }),
          durationMs: Math.round(performance.now() - started),
          stdout: tail(out),
          stderr: tail(err),
        });
      let child;
      try {
        child = spawn(command, {
          shell: true,
          env: hookEnv(event, facts, this.options.baseEnv, this.options.withhold),
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: process.platform !== 'win32',
          windowsHide: true,
        });
      } catch (error) {
        finish(null, null, false, error instanceof Error ? error.message : String(error));
        return;
      }
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        try {
          if (process.platform !== 'win32' && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
          else child.kill('SIGKILL');
        } catch {
          // Already gone.
        }
      }, this.options.timeoutMs);
      child.stdout.on('data', (c: Buffer) => keep(out, c));
      child.stderr.on('data', (c: Buffer) => keep(err, c));
      child.once('error', (error) => {
        clearTimeout(timer);
        finish(null, null, false, error.message);
      });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        finish(code, signal, timedOut);
      });
    });
  }
}
