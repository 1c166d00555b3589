import { utilityProcess } from 'electron';
import type { HostExit, HostProcess, HostSpawner } from './host-process.js';

/**
 * Spawns the host as an Electron utility process (`out/electron/device-host.cjs`).
 *
 * Electron's process-model guidance: native addons that can block or crash (serial, USB, PC/SC)
 * belong in a utility process, not in main. Must be called after `app` is ready.
 */
export function electronHostSpawner(entry: string): HostSpawner {
  return (args) => {
    const child = utilityProcess.fork(entry, [...args], { serviceName: 'Bootbench device host', stdio: 'inherit' });
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    return {
      get pid() {
        return child.pid;
      },
      send: (message) => child.postMessage(message),
      onMessage: (listener) => void child.on('message', listener),
      onExit: (listener: (exit: HostExit) => void) => void child.once('exit', (code) => listener({ code, signal: null })),
      kill: () => void (exited ? undefined : child.kill()),
    } satisfies HostProcess;
  };
}
