import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A `bootbench serve` child process and where to reach it. */
export interface StationProcess {
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  readonly pid: number;
  /** Stops the station (SIGTERM by pid) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts `node bin/bootbench.mjs serve --port 0 --json …` and resolves with its printed address. */
export async function startStationProcess(extraArgs: readonly string[] = [], extraEnv: Readonly<Record<string, string>> = {}): Promise<StationProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bb-station-'));
  const child: ChildProcess = spawn(process.execPath, ['bin/bootbench.mjs', 'serve', '--port', '0', '--json', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...extraEnv, BOOTBENCH_DATA_DIR: dataDir },
  });
  if (child.pid === undefined || child.stdout === null) throw new Error('bootbench serve did not start');
  const pid = child.pid;
  const exited = once(child, 'exit');
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const line = await Promise.race([
    once(createInterface({ input: child.stdout }), 'line').then(([l]) => l as string),
    exited.then(([code]) => {
      throw new Error(`bootbench serve exited (${String(code)}) before printing its URL: ${stderr}`);
    }),
  ]);
  const printed = JSON.parse(line) as { url: string; origin: string; port: number; token: string };
  return {
    ...printed,
    pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(pid, 'SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
