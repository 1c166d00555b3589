/** How a device-host process ended. */
export interface HostExit {
  /** Exit code, when the process exited by itself. */
  readonly code: number | null;
  /** Signal name, when the process was killed (Node only; Electron reports a code). */
  readonly signal: string | null;
}

/**
 * A started device-host process, seen from the parent.
 *
 * Implementations wrap Electron's `UtilityProcess` or Node's `ChildProcess`. Each listener is
 * registered once, before the first message can arrive. `onExit` fires exactly once.
 */
export interface HostProcess {
  /** Operating-system process id, once known. */
  readonly pid: number | undefined;
  /** Posts one structured-clone message; throws when the value cannot be cloned. */
  send(message: unknown): void;
  onMessage(listener: (raw: unknown) => void): void;
  onExit(listener: (exit: HostExit) => void): void;
  /** Ends the process forcefully (no-op if it has exited). */
  kill(): void;
}

/** Starts one device-host process with the given arguments. */
export type HostSpawner = (args: readonly string[]) => HostProcess;
