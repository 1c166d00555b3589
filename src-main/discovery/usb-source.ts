import type { DeviceIdentity } from '../../src-shared/domain/device.js';
import { deviceIdOf } from '../services/device-registry.js';
import type { DeviceKindCatalog } from '../transports/usb/device-kinds.js';
import { usbIdHex, usbPortPath, usbSlotOf, type UsbBus, type UsbDeviceInfo } from '../transports/usb/usb-bus.js';
import type { CandidatePort, Discovery } from './discovery.js';

/** The candidate port discovery sees for a USB device (catalog lookup by VID/PID). */
export function usbCandidateOf(bus: UsbBus, catalog: DeviceKindCatalog, device: UsbDeviceInfo): CandidatePort {
  const entry = catalog.lookup(device.vendorId, device.productId);
  const vid = usbIdHex(device.vendorId);
  const pid = usbIdHex(device.productId);
  const identity: { -readonly [K in keyof DeviceIdentity]: DeviceIdentity[K] } = { vendorId: vid, productId: pid };
  if (device.serialNumber !== undefined) identity.serialNumber = device.serialNumber.slice(0, 200);
  if (device.manufacturer !== undefined) identity.manufacturer = device.manufacturer.slice(0, 200);
  return {
    id: deviceIdOf('usb', usbPortPath(device)),
    slot: usbSlotOf(device),
    transport: 'usb',
    label: (entry?.name ?? device.product ?? `USB device ${vid}:${pid}`).slice(0, 200),
    kind: entry?.kind ?? 'unknown',
    identity,
    probe: entry?.probe ?? 'link',
    open: () => bus.openBulk(device),
  };
}

/**
 * Feeds a USB bus's devices and hot-plug events into discovery; returns the unsubscribe function.
 *
 * Devices already on the bus are reported first, then attach/detach events as they come.
 */
export async function watchUsbBus(bus: UsbBus, catalog: DeviceKindCatalog, discovery: Discovery): Promise<() => void> {
  const offAttach = bus.onAttach((d) => discovery.portAppeared(usbCandidateOf(bus, catalog, d)));
  const offDetach = bus.onDetach((d) => discovery.portGone(deviceIdOf('usb', usbPortPath(d))));
  for (const device of await bus.list()) discovery.portAppeared(usbCandidateOf(bus, catalog, device));
  return () => {
    offAttach();
    offDetach();
  };
}
