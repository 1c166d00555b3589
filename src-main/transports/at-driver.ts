import { AtEngine, type AtCommandOptions, type AtEngineOptions, type AtResult } from '../../src-shared/at/at-engine.js';
import type { AtExecutor } from '../../src-shared/at/at-outcome.js';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { ByteChannel } from '../../src-shared/ports/byte-channel.js';
import { concatBytes } from '../../src-shared/util/bytes.js';

/**
 * Runs the sans-I/O {@link AtEngine} over a {@link ByteChannel} with real timers.
 *
 * `send` resolves with the command's {@link AtResult} (refusals and timeouts are results); a
 * channel that closes cancels everything queued with DEVICE_DISCONNECTED.
 */
export class AtDriver {
  private readonly engine: AtEngine;
  private readonly waiters = new Map<number, (result: AtResult) => void>();
  private readonly urcListeners = new Set<(line: string, name: string | undefined) => void>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly offs: (() => void)[];
  private closedError: ProvisioningError | undefined;

  constructor(
    private readonly channel: ByteChannel,
    options: AtEngineOptions = {},
    private readonly now: () => number = () => performance.now(),
  ) {
    this.engine = new AtEngine(options);
    this.offs = [
      channel.onData((chunk) => {
        this.engine.receive(chunk);
        this.pump();
      }),
      channel.onClose((reason) => {
        this.closedError = new ProvisioningError('DEVICE_DISCONNECTED', 'Modem port closed', { retryable: true, details: { reason } });
        this.engine.cancelAll(this.closedError);
        this.pump();
      }),
    ];
  }

  /** The executor form used by helpers such as `queryIdentity`. */
  readonly exec: AtExecutor = (command, options) => this.send(command, options);

  /** Queues a command and resolves with how it ended. */
  send(command: string, options: AtCommandOptions = {}): Promise<AtResult> {
    if (this.closedError !== undefined) return Promise.resolve({ status: 'cancelled', error: this.closedError });
    const id = this.engine.enqueue(command, options);
    const result = new Promise<AtResult>((resolve) => this.waiters.set(id, resolve));
    this.pump();
    return result;
  }

  /** Subscribes to unsolicited result codes. */
  onUrc(listener: (line: string, name: string | undefined) => void): () => void {
    this.urcListeners.add(listener);
    return () => this.urcListeners.delete(listener);
  }

  /** Stops the driver (pending commands are cancelled) without closing the channel. */
  dispose(): void {
    for (const off of this.offs) off();
    this.engine.cancelAll(new ProvisioningError('CANCELLED', 'AT driver disposed'));
    this.pump();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private pump(): void {
    const result = this.engine.poll(this.now());
    if (result.output.length > 0) {
      const bytes = concatBytes(result.output);
      this.writing = this.writing.then(() => this.channel.write(bytes)).catch(() => undefined); // failures surface via onClose
    }
    for (const event of result.events) {
      if (event.kind === 'result') {
        this.waiters.get(event.id)?.(event.result);
        this.waiters.delete(event.id);
      } else {
        for (const listener of [...this.urcListeners]) listener(event.line, event.name);
      }
    }
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = result.nextDeadlineMs === undefined ? undefined : setTimeout(() => this.pump(), Math.max(0, Math.ceil(result.nextDeadlineMs - this.now())));
  }
}
