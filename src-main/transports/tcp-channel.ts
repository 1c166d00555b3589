import { connect, type Socket } from 'node:net';
import { ProvisioningError, type ErrorCode } from '../../src-shared/errors/provisioning-error.js';
import type { AbortSignalLike } from '../../src-shared/ports/abort.js';
import type { ByteChannel, ChannelCloseReason } from '../../src-shared/ports/byte-channel.js';

/** Options of {@link openTcpChannel}. */
export interface TcpChannelOptions {
  readonly host: string;
  readonly port: number;
  /** Give up connecting after this long (TRANSPORT_TIMEOUT). @default 5000 */
  readonly connectTimeoutMs?: number;
  /** Close with reason `silence` after this long without received bytes (undefined: never). */
  readonly idleTimeoutMs?: number;
  /** Aborts the connection attempt (CANCELLED). */
  readonly signal?: AbortSignalLike;
}

const BY_ERRNO: Readonly<Record<string, ErrorCode>> = {
  ECONNREFUSED: 'DEVICE_NOT_FOUND',
  EHOSTUNREACH: 'DEVICE_NOT_FOUND',
  ENETUNREACH: 'DEVICE_NOT_FOUND',
  ENOTFOUND: 'DEVICE_NOT_FOUND',
  EADDRNOTAVAIL: 'DEVICE_NOT_FOUND',
  ETIMEDOUT: 'TRANSPORT_TIMEOUT',
  ECONNRESET: 'DEVICE_DISCONNECTED',
  EPIPE: 'DEVICE_DISCONNECTED',
  ECONNABORTED: 'DEVICE_DISCONNECTED',
  EACCES: 'DEVICE_BUSY',
};

/**
 * Translates a node:net error into a ProvisioningError at the transport edge.
 *
 * The errno stays in `details.errno` and the original error in `cause`; nothing above this file
 * sees an errno.
 */
export function translateTcpError(error: unknown, endpoint: string): ProvisioningError {
  if (error instanceof ProvisioningError) return error;
  const errno = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : 'unknown';
  const code: ErrorCode = BY_ERRNO[errno] ?? 'INTERNAL';
  const human: Record<string, string> = {
    DEVICE_NOT_FOUND: 'Network device not reachable',
    TRANSPORT_TIMEOUT: 'Network device did not answer in time',
    DEVICE_DISCONNECTED: 'Network device connection lost',
    DEVICE_BUSY: 'Network device refused access',
  };
  return new ProvisioningError(code, human[code] ?? 'Network connection failed', {
    cause: error,
    retryable: code !== 'INTERNAL',
    details: { endpoint, errno },
  });
}

/**
 * A {@link ByteChannel} over a TCP connection (networked devices, emulators).
 *
 * Every way the connection dies — `close` (ours or a reset), `error`, `end` (the peer's FIN) and
 * silence past `idleTimeoutMs` — funnels into one `finish` path, so `onClose` listeners run exactly
 * once and data listeners never run after them. Half-open connections are not kept: the peer's
 * FIN ends the channel.
 */
export class TcpChannel implements ByteChannel {
  readonly #dataListeners = new Set<(chunk: Uint8Array) => void>();
  readonly #closeListeners = new Set<(reason: ChannelCloseReason) => void>();
  #reason: ChannelCloseReason | undefined;
  #idleTimer: NodeJS.Timeout | undefined;
  readonly #closed: Promise<ChannelCloseReason>;
  #resolveClosed!: (reason: ChannelCloseReason) => void;
  readonly #endpoint: string;

