import { ProvisioningError } from '../../../src-shared/errors/provisioning-error.js';
import type { AbortSignalLike } from '../../../src-shared/ports/abort.js';
import type { ByteChannel, ChannelCloseReason } from '../../../src-shared/ports/byte-channel.js';
import { err, ok, type Result } from '../../../src-shared/util/result.js';
import type { UsbBulkOptions, UsbBus, UsbDeviceInfo } from './usb-bus.js';
import { usbPortPath } from './usb-bus.js';

// The slice of the `usb@2` (libusb) API this adapter uses, typed structurally so the package
// stays an optional dependency: adding `"usb": "^2"` to package.json is all it takes to enable it.
interface LibusbEndpoint {
  readonly direction: 'in' | 'out';
  readonly transferType: number;
  on(event: 'data', listener: (data: Buffer) => void): void;
  on(event: 'error' | 'end', listener: (error?: Error) => void): void;
  startPoll?(transfers?: number, size?: number): void;
  stopPoll?(callback?: () => void): void;
  transfer?(buffer: Buffer, callback: (error?: Error) => void): void;
}
interface LibusbInterface {
  readonly endpoints: readonly LibusbEndpoint[];
  isKernelDriverActive(): boolean;
  detachKernelDriver(): void;
  claim(): void;
  release(callback?: (error?: Error) => void): void;
}
interface LibusbDevice {
  readonly busNumber: number;
  readonly portNumbers?: readonly number[];
  readonly deviceDescriptor: { readonly idVendor: number; readonly idProduct: number };
  readonly interfaces?: readonly LibusbInterface[];
  open(): void;
  close(): void;
  interface(n: number): LibusbInterface;
}
interface LibusbModule {
  getDeviceList(): LibusbDevice[];
  usb: { on(event: 'attach' | 'detach', listener: (device: LibusbDevice) => void): void; off?(event: string, listener: (device: LibusbDevice) => void): void };
}

/** libusb's LIBUSB_TRANSFER_TYPE_BULK. */
const TRANSFER_TYPE_BULK = 2;

function infoOf(device: LibusbDevice): UsbDeviceInfo {
  return {
    busNumber: device.busNumber,
    portNumbers: [...(device.portNumbers ?? [])],
    vendorId: device.deviceDescriptor.idVendor,
    productId: device.deviceDescriptor.idProduct,
  };
}

/**
 * Loads the libusb-backed bus, or explains why there is none.
 *
 * `usb@2` is loaded lazily by dynamic import inside try/catch: when the package is absent (as on
 * the build machines, which also have no USB bus) the answer is `{ ok: false }` with a reason and
 * the station runs without USB. `usb@3` (WebUSB API) is deliberately not supported: its `connect`
 * listener can kill Node (TOOLCHAIN.md).
 */
export async function loadNodeUsbBus(moduleName = 'usb'): Promise<Result<UsbBus, ProvisioningError>> {
  let mod: Partial<LibusbModule>;
  try {
    mod = (await import(moduleName)) as Partial<LibusbModule>;
  } catch (error) {
    return err(new ProvisioningError('NOT_FOUND', 'USB unavailable: the usb module is not installed', { cause: error, details: { module: moduleName } }));
  }
  if (typeof mod.getDeviceList !== 'function' || typeof mod.usb?.on !== 'function') {
    return err(new ProvisioningError('NOT_FOUND', 'USB unavailable: the usb module does not offer the libusb API (usb@2)', { details: { module: moduleName } }));
  }
  return ok(new NodeUsbBus(mod as LibusbModule));
}

class NodeUsbBus implements UsbBus {
  readonly #attach = new Set<(d: UsbDeviceInfo) => void>();
  readonly #detach = new Set<(d: UsbDeviceInfo) => void>();
  readonly #channels = new Set<UsbBulkChannel>();
  readonly #onAttach = (d: LibusbDevice): void => this.#emit(this.#attach, d);
  readonly #onDetach = (d: LibusbDevice): void => {
    const key = usbPortPath(infoOf(d));
    for (const c of this.#channels) if (c.portPath === key) c.unplugged();
    this.#emit(this.#detach, d);
  };

