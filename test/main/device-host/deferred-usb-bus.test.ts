import { describe, expect, it } from 'vitest';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import { err, ok, type Result } from '../../../src-shared/util/result.js';
import { deferredUsbBus } from '../../../src-main/device-host/deferred-usb-bus.js';
import { ScriptedUsbBus } from '../../../src-main/transports/usb/scripted-usb-bus.js';
import type { UsbBus, UsbDeviceInfo } from '../../../src-main/transports/usb/usb-bus.js';

const PHONE = { busNumber: 1, portNumbers: [2, 3], vendorId: 0x1209, productId: 0x0001, bulkPath: '/dev/null' };
const MODEM = { busNumber: 2, portNumbers: [1], vendorId: 0x2c7c, productId: 0x0125, bulkPath: '/dev/null' };

/** A driver load the test completes when it wants. */
function loader(): { loading: Promise<Result<UsbBus, ProvisioningError>>; finish: (r: Result<UsbBus, ProvisioningError>) => void } {
  let finish: (r: Result<UsbBus, ProvisioningError>) => void = () => undefined;
  const loading = new Promise<Result<UsbBus, ProvisioningError>>((resolve) => (finish = resolve));
  return { loading, finish };
}

const slots = (devices: readonly UsbDeviceInfo[]): string[] => devices.map((d) => `${d.busNumber}-${d.portNumbers.join('.')}`);

function record(bus: UsbBus): { attached: UsbDeviceInfo[]; detached: UsbDeviceInfo[]; next: () => Promise<void> } {
  const attached: UsbDeviceInfo[] = [];
  const detached: UsbDeviceInfo[] = [];
  let wake: () => void = () => undefined;
  bus.onAttach((d) => (attached.push(d), wake()));
  bus.onDetach((d) => (detached.push(d), wake()));
  return { attached, detached, next: () => new Promise<void>((resolve) => (wake = resolve)) };
}

describe('deferredUsbBus', () => {
  it('lists nothing while the driver loads, then announces the devices already plugged and relays hot-plug', async () => {
    const real = new ScriptedUsbBus();
    real.plug(PHONE);
    const { loading, finish } = loader();
    const errors: unknown[] = [];
    const bus = deferredUsbBus(loading, (e) => errors.push(e));
    const seen = record(bus);
    expect(await bus.list()).toEqual([]);

    const announced = seen.next();
    finish(ok(real));
    await announced;
    expect(slots(seen.attached)).toEqual(['1-2.3']);

    const plugged = seen.next();
    real.plug(MODEM);
    await plugged;
    expect(slots(seen.attached)).toEqual(['1-2.3', '2-1']);
    const unplugged = seen.next();
    real.unplug(PHONE);
    await unplugged;
    expect(slots(seen.detached)).toEqual(['1-2.3']);
    expect(slots(await bus.list())).toEqual(['2-1']);
    await bus.close();
    expect(errors).toEqual([]);
  });

  it('does not announce again what a list after the load already answered', async () => {
    const real = new ScriptedUsbBus();
    real.plug(PHONE);
    const bus = deferredUsbBus(Promise.resolve(ok(real)), () => undefined);
    const seen = record(bus);
    // openBulk waits for the load: once it has failed (MODEM is not plugged), the bus is there.
    await expect(bus.openBulk(MODEM)).rejects.toBeInstanceOf(ProvisioningError);
    expect(slots(await bus.list())).toEqual(['1-2.3']);
    const plugged = seen.next();
    real.plug(MODEM);
    await plugged;
    expect(slots(seen.attached)).toEqual(['2-1']);
    await bus.close();
  });

  it('stays empty without a driver and refuses to open with the loader\'s typed error', async () => {
    const missing = new ProvisioningError('NOT_FOUND', 'USB unavailable: the usb module is not installed');
    const bus = deferredUsbBus(Promise.resolve(err(missing)), () => undefined);
    await expect(bus.openBulk(PHONE)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await bus.list()).toEqual([]);
    await expect(bus.close()).resolves.toBeUndefined();
  });

  it('closes a driver that arrives after the bus was closed, and announces nothing', async () => {
    const real = new ScriptedUsbBus();
    const { loading, finish } = loader();
    const bus = deferredUsbBus(loading, () => undefined);
    const seen = record(bus);
    expect(await bus.list()).toEqual([]);
    const closing = bus.close();
    finish(ok(real));
    await closing;
    real.plug(PHONE);
    expect(seen.attached).toEqual([]);
  });
});
