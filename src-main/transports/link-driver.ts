import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { LinkEndpoint, LinkEvent } from '../../src-shared/link/link-types.js';
import type { LinkHttpRequest, LinkHttpResponse } from '../../src-shared/link/message-codec.js';
import type { ByteChannel, ChannelCloseReason } from '../../src-shared/ports/byte-channel.js';
import { concatBytes } from '../../src-shared/util/bytes.js';

/** Options of {@link LinkDriver}. */
export interface LinkDriverOptions {
  readonly channel: ByteChannel;
  readonly endpoint: LinkEndpoint;
  /** Monotonic milliseconds. @default performance.now */
  readonly nowMs?: () => number;
}

type Waiter = { resolve: (response: LinkHttpResponse) => void; reject: (error: ProvisioningError) => void };

/**
 * Runs a sans-I/O link endpoint over a {@link ByteChannel} with real timers.
 *
 * Received bytes and every send are followed by a `poll`; one timer tracks `nextDeadlineMs`.
 * Writes are serialised in poll order. A channel that closes fails the link with
 * DEVICE_DISCONNECTED (or TRANSPORT_TIMEOUT for silence), reported like any link failure.
 */
export class LinkDriver {
  private readonly listeners = new Set<(event: LinkEvent) => void>();
  private readonly waiters = new Map<number, Waiter>();
  private drainWaiters: { resolve: () => void; reject: (error: ProvisioningError) => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly now: () => number;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly options: LinkDriverOptions) {
    this.now = options.nowMs ?? (() => performance.now());
    this.unsubscribe.push(
      options.channel.onData((chunk) => {
        options.endpoint.receive(chunk);
        this.pump();
      }),
      options.channel.onClose((reason) => this.onChannelClosed(reason)),
    );
    queueMicrotask(() => this.pump());
  }

  /** The endpoint being driven. */
  get endpoint(): LinkEndpoint {
    return this.options.endpoint;
  }

  /** Subscribes to link events; returns the unsubscribe function. */
  onEvent(listener: (event: LinkEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the first event of `kind` (rejects if the link fails or closes first). */
  next<K extends LinkEvent['kind']>(kind: K): Promise<Extract<LinkEvent, { kind: K }>> {
    return new Promise((resolve, reject) => {
      const off = this.onEvent((event) => {
        if (event.kind === kind) {
          off();
          resolve(event as Extract<LinkEvent, { kind: K }>);
        } else if (event.kind === 'failed' || event.kind === 'closed') {
          off();
          reject(event.kind === 'failed' ? event.error : new ProvisioningError('DEVICE_DISCONNECTED', 'Link closed'));
        }
      });
    });
  }

  /** Sends an HTTP request and resolves with its response. */
  request(request: LinkHttpRequest): Promise<LinkHttpResponse> {
    const sent = this.options.endpoint.sendRequest(request);
    if (!sent.ok) return Promise.reject(sent.error);
    const response = new Promise<LinkHttpResponse>((resolve, reject) => this.waiters.set(sent.value, { resolve, reject }));
    this.pump();
    return response;
  }

  /** Answers a request received as a `request` event. */
  respond(exchangeId: number, response: LinkHttpResponse): void {
    const sent = this.options.endpoint.sendResponse(exchangeId, response);
    if (!sent.ok) throw sent.error;
    this.pump();
  }

  /** Sends a Package#0 notification. */
  notify(payload: Uint8Array): void {
    const sent = this.options.endpoint.sendNotification(payload);
    if (!sent.ok) throw sent.error;
    this.pump();
  }

  /**
   * Resolves once everything queued has been sent and acknowledged by the peer (so a following
   * `close()` loses nothing); rejects if the link fails or closes first.
   */
  drained(): Promise<void> {
    if (this.stopped) return Promise.reject(new ProvisioningError('DEVICE_DISCONNECTED', 'Link is not running'));
    if (this.options.endpoint.isIdle) return this.writing;
    return new Promise<void>((resolve, reject) => this.drainWaiters.push({ resolve, reject }));
  }

  /** Closes the link (RESET(close) is written first), then the channel. */
  async close(): Promise<void> {
    if (!this.stopped) {
      this.options.endpoint.close();
      this.pump();
      await this.writing;
    }
    this.stop();
    await this.options.channel.close();
  }

  /** Polls the endpoint now: writes its output, dispatches events, re-arms the timer. */
  pump(): void {
    if (this.stopped) return;
    const result = this.options.endpoint.poll(this.now());
    if (result.output.length > 0) {
      const bytes = concatBytes(result.output);
      this.writing = this.writing.then(() => this.options.channel.write(bytes)).catch(() => undefined); // a dead channel reports through onClose
    }
    for (const event of result.events) this.dispatch(event);
    if (this.drainWaiters.length > 0 && this.options.endpoint.isIdle && !this.stopped) {
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      void this.writing.then(() => {
        for (const w of waiters) w.resolve();
      });
    }
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (result.nextDeadlineMs !== undefined && !this.stopped) {
      this.timer = setTimeout(() => this.pump(), Math.max(0, Math.ceil(result.nextDeadlineMs - this.now())));
    }
  }

  private dispatch(event: LinkEvent): void {
    if (event.kind === 'response') {
      this.waiters.get(event.exchangeId)?.resolve(event.response);
      this.waiters.delete(event.exchangeId);
    } else if (event.kind === 'exchange-failed') {
      this.waiters.get(event.exchangeId)?.reject(event.error);
      this.waiters.delete(event.exchangeId);
    }
    for (const listener of [...this.listeners]) listener(event);
    if (event.kind === 'failed' || event.kind === 'closed') {
      const error = event.kind === 'failed' ? event.error : new ProvisioningError('DEVICE_DISCONNECTED', 'Link closed');
      for (const w of this.drainWaiters.splice(0)) w.reject(error);
      this.stop();
    }
  }

  private onChannelClosed(reason: ChannelCloseReason): void {
    if (this.stopped) return;
    const error =
      reason === 'silence'
        ? new ProvisioningError('TRANSPORT_TIMEOUT', 'Serial line went silent', { retryable: true, details: { reason } })
        : new ProvisioningError('DEVICE_DISCONNECTED', 'Cable link lost', { retryable: true, details: { reason } });
    for (const [exchangeId, waiter] of this.waiters) {
      waiter.reject(error);
      this.dispatch({ kind: 'exchange-failed', exchangeId, error });
    }
    this.waiters.clear();
    this.dispatch({ kind: 'failed', error });
  }

  private stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    for (const off of this.unsubscribe) off();
  }
}
