import { ProvisioningError } from '../../../src-shared/errors/provisioning-error.js';
import type { ByteChannel } from '../../../src-shared/ports/byte-channel.js';
import { openSerialChannel } from '../serial-channel.js';
import type { UsbBulkOptions, UsbBus, UsbDeviceInfo } from './usb-bus.js';
import { usbPortPath } from './usb-bus.js';

/** A scripted device: its descriptor facts plus the tty that stands in for its bulk pipe. */
export interface ScriptedUsbDevice extends UsbDeviceInfo {
  /** tty path (one end of a socat pty pair) whose bytes play the bulk IN/OUT endpoints. */
  readonly bulkPath: string;
}

/**
 * A {@link UsbBus} driven by a script instead of libusb, for machines without a USB bus (tests,
 * demos, the build VMs).
 *
 * `plug`/`unplug` play hot-plug events; the bulk channel is a real serial channel on `bulkPath`,
 * so the link runs over real file descriptors. Unplugging a device closes its open channels with
 * reason `error`, as a yanked cable does.
 */
export class ScriptedUsbBus implements UsbBus {
  readonly #devices = new Map<string, ScriptedUsbDevice>();
  readonly #attach = new Set<(d: UsbDeviceInfo) => void>();
  readonly #detach = new Set<(d: UsbDeviceInfo) => void>();
  readonly #channels = new Map<string, Set<ByteChannel & { unplug(): void }>>();
  #closed = false;

  /** Plugs a device in (replacing whatever sat on the same port) and announces it. */
  plug(device: ScriptedUsbDevice): void {
    const key = usbPortPath(device);
    if (this.#devices.has(key)) this.unplug(device);
    this.#devices.set(key, device);
    for (const l of [...this.#attach]) l(publicInfo(device));
  }

  /** Unplugs the device on that port; its channels die with reason `error`. Unknown ports are ignored. */
  unplug(port: Pick<UsbDeviceInfo, 'busNumber' | 'portNumbers'>): void {
    const key = usbPortPath(port);
    const device = this.#devices.get(key);
    if (device === undefined) return;
    this.#devices.delete(key);
    for (const c of this.#channels.get(key) ?? []) c.unplug();
    this.#channels.delete(key);
    for (const l of [...this.#detach]) l(publicInfo(device));
  }

  async list(): Promise<readonly UsbDeviceInfo[]> {
    return [...this.#devices.values()].map(publicInfo);
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
    const device = this.#devices.get(key);
    if (device === undefined || this.#closed) throw new ProvisioningError('DEVICE_NOT_FOUND', 'USB device is gone', { details: { port: key } });
    const serial = await openSerialChannel({ path: device.bulkPath, ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }) });
    if (this.#devices.get(key) !== device) {
      await serial.close();
      throw new ProvisioningError('DEVICE_NOT_FOUND', 'USB device is gone', { details: { port: key } });
    }
    // An unplug must end the channel with `error` (like EIO on a yanked cable), not `closed`.
    let unplugged = false;
    const channel: ByteChannel & { unplug(): void } = {
      write: (bytes, signal) => serial.write(bytes, signal),
      onData: (listener) => serial.onData(listener),
      onClose: (listener) => serial.onClose((reason) => listener(unplugged && reason === 'closed' ? 'error' : reason)),
      close: () => serial.close(),
      unplug: () => {
        unplugged = true;
        void serial.close();
      },
    };
    const set = this.#channels.get(key) ?? new Set();
    set.add(channel);
    this.#channels.set(key, set);
    void serial.closed.then(() => set.delete(channel));
    return channel;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#attach.clear();
    this.#detach.clear();
    const all = [...this.#channels.values()].flatMap((s) => [...s]);
    this.#channels.clear();
    await Promise.all(all.map((c) => c.close()));
  }
}

function publicInfo(device: ScriptedUsbDevice): UsbDeviceInfo {
  const { bulkPath: _bulkPath, ...info } = device;
  return info;
}
