import type { AbortSignalLike } from './abort.js';

/**
 * A bidirectional byte stream to one device (serial line, USB bulk pipe, TCP socket, pty).
 *
 * Contract for implementers: `onData` listeners receive chunks in arrival order and never after
 * `onClose` fired. Every way the underlying port dies (close, error, end, silence detected by the
 * adapter) fires `onClose` exactly once with a reason. `write` rejects with a ProvisioningError
 * (`DEVICE_DISCONNECTED` once closed, `CANCELLED` when the signal aborts).
 */
export interface ByteChannel {
  write(bytes: Uint8Array, signal?: AbortSignalLike): Promise<void>;
  onData(listener: (chunk: Uint8Array) => void): () => void;
  onClose(listener: (reason: ChannelCloseReason) => void): () => void;
  close(): Promise<void>;
}

/** Why a channel closed. */
export type ChannelCloseReason = 'closed' | 'error' | 'end' | 'silence';
