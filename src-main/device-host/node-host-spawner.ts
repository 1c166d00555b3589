import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../web/package-root.js';
import type { HostExit, HostProcess, HostSpawner } from './host-process.js';

/**
 * Path of the built host entry for plain Node shells (web station, CLI, tests).
 *
 * Next to this module once bundled into `out/main/`; otherwise (sources, other bundles) the
 * package's `out/main/`.
 */
export function defaultNodeHostEntry(): string {
  const bundled = fileURLToPath(new URL('./device-host.mjs', import.meta.url));
  // Sync on purpose: one stat when a host is spawned.
  return existsSync(bundled) ? bundled : join(packageRoot(import.meta.url), 'out', 'main', 'device-host.mjs');
}

/** Options of {@link nodeHostSpawner}. */
export interface NodeHostSpawnerOptions {
  /** Path of the built host module. @default the repo's `out/main/device-host.mjs` */
  readonly entry?: string;
  /** Node executable. @default process.execPath */
  readonly execPath?: string;
  /** Extra environment for the child (merged over the parent's). */
  readonly env?: Readonly<Record<string, string>>;
  /** Where the child's stdout/stderr go. @default 'inherit' */
  readonly output?: 'inherit' | 'ignore';
}

/**
 * Spawns the host with `child_process.fork`.
 *
 * `serialization: 'advanced'` makes the IPC channel clone values the way Electron's ports do
 * (`Uint8Array`, `Map`, `Date` survive), so the same protocol works under both shells.
 */
export function nodeHostSpawner(options: NodeHostSpawnerOptions = {}): HostSpawner {
  return (args) => {
    const child = fork(options.entry ?? defaultNodeHostEntry(), [...args], {
      execPath: options.execPath ?? process.execPath,
      serialization: 'advanced',
      stdio: ['ignore', options.output ?? 'inherit', options.output ?? 'inherit', 'ipc'],
      env: { ...process.env, ...options.env },
    });
    // A dead or disconnected channel surfaces as 'error'/'disconnect'; the exit event that follows
    // is what the client acts on, so make sure it comes.
    child.on('error', () => child.kill('SIGKILL'));
    child.on('disconnect', () => child.kill('SIGKILL'));
    return {
      get pid() {
        return child.pid;
      },
      send(message) {
        if (child.connected) child.send(message as object, (error) => (error === null ? undefined : child.kill('SIGKILL')));
      },
      onMessage: (listener) => void child.on('message', listener),
      onExit: (listener: (exit: HostExit) => void) => void child.once('exit', (code, signal) => listener({ code, signal })),
      kill: () => void (child.exitCode === null && child.signalCode === null ? child.kill('SIGKILL') : undefined),
    } satisfies HostProcess;
  };
}
