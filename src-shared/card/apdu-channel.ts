import type { AbortSignalLike } from '../ports/abort.js';

/**
 * The one port every card adapter implements: PC/SC readers, serial T=0 readers, a handset's
 * `AT+CSIM`, and the test lab's virtual cards.
 *
 * Contract for implementers:
 * - `transmit` sends one command APDU and resolves with the raw response (body + SW1 SW2). It does
 *   no T=0 magic (no automatic GET RESPONSE): {@link CardSession} handles 61xx/6Cxx.
 * - A removed card rejects with `ProvisioningError('CARD_ABSENT')`, a reader held by another process
 *   with `DEVICE_BUSY`, a stalled reader with `TRANSPORT_TIMEOUT`, and an aborted `signal` with
 *   `CANCELLED`. A card's negative status word is a normal resolution, never a rejection.
 * - `withExclusive` runs `body` while no other process may use the card (PC/SC exclusive share
 *   mode); adapters without sharing run `body` directly. Nested calls are allowed.
 */
export interface ApduChannel {
  /** Reader (or port) name, for traces and reports. */
  readonly name: string;
  transmit(apdu: Uint8Array, signal?: AbortSignalLike): Promise<Uint8Array>;
  withExclusive<T>(body: () => Promise<T>): Promise<T>;
  /** The card's ATR as last seen by the adapter. */
  atr(): Uint8Array;
}
