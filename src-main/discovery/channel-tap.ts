import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { ByteChannel, ChannelCloseReason } from '../../src-shared/ports/byte-channel.js';

/** A borrowed view of a channel that can be cut off without closing the channel itself. */
export interface ChannelTap extends ByteChannel {
  /**
   * Detaches the borrower: its close listeners see `closed` (so drivers stop their timers), its
   * data listeners stop, and later writes are refused; the underlying channel stays open.
   */
  release(): void;
}

/**
 * Lends a channel to one driver after another (link HELLO probe, then AT probe) on one open port.
 *
 * Drivers end by closing their channel; closing a tap releases it instead, so the next prober
 * still has the port.
 */
export function tapChannel(channel: ByteChannel): ChannelTap {
  const offs: (() => void)[] = [];
  const closeListeners = new Set<(reason: ChannelCloseReason) => void>();
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    for (const off of offs.splice(0)) off();
    for (const l of [...closeListeners]) l('closed');
    closeListeners.clear();
  };
  return {
    write: (bytes, signal) => (released ? Promise.reject(new ProvisioningError('DEVICE_DISCONNECTED', 'Probe released the port')) : channel.write(bytes, signal)),
    onData(listener) {
      if (released) return () => undefined;
      const off = channel.onData(listener);
      offs.push(off);
      return off;
    },
    onClose(listener) {
      if (released) {
        queueMicrotask(() => listener('closed'));
        return () => undefined;
      }
      closeListeners.add(listener);
      const off = channel.onClose((reason) => {
        closeListeners.delete(listener);
        listener(reason);
      });
      offs.push(off);
      return () => {
        closeListeners.delete(listener);
        off();
      };
    },
    close: async () => release(),
    release,
  };
}
