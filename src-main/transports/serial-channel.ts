import { SerialPort } from 'serialport';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { AbortSignalLike } from '../../src-shared/ports/abort.js';
import type { ByteChannel, ChannelCloseReason } from '../../src-shared/ports/byte-channel.js';
import { translateSerialError } from './serial-errors.js';

/** Options of {@link openSerialChannel}. */
export interface SerialChannelOptions {
  readonly path: string;
  /** @default 115200 */
  readonly baudRate?: number;
  /** Close with reason `silence` after this long without received bytes (undefined: never). */
  readonly idleTimeoutMs?: number;
  /**
   * Period of the hang-up probe (a TIOCMGET ioctl; 0 disables). A pty whose other end died is not
   * always reported by serialport's reader until the next write; the ioctl fails with EIO at once.
   * @default 100
   */
  readonly hangupProbeMs?: number;
}

/**
 * A {@link ByteChannel} over a serial port (serialport's `SerialPort`; ptys from socat work too).
 *
 * Every way the port dies — `close` (including a disconnect), `error`, `end`, and silence past
 * `idleTimeoutMs` — funnels into one `finish` path, so `onClose` listeners run exactly once and
 * data listeners never run after them.
 */
export class SerialPortChannel implements ByteChannel {
  private readonly dataListeners = new Set<(chunk: Uint8Array) => void>();
  private readonly closeListeners = new Set<(reason: ChannelCloseReason) => void>();
  private closeReason: ChannelCloseReason | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private readonly closedPromise: Promise<ChannelCloseReason>;
  private resolveClosed!: (reason: ChannelCloseReason) => void;

  /** Use {@link openSerialChannel}; the port must already be open. */
  constructor(
    private readonly port: SerialPort,
    private readonly options: SerialChannelOptions,
  ) {
    this.closedPromise = new Promise((resolve) => (this.resolveClosed = resolve));
    port.on('data', (chunk: Buffer) => this.onChunk(chunk));
    port.on('error', () => this.finish('error'));
    port.on('close', (error?: { disconnected?: boolean }) => this.finish(error?.disconnected === true ? 'error' : 'closed'));
    port.on('end', () => this.finish('end'));
    this.armIdle();
    const probeMs = options.hangupProbeMs ?? 100;
    if (probeMs > 0) this.probeTimer = setInterval(() => this.probe(), probeMs);
  }

  /** Why the channel closed, once it has. */
  get closedReason(): ChannelCloseReason | undefined {
    return this.closeReason;
  }

  /** Resolves with the reason when the channel closes. */
  get closed(): Promise<ChannelCloseReason> {
    return this.closedPromise;
  }

  write(bytes: Uint8Array, signal?: AbortSignalLike): Promise<void> {
    if (this.closeReason !== undefined) return Promise.reject(new ProvisioningError('DEVICE_DISCONNECTED', 'Serial port is closed', { details: { path: this.options.path } }));
    if (signal?.aborted === true) return Promise.reject(new ProvisioningError('CANCELLED', 'Write cancelled'));
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(new ProvisioningError('CANCELLED', 'Write cancelled'));
      signal?.addEventListener('abort', onAbort, { once: true });
      const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      this.port.write(data, (error) => {
        signal?.removeEventListener('abort', onAbort);
        if (error === null || error === undefined) resolve();
        else reject(translateSerialError(error, this.options.path));
      });
    });
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: (reason: ChannelCloseReason) => void): () => void {
    if (this.closeReason !== undefined) {
      const reason = this.closeReason;
      queueMicrotask(() => listener(reason));
      return () => undefined;
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.finish('closed');
    await this.closedPromise;
  }

  private onChunk(chunk: Buffer): void {
    if (this.closeReason !== undefined) return;
    this.armIdle();
    const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (const listener of [...this.dataListeners]) listener(bytes);
  }

  private armIdle(): void {
    if (this.options.idleTimeoutMs === undefined) return;
    if (this.idleTimer !== undefined) this.idleTimer.refresh();
    else this.idleTimer = setTimeout(() => this.finish('silence'), this.options.idleTimeoutMs);
  }

  private probe(): void {
    if (this.closeReason !== undefined || !this.port.isOpen) return;
    this.port.get((error) => {
      // ENOTTY is the normal answer of a live pty; EIO/ENXIO/EBADF mean the line is gone.
      if (error !== null && error !== undefined && /input\/output|EIO|ENXIO|no such device|bad file descriptor/i.test(error.message)) this.finish('error');
    });
  }

  /** The single exit: runs once, whatever killed the port. */
  private finish(reason: ChannelCloseReason): void {
    if (this.closeReason !== undefined) return;
    this.closeReason = reason;
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    if (this.probeTimer !== undefined) clearInterval(this.probeTimer);
    this.dataListeners.clear();
    const listeners = [...this.closeListeners];
    this.closeListeners.clear();
    const done = (): void => {
      for (const listener of listeners) listener(reason);
      this.resolveClosed(reason);
    };
    if (this.port.isOpen) this.port.close(() => done());
    else done();
  }
}

/** Opens a serial port as a {@link ByteChannel}; rejects with a translated ProvisioningError. */
export async function openSerialChannel(options: SerialChannelOptions): Promise<SerialPortChannel> {
  let port: SerialPort;
  try {
    port = new SerialPort({ path: options.path, baudRate: options.baudRate ?? 115_200, autoOpen: false });
  } catch (error) {
    throw translateSerialError(error, options.path);
  }
  await new Promise<void>((resolve, reject) => {
    port.open((error) => (error === null || error === undefined ? resolve() : reject(translateSerialError(error, options.path))));
  });
  return new SerialPortChannel(port, options);
}
