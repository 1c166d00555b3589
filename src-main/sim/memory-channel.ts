import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { ByteChannel, ChannelCloseReason } from '../../src-shared/ports/byte-channel.js';

/** One end of a {@link memoryChannelPair}. */
class MemoryEnd implements ByteChannel {
  readonly #data = new Set<(chunk: Uint8Array) => void>();
  readonly #close = new Set<(reason: ChannelCloseReason) => void>();
  #closed: ChannelCloseReason | undefined;
  peer: MemoryEnd | undefined;

  write(bytes: Uint8Array): Promise<void> {
    if (this.#closed !== undefined) return Promise.reject(new ProvisioningError('DEVICE_DISCONNECTED', 'memory channel is closed'));
    const copy = bytes.slice();
    const peer = this.peer;
    // Delivered on a later task, like a real port; never synchronously inside write().
    setImmediate(() => peer?.deliver(copy));
    return Promise.resolve();
  }

  deliver(chunk: Uint8Array): void {
    if (this.#closed !== undefined) return;
    for (const l of [...this.#data]) l(chunk);
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.#data.add(listener);
    return () => this.#data.delete(listener);
  }

  onClose(listener: (reason: ChannelCloseReason) => void): () => void {
    if (this.#closed !== undefined) {
      const reason = this.#closed;
      queueMicrotask(() => listener(reason));
      return () => undefined;
    }
    this.#close.add(listener);
    return () => this.#close.delete(listener);
  }

  finish(reason: ChannelCloseReason): void {
    if (this.#closed !== undefined) return;
    this.#closed = reason;
    this.#data.clear();
    const ls = [...this.#close];
    this.#close.clear();
    for (const l of ls) l(reason);
  }

  close(): Promise<void> {
    this.finish('closed');
    // A hung-up line: the other end sees the carrier drop (like a pty whose peer died).
    setImmediate(() => this.peer?.finish('error'));
    return Promise.resolve();
  }
}

/**
 * Two connected in-memory {@link ByteChannel}s (a null-modem cable): bytes written on one arrive
 * on the other on a later event-loop task; closing either end closes both.
 */
export function memoryChannelPair(): [ByteChannel, ByteChannel] {
  const a = new MemoryEnd();
  const b = new MemoryEnd();
  a.peer = b;
  b.peer = a;
  return [a, b];
}