  constructor(private readonly lib: LibusbModule) {
    lib.usb.on('attach', this.#onAttach);
    lib.usb.on('detach', this.#onDetach);
  }

  async list(): Promise<readonly UsbDeviceInfo[]> {
    try {
      return this.lib.getDeviceList().map(infoOf);
    } catch {
      return [];
    }
  }

  onAttach(listener: (device: UsbDeviceInfo) => void): () => void {
    this.#attach.add(listener);
    return () => this.#attach.delete(listener);
  }

  onDetach(listener: (device: UsbDeviceInfo) => void): () => void {
    this.#detach.add(listener);
    return () => this.#detach.delete(listener);
  }

  async openBulk(info: UsbDeviceInfo, options: UsbBulkOptions = {}): Promise<ByteChannel> {
    const key = usbPortPath(info);
    const device = this.lib.getDeviceList().find((d) => usbPortPath(infoOf(d)) === key);
    if (device === undefined) throw new ProvisioningError('DEVICE_NOT_FOUND', 'USB device is gone', { details: { port: key } });
    try {
      device.open();
    } catch (error) {
      throw new ProvisioningError('DEVICE_BUSY', 'USB device cannot be opened', { cause: error, details: { port: key } });
    }
    const candidates = options.interfaceNumber === undefined ? (device.interfaces ?? []) : [device.interface(options.interfaceNumber)];
    const iface = candidates.find((i) => bulkPair(i) !== undefined);
    const pair = iface === undefined ? undefined : bulkPair(iface);
    if (iface === undefined || pair === undefined) {
      device.close();
      throw new ProvisioningError('DEVICE_NOT_FOUND', 'USB device has no bulk IN/OUT endpoint pair', { details: { port: key } });
    }
    try {
      if (iface.isKernelDriverActive()) iface.detachKernelDriver();
      iface.claim();
    } catch (error) {
      device.close();
      throw new ProvisioningError('DEVICE_BUSY', 'USB interface is held by another driver', { cause: error, details: { port: key } });
    }
    const channel = new UsbBulkChannel(key, device, iface, pair.input, pair.output, options.idleTimeoutMs, () => this.#channels.delete(channel));
    this.#channels.add(channel);
    return channel;
  }

  async close(): Promise<void> {
    this.lib.usb.off?.('attach', this.#onAttach);
    this.lib.usb.off?.('detach', this.#onDetach);
    await Promise.all([...this.#channels].map((c) => c.close()));
  }

  #emit(listeners: Set<(d: UsbDeviceInfo) => void>, device: LibusbDevice): void {
    const info = infoOf(device);
    for (const listener of [...listeners]) listener(info);
  }
}

function bulkPair(iface: LibusbInterface): { input: LibusbEndpoint; output: LibusbEndpoint } | undefined {
  const input = iface.endpoints.find((e) => e.direction === 'in' && e.transferType === TRANSFER_TYPE_BULK);
  const output = iface.endpoints.find((e) => e.direction === 'out' && e.transferType === TRANSFER_TYPE_BULK);
  return input === undefined || output === undefined ? undefined : { input, output };
}

/** A bulk IN/OUT endpoint pair as a ByteChannel; close, error, end, unplug and silence share one exit. */
class UsbBulkChannel implements ByteChannel {
  readonly #data = new Set<(chunk: Uint8Array) => void>();
  readonly #closeListeners = new Set<(reason: ChannelCloseReason) => void>();
  #reason: ChannelCloseReason | undefined;
  #idle: NodeJS.Timeout | undefined;

  constructor(
    readonly portPath: string,
    private readonly device: LibusbDevice,
    private readonly iface: LibusbInterface,
    private readonly input: LibusbEndpoint,
    private readonly output: LibusbEndpoint,
    private readonly idleTimeoutMs: number | undefined,
    private readonly onFinished: () => void,
  ) {
    input.on('data', (data: Buffer) => {
      if (this.#reason !== undefined) return;
      this.#armIdle();
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      for (const l of [...this.#data]) l(bytes);
    });
    input.on('error', () => this.#finish('error'));
    input.on('end', () => this.#finish('end'));
    input.startPoll?.(4, 4096);
    this.#armIdle();
  }

  /** The bus saw this device leave. */
  unplugged(): void {
    this.#finish('error');
  }

  write(bytes: Uint8Array, signal?: AbortSignalLike): Promise<void> {
    if (this.#reason !== undefined) return Promise.reject(new ProvisioningError('DEVICE_DISCONNECTED', 'USB device is closed', { details: { port: this.portPath } }));
    if (signal?.aborted === true) return Promise.reject(new ProvisioningError('CANCELLED', 'Write cancelled'));
    return new Promise((resolve, reject) => {
      this.output.transfer?.(Buffer.from(bytes), (error) => {
        if (error === undefined || error === null) resolve();
        else {
          reject(new ProvisioningError('DEVICE_DISCONNECTED', 'USB bulk write failed', { cause: error, retryable: true, details: { port: this.portPath } }));
          this.#finish('error');
        }
      });
    });
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.#data.add(listener);
    return () => this.#data.delete(listener);
  }

  onClose(listener: (reason: ChannelCloseReason) => void): () => void {
    const reason = this.#reason;
    if (reason !== undefined) {
      queueMicrotask(() => listener(reason));
      return () => undefined;
    }
    this.#closeListeners.add(listener);
    return () => this.#closeListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#finish('closed');
  }

  #armIdle(): void {
    if (this.idleTimeoutMs === undefined) return;
    if (this.#idle !== undefined) this.#idle.refresh();
    else this.#idle = setTimeout(() => this.#finish('silence'), this.idleTimeoutMs);
  }

  #finish(reason: ChannelCloseReason): void {
    if (this.#reason !== undefined) return;
    this.#reason = reason;
    if (this.#idle !== undefined) clearTimeout(this.#idle);
    this.#data.clear();
    const listeners = [...this.#closeListeners];
    this.#closeListeners.clear();
    this.onFinished();
    for (const l of listeners) l(reason);
    // Release best-effort and without waiting: an unplugged device may never call back.
    const closeDevice = (): void => {
      try {
        this.device.close();
      } catch {
        // LIBUSB_ERROR_NO_DEVICE after an unplug: the handle is gone either way.
      }
    };
    try {
      if (this.input.stopPoll === undefined) this.iface.release(closeDevice);
      else this.input.stopPoll(() => this.iface.release(closeDevice));
    } catch {
      closeDevice();
    }
  }
}
