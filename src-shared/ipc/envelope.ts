import type { SerializedError } from '../errors/provisioning-error.js';
import type { CommandName, EventName, Input, Output, Payload } from './contract.js';

/** Errors cross process boundaries as data: Electron keeps only `message` of a thrown Error. */
export type Envelope<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: SerializedError };

/**
 * The surface the renderer talks to, whichever bridge carries it (Electron preload or WebSocket).
 */
export interface BootbenchApi {
  invoke<C extends CommandName>(name: C, input: Input<C>): Promise<Envelope<Output<C>>>;
  on<E extends EventName>(name: E, listener: (payload: Payload<E>) => void): () => void;
}
