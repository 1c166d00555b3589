import type { HostExit, HostProcess, HostSpawner } from './host-process.js';

/**
 * Holds what a host process says until someone listens.
 *
 * A host spawned before its {@link DeviceHostClient} exists (to start booting while the parent is
 * still loading) may say `ready` or exit before the client registers its listeners; nothing is
 * lost: buffered messages are delivered on `onMessage`, a buffered exit on `onExit`, in that order.
 */
export function bufferedHostProcess(child: HostProcess): HostProcess {
  const messages: unknown[] = [];
  let exit: HostExit | undefined;
  let messageListener: ((raw: unknown) => void) | undefined;
  let exitListener: ((exit: HostExit) => void) | undefined;
  child.onMessage((raw) => (messageListener === undefined ? void messages.push(raw) : messageListener(raw)));
  child.onExit((ended) => (exitListener === undefined ? (exit = ended) : exitListener(ended)));
  return {
    get pid() {
      return child.pid;
    },
    send: (message) => child.send(message),
    kill: () => child.kill(),
    onMessage(listener) {
      messageListener = listener;
      for (const raw of messages.splice(0)) listener(raw);
    },
    onExit(listener) {
      exitListener = listener;
      if (exit !== undefined) listener(exit);
    },
  };
}

/**
 * Spawns the first host now and returns a spawner that hands out that process on its first call
 * (whatever arguments it is given: pass the same ones) and spawns anew after that (restarts).
 */
export function spawnEarly(spawn: HostSpawner, args: readonly string[]): HostSpawner {
  let early: HostProcess | undefined = bufferedHostProcess(spawn(args));
  return (again) => {
    const first = early;
    early = undefined;
    return first ?? spawn(again);
  };
}
