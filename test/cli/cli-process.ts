import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';

/** The built CLI entry (vitest's global setup builds it once for every test file). */
export const BIN = fileURLToPath(new URL('../../bin/bootbench.mjs', import.meta.url));

/** A long-running `bootbench …` process (watch, serve), stopped by its pid. */
export interface CliProcess {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves once stdout holds a line matching `re` (rejects if the process exits first). */
  waitForLine(re: RegExp): Promise<string>;
  /** SIGTERM by pid, then the exit code. */
  stop(): Promise<number | null>;
}

/** Spawns `node bin/bootbench.mjs <args>` with `env` added to this process's environment. */
export function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    for (const w of waiters.splice(0)) w();
  });
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitForLine(re) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = out.split('\n').find((l) => re.test(l));
          if (line !== undefined) resolve(line);
          else waiters.push(check);
        };
        void exited.then((code) => reject(new Error(`bootbench exited (${code}) before ${re}: ${err.slice(0, 800)}`)));
        check();
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGTERM');
      return exited;
    },
  };
}

/** Waits until `path` exists (the hook writes it atomically), then returns its text. */
export async function waitForFile(path: string, timeout = 20_000): Promise<string> {
  await vi.waitFor(() => {
    if (!existsSync(path)) throw new Error(`no ${path} yet`);
  }, { timeout, interval: 20 });
  return readFileSync(path, 'utf8');
}

/** Parses `env -0`-style NUL-separated `NAME=value` records. */
export function parseEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const rec of text.split('\0')) {
    const eq = rec.indexOf('=');
    if (eq > 0) env[rec.slice(0, eq)] = rec.slice(eq + 1);
  }
  return env;
}
