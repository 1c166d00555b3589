import type { ProvisioningError } from '../../src-shared/errors/index.js';
import type { ByteChannel } from '../../src-shared/ports/byte-channel.js';
import type { Result } from '../../src-shared/util/result.js';
import type { UsbBulkOptions, UsbBus, UsbDeviceInfo } from '../transports/usb/usb-bus.js';

type Listener = (device: UsbDeviceInfo) => void;

/**
 * A USB bus usable before its driver has loaded (libusb's addon costs the device host tens of
 * milliseconds of start-up).
 *
 * Until `loading` settles, `list()` answers `[]` and nothing is attached; once the bus is there,
 * the devices it lists are announced through `onAttach` (if a list was answered empty) and its
 * attach/detach events are relayed. `openBulk` and `close` wait for the load. When the driver
 * cannot be had, the bus stays empty and `openBulk` fails with the loader's error.
 */
export function deferredUsbBus(loading: Promise<Result<UsbBus, ProvisioningError>>, onError: (error: unknown) => void): UsbBus {
  const attach = new Set<Listener>();
  const detach = new Set<Listener>();
  let bus: UsbBus | undefined;
  let answeredEmpty = false;
  let closed = false;
  const emit = (listeners: Set<Listener>, device: UsbDeviceInfo): void => {
    for (const listener of [...listeners]) listener(device);
  };
  const loaded = loading.then(async (result) => {
    if (!result.ok) return result;
    const real = result.value;
    if (closed) {
      await real.close();
      return result;
    }
    real.onAttach((device) => emit(attach, device));
    real.onDetach((device) => emit(detach, device));
    bus = real;
    if (answeredEmpty) for (const device of await real.list()) emit(attach, device);
    return result;
  });
  loaded.catch(onError);
  return {
    async list() {
      if (bus !== undefined) return bus.list();
      answeredEmpty = true;
      return [];
    },
    onAttach(listener) {
      attach.add(listener);
      return () => void attach.delete(listener);
    },
    onDetach(listener) {
      detach.add(listener);
      return () => void detach.delete(listener);
    },
    async openBulk(device: UsbDeviceInfo, options?: UsbBulkOptions): Promise<ByteChannel> {
      const result = await loaded;
      if (!result.ok) throw result.error;
      return result.value.openBulk(device, options);
    },
    async close() {
      closed = true;
      attach.clear();
      detach.clear();
      const result = await loaded.catch(() => undefined);
      if (result?.ok === true && bus !== undefined) await result.value.close();
    },
  };
}
