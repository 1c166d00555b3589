import { ProvisioningError } from '../../src-shared/errors/index.js';
import type { CommandName, EventName, Input, Output, Payload } from '../../src-shared/ipc/contract.js';
import type { Bridge } from './bridge.js';

/**
 * The renderer's typed client of the contract.
 *
 * `call` turns error envelopes back into `ProvisioningError`, so features use try/catch on codes.
 */
export class BridgeClient {
  constructor(private readonly bridge: Bridge) {}

  /** Invokes a command; resolves with its output or rejects with a `ProvisioningError`. */
  async call<C extends CommandName>(name: C, input: Input<C>): Promise<Output<C>> {
    const result = await this.bridge.api.invoke(name, input);
    if (!result.ok) throw ProvisioningError.fromSerialized(result.error);
    return result.value;
  }

  /** Subscribes to a contract event; returns the unsubscribe function. */
  on<E extends EventName>(name: E, listener: (payload: Payload<E>) => void): () => void {
    return this.bridge.api.on(name, listener);
  }

  /** Connection status of the underlying bridge. */
  get status() {
    return this.bridge.status;
  }

  /** Which shell carries the contract. */
  get shell(): Bridge['shell'] {
    return this.bridge.shell;
  }
}
