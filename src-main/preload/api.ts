import { channelOf, isCommandName, isEventName, type BootbenchApi, type CommandName, type Envelope, type Input, type Output } from '../../src-shared/ipc/index.js';

/** The part of Electron's `ipcRenderer` the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** The global name the renderer reads (`window.bootbench`). */
export const BRIDGE_KEY = 'bootbench';

/**
 * Builds the renderer's API: an allowlist over the contract, not a tunnel to `ipcRenderer`.
 *
 * Only contract names pass (own properties of `commands`/`events`, so `__proto__` or `toString`
 * do not); the listener receives the payload alone, never the `IpcRendererEvent` (whose `sender`
 * would hand the page an `ipcRenderer`).
 */
export function createBridgeApi(ipc: IpcRendererLike): BootbenchApi {
  return {
    invoke<C extends CommandName>(name: C, input: Input<C>): Promise<Envelope<Output<C>>> {
      if (!isCommandName(name)) throw new TypeError(`Unknown command: ${String(name).slice(0, 100)}`);
      return ipc.invoke(channelOf(name), input) as Promise<Envelope<Output<C>>>;
    },
    on: (name, listener) => {
      if (!isEventName(name)) throw new TypeError(`Unknown event: ${String(name).slice(0, 100)}`);
      if (typeof listener !== 'function') throw new TypeError('The listener must be a function');
      const relay = (_event: unknown, payload: unknown): void => listener(payload as Parameters<typeof listener>[0]);
      ipc.on(channelOf(name), relay);
      return () => void ipc.removeListener(channelOf(name), relay);
    },
  };
}
