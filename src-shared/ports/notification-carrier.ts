/**
 * A carrier of Package#0 notifications (server → client), transport-neutral: UDP on loopback
 * today, the Bootbench cable link later. Carriers move opaque bytes; verification (digest,
 * timestamp window, duplicates) is the receiver's policy, not the carrier's.
 */

/** Where a notification came from, as far as the carrier can tell (never trusted for auth). */
export interface NotificationOrigin {
  readonly carrier: 'udp' | 'link' | 'memory';
  /** Carrier-specific sender address, e.g. `127.0.0.1:50123`. */
  readonly from?: string;
}

/** Receives raw Package#0 bytes; must not throw. */
export type NotificationListener = (bytes: Uint8Array, origin: NotificationOrigin) => void;

/** Sends and receives Package#0 bytes. */
export interface NotificationCarrier {
  /** Sends one notification; rejects with a ProvisioningError when the carrier cannot. */
  send(bytes: Uint8Array): Promise<void>;
  /** Registers a listener; returns the function that removes it. */
  onNotification(listener: NotificationListener): () => void;
  /** Releases the carrier's resources. */
  close(): Promise<void>;
}
