import type { EventName, Payload } from '../../src-shared/ipc/contract.js';

/** A listener that receives every contract event. */
export type AnyEventListener = <E extends EventName>(name: E, payload: Payload<E>) => void;

/** Typed fan-out of contract events to every connected bridge (Electron windows, WebSocket clients, CLI). */
export class EventBus {
  readonly #listeners = new Set<AnyEventListener>();

  /** @param onListenerError receives errors thrown by subscribers (reported, never rethrown). */
  constructor(private readonly onListenerError: (error: unknown) => void = () => undefined) {}

  /** Publishes one event to all subscribers. A throwing subscriber does not stop the others. */
  emit<E extends EventName>(name: E, payload: Payload<E>): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(name, payload);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  /** Subscribes to all events; returns the unsubscribe function. */
  subscribe(listener: AnyEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
