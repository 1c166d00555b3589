import { isCommandName, type CommandName, type EventName, type Payload } from '../../src-shared/ipc/contract.js';
import type { Envelope } from '../../src-shared/ipc/envelope.js';
import { ProvisioningError, type ErrorCode } from '../../src-shared/errors/index.js';
import { assertNever } from '../../src-shared/util/assert-never.js';
import type { StationBackend } from '../ipc/backend.js';
import type { AnyEventListener } from '../ipc/event-bus.js';
import type { CallContext } from '../ipc/gate.js';
import { parseHostEvent, parseHostMessage } from './host-protocol.js';
import type { HostExit, HostProcess, HostSpawner } from './host-process.js';

/** What the client reports when a host process ends without being asked to. */
export interface HostExitReport {
  readonly pid: number | undefined;
  readonly exit: HostExit;
  /** Calls that were in flight and were answered with `DEVICE_DISCONNECTED`. */
  readonly failedCalls: number;
  /** Delay before the next host starts, or `undefined` when the client is closed. */
  readonly restartInMs: number | undefined;
}

/** Options of {@link DeviceHostClient}. */
export interface DeviceHostClientOptions {
  readonly spawn: HostSpawner;
  /** Arguments for every host process (see `hostArgs`). */
  readonly args?: readonly string[];
  /** Called once per unexpected host exit, after pending calls have been answered. */
  readonly onHostExit?: (report: HostExitReport) => void;
  /** Receives messages from the host that fail the protocol schema (they are dropped). */
  readonly onProtocolError?: (raw: unknown) => void;
  /** Receives errors thrown by event subscribers (the other subscribers still get the event). */
  readonly onListenerError?: (error: unknown) => void;
  /** A host that has not said `ready` by then is killed. @default 15000 */
  readonly readyTimeoutMs?: number;
  /** First restart delay; doubles per consecutive crash. @default 200 */
  readonly restartDelayMs?: number;
  /** @default 10000 */
  readonly maxRestartDelayMs?: number;
  /** A graceful shutdown that takes longer ends with a kill. @default 3000 */
  readonly shutdownTimeoutMs?: number;
}

type Resolve = (envelope: Envelope<unknown>) => void;

interface Generation {
  readonly process: HostProcess;
  readonly ready: Promise<boolean>;
  readonly exited: Promise<void>;
  readonly pending: Map<number, Resolve>;
  alive: boolean;
  isReady: boolean;
}

/**
 * A {@link StationBackend} whose station runs in a device-host child process.
 *
 * Calls are correlated by id; events are checked against the contract and fanned out. When the
 * host dies, every pending call resolves to a `DEVICE_DISCONNECTED` envelope (never a
 * rejection), devices it had announced are reported detached, `onHostExit` is called and a new
 * host is started after a back-off. Calls made while no host runs start one.
 */
export class DeviceHostClient implements StationBackend {
  readonly #options: DeviceHostClientOptions;
  readonly #listeners = new Set<AnyEventListener>();
  /** Devices announced by the current host, so a crash can report them detached. */
  readonly #devices = new Map<string, string>();
  #current: Generation | undefined;
  #nextId = 1;
  #closed = false;
  #crashes = 0;
  #generations = 0;
  #restartTimer: NodeJS.Timeout | undefined;

  constructor(options: DeviceHostClientOptions) {
    this.#options = options;
  }

  /** Process id of the running host, if any. */
  get pid(): number | undefined {
    return this.#current?.alive === true ? this.#current.process.pid : undefined;
  }

