import { DeviceId, type DeviceSummary } from '../../src-shared/domain/device.js';
import { ProvisioningError } from '../../src-shared/errors/index.js';
import type { EventBus } from '../ipc/event-bus.js';

/**
 * The station's list of attached devices.
 *
 * Sources (serial port watcher, simulator, later USB and PC/SC) call `attach`/`detach`; the
 * registry keeps one record per device id and publishes `device.attached`/`device.detached`.
 */
export class DeviceRegistry {
  readonly #devices = new Map<DeviceId, DeviceSummary>();

  constructor(private readonly bus: EventBus) {}

  /** Devices in attach order. */
  list(): DeviceSummary[] {
    return [...this.#devices.values()];
  }

  /** Looks a device up or fails with `DEVICE_NOT_FOUND`. */
  get(id: DeviceId): DeviceSummary {
    const device = this.#devices.get(id);
    if (device === undefined) throw new ProvisioningError('DEVICE_NOT_FOUND', `No device ${id} is attached`, { details: { deviceId: id } });
    return device;
  }

  /** Records a device and announces it; re-attaching a known id replaces its record. */
  attach(device: DeviceSummary): void {
    this.#devices.set(device.id, device);
    this.bus.emit('device.attached', device);
  }

  /** Removes a device and announces it; unknown ids are ignored (detach is idempotent). */
  detach(id: DeviceId): void {
    const device = this.#devices.get(id);
    if (device === undefined) return;
    this.#devices.delete(id);
    this.bus.emit('device.detached', { deviceId: id, slot: device.slot });
  }

  /** Ids of devices attached through one transport. */
  idsOf(transport: DeviceSummary['transport']): DeviceId[] {
    return this.list()
      .filter((d) => d.transport === transport)
      .map((d) => d.id);
  }
}

/** Builds a branded device id from a transport-specific key. */
export function deviceIdOf(transport: DeviceSummary['transport'], key: string): DeviceId {
  return DeviceId.parse(`${transport}:${key}`);
}
