import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const SIM = fileURLToPath(new URL('../../../out/main/sim.mjs', import.meta.url));

/** One JSON event line printed by the simulator. */
export type SimLine = { readonly event: string } & Record<string, unknown>;

/** A running `node out/main/sim.mjs` process, stopped by pid. */
export interface SimProcess {
  readonly pid: number;
  readonly lines: SimLine[];
  /** Resolves with the first line of `event` (already seen or later); rejects if the process exits first. */
  waitFor(event: string): Promise<SimLine>;
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
  /** SIGTERM by pid (if still running), then waits for the exit. */
  stop(): Promise<number | null>;
}

/** Spawns the built simulator and resolves once it printed `ready` (its port is open). */
export async function spawnSim(args: readonly string[]): Promise<SimProcess> {
  const child: ChildProcess = spawn(process.execPath, [SIM, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error('simulator did not start');
  const pid = child.pid;
  const lines: SimLine[] = [];
  const waiters: { event: string; resolve: (l: SimLine) => void }[] = [];
  let buffer = '';
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (!text.startsWith('{')) continue;
      const line = JSON.parse(text) as SimLine;
      lines.push(line);
      for (const w of waiters.filter((x) => x.event === line.event)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const waitFor = (event: string): Promise<SimLine> => {
    const seen = lines.find((l) => l.event === event);
    if (seen !== undefined) return Promise.resolve(seen);
    return Promise.race([
      new Promise<SimLine>((resolve) => waiters.push({ event, resolve })),
      exited.then((code) => {
        const late = lines.find((l) => l.event === event);
        if (late !== undefined) return late;
        throw new Error(`simulator exited (${code}) before "${event}": ${stderr.slice(0, 500)} ${JSON.stringify(lines.slice(-3))}`);
      }),
    ]);
  };
  await waitFor('ready');
  return {
    pid,
    lines,
    waitFor,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGTERM');
      return exited;
    },
  };
}
