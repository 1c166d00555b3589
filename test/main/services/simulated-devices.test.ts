import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../src-main/ipc/event-bus.js';
import { DeviceRegistry, deviceIdOf } from '../../../src-main/services/device-registry.js';
import { SimulatedDevices } from '../../../src-main/services/simulated-devices.js';
import { isLuhnValid } from '../../../src-shared/domain/imei.js';
import { ProvisioningError } from '../../../src-shared/errors/index.js';

describe('SimulatedDevices', () => {
  it('plugs handsets with unique, Luhn-valid identities and unplugs them', () => {
    const registry = new DeviceRegistry(new EventBus());
    const sim = new SimulatedDevices(registry, () => 5);
    const a = sim.attach();
    const b = sim.attach('Line 2');
    expect(a.identity.imei).not.toBe(b.identity.imei);
    expect(isLuhnValid(a.identity.imei!)).toBe(true);
    expect(b.label).toBe('Line 2');
    sim.detach(a.id);
    expect(registry.list().map((d) => d.id)).toEqual([b.id]);
  });

  it('refuses to unplug a real port and reports unknown ids', () => {
    const registry = new DeviceRegistry(new EventBus());
    const sim = new SimulatedDevices(registry, () => 5);
    registry.attach({ id: deviceIdOf('serial', '/dev/ttyACM0'), slot: '/dev/ttyACM0', label: 'x', transport: 'serial', kind: 'unknown', identity: {}, attachedAtMs: 1 });
    expect(() => sim.detach(deviceIdOf('serial', '/dev/ttyACM0'))).toThrow(ProvisioningError);
    expect(() => sim.detach(deviceIdOf('simulated', 'nope'))).toThrowError(expect.objectContaining({ code: 'DEVICE_NOT_FOUND' }));
  });
});