  /** Use {@link openTcpChannel}; the socket must already be connected. */
  constructor(
    private readonly socket: Socket,
    private readonly options: Pick<TcpChannelOptions, 'host' | 'port' | 'idleTimeoutMs'>,
  ) {
    this.#endpoint = `${options.host}:${options.port}`;
    this.#closed = new Promise((resolve) => (this.#resolveClosed = resolve));
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#onChunk(chunk));
    socket.on('error', () => this.#finish('error'));
    socket.on('end', () => this.#finish('end'));
    socket.on('close', (hadError: boolean) => this.#finish(hadError ? 'error' : 'closed'));
    this.#armIdle();
  }

  /** Why the channel closed, once it has. */
  get closedReason(): ChannelCloseReason | undefined {
    return this.#reason;
  }

  /** Resolves with the reason when the channel closes. */
  get closed(): Promise<ChannelCloseReason> {
    return this.#closed;
  }

  write(bytes: Uint8Array, signal?: AbortSignalLike): Promise<void> {
    if (this.#reason !== undefined) return Promise.reject(new ProvisioningError('DEVICE_DISCONNECTED', 'Network connection is closed', { details: { endpoint: this.#endpoint } }));
    if (signal?.aborted === true) return Promise.reject(new ProvisioningError('CANCELLED', 'Write cancelled'));
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(new ProvisioningError('CANCELLED', 'Write cancelled'));
      signal?.addEventListener('abort', onAbort, { once: true });
      this.socket.write(bytes, (error) => {
        signal?.removeEventListener('abort', onAbort);
        if (error === null || error === undefined) resolve();
        else reject(translateTcpError(error, this.#endpoint));
      });
    });
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.#dataListeners.add(listener);
    return () => this.#dataListeners.delete(listener);
  }

  onClose(listener: (reason: ChannelCloseReason) => void): () => void {
    if (this.#reason !== undefined) {
      const reason = this.#reason;
      queueMicrotask(() => listener(reason));
      return () => undefined;
    }
    this.#closeListeners.add(listener);
    return () => this.#closeListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#finish('closed');
    await this.#closed;
  }

  #onChunk(chunk: Buffer): void {
    if (this.#reason !== undefined) return;
    this.#armIdle();
    const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (const listener of [...this.#dataListeners]) listener(bytes);
  }

  #armIdle(): void {
    if (this.options.idleTimeoutMs === undefined) return;
    if (this.#idleTimer !== undefined) this.#idleTimer.refresh();
    else this.#idleTimer = setTimeout(() => this.#finish('silence'), this.options.idleTimeoutMs);
  }

  /** The single exit: runs once, whatever killed the connection. */
  #finish(reason: ChannelCloseReason): void {
    if (this.#reason !== undefined) return;
    this.#reason = reason;
    if (this.#idleTimer !== undefined) clearTimeout(this.#idleTimer);
    this.#dataListeners.clear();
    const listeners = [...this.#closeListeners];
    this.#closeListeners.clear();
    const done = (): void => {
      for (const listener of listeners) listener(reason);
      this.#resolveClosed(reason);
    };
    if (this.socket.destroyed) done();
    else {
      this.socket.once('close', done);
      this.socket.destroy();
    }
  }
}

/** Connects to a networked device and returns the connection as a {@link ByteChannel}. */
export function openTcpChannel(options: TcpChannelOptions): Promise<TcpChannel> {
  const endpoint = `${options.host}:${options.port}`;
  if (options.signal?.aborted === true) return Promise.reject(new ProvisioningError('CANCELLED', 'Connect cancelled', { details: { endpoint } }));
  return new Promise<TcpChannel>((resolve, reject) => {
    const socket = connect({ host: options.host, port: options.port, allowHalfOpen: false });
    const fail = (error: ProvisioningError): void => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onError = (error: Error): void => fail(translateTcpError(error, endpoint));
    const onAbort = (): void => fail(new ProvisioningError('CANCELLED', 'Connect cancelled', { details: { endpoint } }));
    const timer = setTimeout(
      () => fail(new ProvisioningError('TRANSPORT_TIMEOUT', 'Network device did not accept the connection in time', { retryable: true, details: { endpoint } })),
      options.connectTimeoutMs ?? 5000,
    );
    const onConnect = (): void => {
      cleanup();
      resolve(new TcpChannel(socket, options));
    };
    function cleanup(): void {
      clearTimeout(timer);
      socket.off('error', onError);
      socket.off('connect', onConnect);
      options.signal?.removeEventListener('abort', onAbort);
    }
    socket.once('error', onError);
    socket.once('connect', onConnect);
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
