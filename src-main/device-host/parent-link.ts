import type { ParentLink } from './host-server.js';
import type { HostToParent } from './host-protocol.js';

/** The part of Electron's `process.parentPort` the host uses. */
interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

/**
 * Opens the link to the process that started this host.
 *
 * Under Electron's `utilityProcess` that is `process.parentPort`; under Node's
 * `child_process.fork` it is the IPC channel (`process.send` / `'message'`). Returns `undefined`
 * when the host was started some other way (there is nobody to talk to).
 *
 * @param onParentGone called when a Node parent disconnects (Electron ends utility processes itself).
 */
export function openParentLink(onParentGone: () => void): ParentLink | undefined {
  const parentPort = (process as { parentPort?: ParentPortLike }).parentPort;
  if (parentPort !== undefined) {
    return {
      send: (message: HostToParent) => parentPort.postMessage(message),
      onMessage: (listener) => void parentPort.on('message', (event) => listener(event.data)),
    };
  }
  const send = process.send?.bind(process);
  if (send === undefined) return undefined;
  process.on('disconnect', onParentGone);
  return {
    send: (message: HostToParent) => {
      if (process.connected) send(message);
    },
    onMessage: (listener) => void process.on('message', listener),
  };
}