  /**
   * Starts the host (if it is not running) and waits until it is ready.
   *
   * @throws ProvisioningError `DEVICE_DISCONNECTED` when the host could not start.
   */
  async start(): Promise<void> {
    if (this.#closed) throw new ProvisioningError('DEVICE_DISCONNECTED', 'The device host client is closed');
    if (!(await this.#ensureStarted().ready)) {
      throw new ProvisioningError('DEVICE_DISCONNECTED', 'The device host did not start', { retryable: true });
    }
  }

  /** Forwards one call to the host; always resolves to an envelope. */
  async dispatch(name: unknown, raw: unknown, call: CallContext): Promise<Envelope<unknown>> {
    if (!isCommandName(name)) return failure('UNKNOWN_COMMAND', `Unknown command: ${String(name).slice(0, 100)}`);
    if (this.#closed) return failure('DEVICE_DISCONNECTED', 'The device host is stopped');
    const gen = this.#ensureStarted();
    if (!(await gen.ready) || !gen.alive) return failure('DEVICE_DISCONNECTED', 'The device host is not running', true);
    if (call.signal.aborted) return failure('CANCELLED', `${name} was cancelled`);
    return this.#send(gen, name, raw, call.signal);
  }

  #send(gen: Generation, name: CommandName, raw: unknown, signal: AbortSignal): Promise<Envelope<unknown>> {
    const id = this.#nextId++;
    return new Promise<Envelope<unknown>>((resolve) => {
      const onAbort = (): void => {
        if (!gen.pending.delete(id)) return;
        trySend(gen, { type: 'cancel', id });
        finish(failure('CANCELLED', `${name} was cancelled`));
      };
      const finish: Resolve = (envelope) => {
        signal.removeEventListener('abort', onAbort);
        resolve(envelope);
      };
      gen.pending.set(id, finish);
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        gen.process.send({ type: 'invoke', id, name, input: raw });
      } catch {
        gen.pending.delete(id);
        finish(failure('INVALID_REQUEST', `Payload for ${name} cannot be sent to the device host (not structured-cloneable)`));
      }
    });
  }

  /** Subscribes to contract events from whichever host is running. */
  subscribe(listener: AnyEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Asks the host to shut down, kills it if it does not, and answers pending calls. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#restartTimer);
    const gen = this.#current;
    if (gen === undefined || !gen.alive) return;
    // A host that is not ready may not be listening yet: nothing to save, end it now.
    if (gen.isReady) trySend(gen, { type: 'shutdown' });
    else gen.process.kill();
    const timer = setTimeout(() => gen.process.kill(), this.#options.shutdownTimeoutMs ?? 3000);
    await gen.exited;
    clearTimeout(timer);
  }

  /**
   * Learns which devices a freshly started host has (they were attached before anyone listened),
   * so a later crash can report them detached; after a restart, announces them as attached.
   */
  async #learnDevices(gen: Generation, announce: boolean): Promise<void> {
    const list = await this.#send(gen, 'devices.list', undefined, new AbortController().signal);
    if (!list.ok || !Array.isArray(list.value)) return;
    for (const raw of list.value) {
      const event = parseHostEvent('device.attached', raw);
      if (event === undefined) continue;
      if (announce) this.#emit(event.name, event.payload);
      else this.#track(event.name, event.payload);
    }
  }

  #ensureStarted(): Generation {
    if (this.#current !== undefined) return this.#current;
    clearTimeout(this.#restartTimer);
    const child = this.#options.spawn(this.#options.args ?? []);
    let settleReady: (ready: boolean) => void = () => undefined;
    let settleExited: () => void = () => undefined;
    const gen: Generation = {
      process: child,
      ready: new Promise<boolean>((resolve) => (settleReady = resolve)),
      exited: new Promise<void>((resolve) => (settleExited = resolve)),
      pending: new Map(),
      alive: true,
      isReady: false,
    };
    this.#current = gen;
    const readyTimer = setTimeout(() => child.kill(), this.#options.readyTimeoutMs ?? 15_000);
    const isRestart = this.#generations++ > 0;
    child.onMessage((raw) =>
      this.#onMessage(gen, raw, () => {
        clearTimeout(readyTimer);
        gen.isReady = true;
        void this.#learnDevices(gen, isRestart).then(() => {
          this.#crashes = 0;
          settleReady(gen.alive);
        });
      }),
    );
    child.onExit((exit) => {
      clearTimeout(readyTimer);
      gen.alive = false;
      settleReady(false);
      this.#onExit(gen, exit);
      settleExited();
    });
    return gen;
  }

  #onMessage(gen: Generation, raw: unknown, onReady: () => void): void {
    const message = parseHostMessage(raw);
    if (message === undefined) {
      this.#options.onProtocolError?.(raw);
      return;
    }
    switch (message.type) {
      case 'ready':
        onReady();
        return;
      case 'result': {
        const resolve = gen.pending.get(message.id);
        gen.pending.delete(message.id);
        resolve?.(message.envelope);
        return;
      }
      case 'event': {
        const event = parseHostEvent(message.name, message.payload);
        if (event === undefined) this.#options.onProtocolError?.(raw);
        else if (gen === this.#current) this.#emit(event.name, event.payload);
        return;
      }
      default:
        assertNever(message, 'Unhandled host message');
    }
  }

  #onExit(gen: Generation, exit: HostExit): void {
    if (this.#current === gen) this.#current = undefined;
    const pending = [...gen.pending.values()];
    gen.pending.clear();
    for (const resolve of pending) resolve(failure('DEVICE_DISCONNECTED', 'The device host stopped while handling the call', true));
    for (const [deviceId, slot] of [...this.#devices]) {
      this.#emit('device.detached', { deviceId, slot } as Payload<'device.detached'>);
    }
    if (this.#closed) return;
    this.#crashes++;
    const base = this.#options.restartDelayMs ?? 200;
    const delay = Math.min(base * 2 ** (this.#crashes - 1), this.#options.maxRestartDelayMs ?? 10_000);
    this.#restartTimer = setTimeout(() => {
      if (!this.#closed) this.#ensureStarted();
    }, delay);
    this.#options.onHostExit?.({ pid: gen.process.pid, exit, failedCalls: pending.length, restartInMs: delay });
  }

  #emit<E extends EventName>(name: E, payload: Payload<E>): void {
    this.#track(name, payload);
    for (const listener of [...this.#listeners]) {
      try {
        listener(name, payload);
      } catch (error) {
        this.#options.onListenerError?.(error);
      }
    }
  }

  #track<E extends EventName>(name: E, payload: Payload<E>): void {
    if (name === 'device.attached') {
      const device = payload as Payload<'device.attached'>;
      this.#devices.set(device.id, device.slot);
    } else if (name === 'device.detached') {
      this.#devices.delete((payload as Payload<'device.detached'>).deviceId);
    }
  }
}

function failure(code: ErrorCode, message: string, retryable = false): Envelope<never> {
  return { ok: false, error: new ProvisioningError(code, message, { retryable }).toSerialized() };
}

function trySend(gen: Generation, message: unknown): void {
  try {
    if (gen.alive) gen.process.send(message);
  } catch {
    gen.process.kill();
  }
}
