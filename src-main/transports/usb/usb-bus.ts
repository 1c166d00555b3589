import type { ByteChannel } from '../../../src-shared/ports/byte-channel.js';

/** One USB device as the bus reports it (identity from the device descriptor). */
export interface UsbDeviceInfo {
  /** Bus number (libusb `busNumber`). */
  readonly busNumber: number;
  /** Hub port chain from the root hub (libusb `portNumbers`), e.g. `[2, 3]` for port 3 of the hub on port 2. */
  readonly portNumbers: readonly number[];
  /** `idVendor`, 0–0xffff. */
  readonly vendorId: number;
  /** `idProduct`, 0–0xffff. */
  readonly productId: number;
  readonly serialNumber?: string;
  readonly manufacturer?: string;
  readonly product?: string;
}

/** Options of {@link UsbBus.openBulk}. */
export interface UsbBulkOptions {
  /** Interface holding the bulk IN/OUT pair; by default the first interface that has both. */
  readonly interfaceNumber?: number;
  /** Close with reason `silence` after this long without received bytes (undefined: never). */
  readonly idleTimeoutMs?: number;
}

/**
 * The station's view of a USB bus: enumeration, hot-plug events and bulk byte pipes.
 *
 * Contract for implementers: `list` never throws for an empty or absent bus (it returns `[]`);
 * attach/detach listeners run once per physical event, after `list` would reflect it; `openBulk`
 * rejects with a ProvisioningError (`DEVICE_NOT_FOUND` when the device is gone or has no bulk
 * pair, `DEVICE_BUSY` when another driver holds it). A channel from `openBulk` closes with reason
 * `error` when its device is unplugged. `close` stops events and closes every open channel.
 */
export interface UsbBus {
  list(): Promise<readonly UsbDeviceInfo[]>;
  onAttach(listener: (device: UsbDeviceInfo) => void): () => void;
  onDetach(listener: (device: UsbDeviceInfo) => void): () => void;
  openBulk(device: UsbDeviceInfo, options?: UsbBulkOptions): Promise<ByteChannel>;
  close(): Promise<void>;
}

/** The physical port path of a device, `<bus>-<port>.<port>…` (Linux sysfs style, e.g. `1-2.3`). */
export function usbPortPath(device: Pick<UsbDeviceInfo, 'busNumber' | 'portNumbers'>): string {
  return device.portNumbers.length === 0 ? `${device.busNumber}-0` : `${device.busNumber}-${device.portNumbers.join('.')}`;
}

/**
 * Stable slot key of a USB port, `usb:<bus>-<port path>` (e.g. `usb:1-2.3`).
 *
 * It names the physical socket, not the device: a handset replaced by another on the same socket
 * keeps the slot and its user-given name.
 */
export function usbSlotOf(device: Pick<UsbDeviceInfo, 'busNumber' | 'portNumbers'>): string {
  return `usb:${usbPortPath(device)}`;
}

/** A VID or PID as the 4-digit lower-case hex the catalog and the UI use (`0x2c7c` → `2c7c`). */
export function usbIdHex(id: number): string {
  return id.toString(16).padStart(4, '0');
}
