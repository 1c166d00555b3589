import { imeiFromBody } from '../../src-shared/domain/imei.js';
import type { DeviceId, DeviceSummary } from '../../src-shared/domain/device.js';
import { ProvisioningError } from '../../src-shared/errors/index.js';
import { deviceIdOf, type DeviceRegistry } from './device-registry.js';

/**
 * Built-in simulated handsets: the demo device a new user sees, and a line trainer.
 *
 * This stand-in only carries a realistic identity; the full DM 2.0 handset simulator on a pty
 * (`bootbench-sim`) replaces its internals in the cable-link work.
 */
export class SimulatedDevices {
  #next = 1;

  constructor(
    private readonly registry: DeviceRegistry,
    private readonly clock: () => number,
  ) {}

  /** Plugs in one simulated handset and returns its record. */
  attach(label?: string): DeviceSummary {
    const n = this.#next++;
    const serial = String(n).padStart(6, '0');
    const device: DeviceSummary = {
      id: deviceIdOf('simulated', `sim-${n}`),
      slot: `sim-${n}`,
      label: label ?? `Simulated handset ${n}`,
      transport: 'simulated',
      kind: 'handset',
      identity: {
        manufacturer: 'Bootbench',
        model: 'SimPhone 2',
        firmware: '2.0.0',
        imei: imeiFromBody(`35693803${serial}`),
        imsi: `00101${String(n).padStart(10, '0')}`,
        iccid: `8900101${String(n).padStart(11, '0')}`,
      },
      attachedAtMs: this.clock(),
    };
    this.registry.attach(device);
    return device;
  }

  /** Unplugs a simulated handset; other transports' devices are refused. */
  detach(id: DeviceId): void {
    const device = this.registry.get(id);
    if (device.transport !== 'simulated') {
      throw new ProvisioningError('INVALID_REQUEST', 'Only simulated devices can be unplugged from the station', { details: { deviceId: id } });
    }
    this.registry.detach(id);
  }
}
