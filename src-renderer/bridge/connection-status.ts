import type { SerializedError } from '../../src-shared/errors/index.js';

/** How the UI is connected to the station. */
export type ConnectionStatus =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'connected' }
  /** The connection dropped; the bridge retries after `retryInMs`. */
  | { readonly kind: 'disconnected'; readonly retryInMs: number }
  /** The station refused this page (bad token or origin); retrying cannot help. */
  | { readonly kind: 'refused'; readonly error: SerializedError };

/** A source of connection status with change notifications. */
export interface StatusSource {
  current(): ConnectionStatus;
  /** Subscribes to changes; returns the unsubscribe function. */
  subscribe(listener: (status: ConnectionStatus) => void): () => void;
}

const CONNECTED: ConnectionStatus = { kind: 'connected' };

/** Status of a bridge that is connected for its whole life (the Electron preload). */
export const ALWAYS_CONNECTED: StatusSource = {
  current: () => CONNECTED,
  subscribe: () => () => undefined,
};
