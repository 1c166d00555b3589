import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeviceKindCatalog, defaultDeviceKindsPath, loadDeviceKindCatalog } from '../../../../src-main/transports/usb/device-kinds.js';
import { loadNodeUsbBus } from '../../../../src-main/transports/usb/node-usb-bus.js';
import { usbIdHex, usbSlotOf } from '../../../../src-main/transports/usb/usb-bus.js';
import * as fake from './fake-libusb.js';

describe('USB device-kind catalog', () => {
  it('loads the bundled catalog and looks devices up by exact VID:PID, then by vendor', async () => {
    const catalog = await loadDeviceKindCatalog();
    expect(catalog.lookup(0x1209, 0x0001)).toMatchObject({ kind: 'handset', probe: 'link' });
    expect(catalog.lookup(0x2c7c, 0x0125)).toMatchObject({ kind: 'modem', name: 'Quectel EC25 LTE module' });
    expect(catalog.lookup(0x2c7c, 0x0800)).toMatchObject({ kind: 'modem', name: 'Quectel cellular module' });
    expect(catalog.lookup(0x076b, 0x3021)).toMatchObject({ kind: 'card-reader', probe: 'none' });
    expect(catalog.lookup(0xdead, 0xbeef)).toBeUndefined();
    expect(defaultDeviceKindsPath()).toMatch(/assets[/\\]usb[/\\]device-kinds\.json$/);
  });

  it('refuses a malformed or missing catalog with a typed error naming the problem', async () => {
    expect(() => DeviceKindCatalog.parse({ version: 1, entries: [{ vendorId: '2C7C', kind: 'modem', name: 'x', probe: 'at' }] })).toThrow(/entries\.0\.vendorId/);
    expect(() => DeviceKindCatalog.parse({ version: 2, entries: [] })).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
    const dir = mkdtempSync(join(tmpdir(), 'bb-kinds-'));
    try {
      writeFileSync(join(dir, 'bad.json'), '{ nope');
      await expect(loadDeviceKindCatalog(join(dir, 'bad.json'))).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
      await expect(loadDeviceKindCatalog(join(dir, 'absent.json'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names slots after the physical port path', () => {
    expect(usbSlotOf({ busNumber: 1, portNumbers: [2, 3] })).toBe('usb:1-2.3');
    expect(usbSlotOf({ busNumber: 4, portNumbers: [] })).toBe('usb:4-0');
    expect(usbIdHex(0x1a)).toBe('001a');
  });
});

describe('libusb adapter (usb@2)', () => {
  it('loads the real libusb binding (usb@2); these VMs have no USB bus, so it lists nothing and closes cleanly', async () => {
    const result = await loadNodeUsbBus();
    if (!result.ok) throw result.error;
    expect(await result.value.list()).toEqual([]);
    await result.value.close();
  });

  it('reports "USB unavailable" cleanly when the module is missing or is not the libusb API', async () => {
    const missing = await loadNodeUsbBus('bootbench-no-such-usb-module');
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringMatching(/^USB unavailable/) } });
    const wrongApi = await loadNodeUsbBus('node:events');
    expect(wrongApi).toMatchObject({ ok: false, error: { message: expect.stringContaining('usb@2') } });
  });

  it('over a libusb-shaped module: lists, relays hot-plug, opens the bulk pair, and an unplug ends the channel with "error"', async () => {
    const loaded = await loadNodeUsbBus(new URL('./fake-libusb.ts', import.meta.url).href);
    if (!loaded.ok) throw loaded.error;
    const bus = loaded.value;
    const phone = new fake.FakeDevice(1, [2, 3], 0x1209, 0x0001);
    const keyboard = new fake.FakeDevice(1, [4], 0x046d, 0xc31c, false);
    fake.devices.push(phone, keyboard);
    expect(await bus.list()).toEqual([
      { busNumber: 1, portNumbers: [2, 3], vendorId: 0x1209, productId: 0x0001 },
      { busNumber: 1, portNumbers: [4], vendorId: 0x046d, productId: 0xc31c },
    ]);
    const attached: string[] = [];
    bus.onAttach((d) => attached.push(usbSlotOf(d)));
    fake.usb.emit('attach', phone);
    expect(attached).toEqual(['usb:1-2.3']);

    await expect(bus.openBulk({ busNumber: 1, portNumbers: [4], vendorId: 0x046d, productId: 0xc31c })).rejects.toMatchObject({ code: 'DEVICE_NOT_FOUND' });
    expect(keyboard.isOpen).toBe(false);
    const channel = await bus.openBulk({ busNumber: 1, portNumbers: [2, 3], vendorId: 0x1209, productId: 0x0001 });
    expect(phone.claimed && phone.endpoints[0]!.polling).toBe(true);
    const got: number[] = [];
    channel.onData((c) => got.push(...c));
    phone.endpoints[0]!.emit('data', Buffer.from([1, 2, 3]));
    await channel.write(Uint8Array.of(9, 8));
    expect(got).toEqual([1, 2, 3]);
    expect(phone.endpoints[1]!.written.map((b) => [...b])).toEqual([[9, 8]]);

    const reasons: string[] = [];
    channel.onClose((r) => reasons.push(r));
    const detached: string[] = [];
    bus.onDetach((d) => detached.push(usbSlotOf(d)));
    fake.devices.splice(0);
    fake.usb.emit('detach', phone);
    expect(reasons).toEqual(['error']);
    expect(detached).toEqual(['usb:1-2.3']);
    expect(phone.isOpen).toBe(false);
    await expect(channel.write(Uint8Array.of(1))).rejects.toMatchObject({ code: 'DEVICE_DISCONNECTED' });
    await bus.close();
    expect(fake.usb.listenerCount('attach') + fake.usb.listenerCount('detach')).toBe(0);
  });
});
