import type { Payload } from '../../../../src-shared/ipc/contract.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceSummary } from '../../../../src-shared/domain/device.js';
import { Discovery } from '../../../../src-main/discovery/discovery.js';
import { SlotNames } from '../../../../src-main/discovery/slot-names.js';
import { watchUsbBus } from '../../../../src-main/discovery/usb-source.js';
import { EventBus } from '../../../../src-main/ipc/event-bus.js';
import { DeviceRegistry } from '../../../../src-main/services/device-registry.js';
import { loadDeviceKindCatalog } from '../../../../src-main/transports/usb/device-kinds.js';
import { ScriptedUsbBus } from '../../../../src-main/transports/usb/scripted-usb-bus.js';
import { random, startPort, type FarEnd, type Port } from '../../discovery/far-end.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function port(end: FarEnd): Promise<Port> {
  const dir = mkdtempSync(join(tmpdir(), 'bb-usb-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const p = await startPort(dir, 'bulk', end);
  cleanups.push(() => p.stop());
  return p;
}

describe('ScriptedUsbBus', () => {
  it('hot-plug attach and detach reach discovery with the catalog kind, the usb:<bus>-<ports> slot and the link identity over the bulk pipe', async () => {
    const phone = await port({ kind: 'link', identity: { imei: '490154203237518', model: 'bootbench-sim' } });
    const modem = await port({ kind: 'at' });
    const bus = new ScriptedUsbBus();
    cleanups.push(() => bus.close());
    const events = new EventBus();
    const registry = new DeviceRegistry(events);
    const seen: string[] = [];
    events.subscribe((name, payload) => {
      if (name === 'device.attached' || name === 'device.detached') seen.push(`${name} ${(payload as Payload<'device.attached' | 'device.detached'>).slot}`);
    });
    const discovery = new Discovery({ registry, slotNames: SlotNames.inMemory(), clock: () => 5, random, identify: { linkTimeoutMs: 400, atPingTimeoutMs: 150 } });
    cleanups.push(() => discovery.close());

    // One device is already on the bus when watching starts, the other is hot-plugged.
    bus.plug({ busNumber: 1, portNumbers: [2, 3], vendorId: 0x1209, productId: 0x0001, serialNumber: 'SIM-0001', bulkPath: phone.pair.a });
    const stop = await watchUsbBus(bus, await loadDeviceKindCatalog(), discovery);
    cleanups.push(stop);
    bus.plug({ busNumber: 2, portNumbers: [1], vendorId: 0x2c7c, productId: 0x0125, bulkPath: modem.pair.a });
    expect(registry.list()).toMatchObject([
      { slot: 'usb:1-2.3', transport: 'usb', kind: 'handset', label: 'Bootbench handset simulator (pid.codes test PID)', identity: { vendorId: '1209', productId: '0001', serialNumber: 'SIM-0001' }, identification: 'pending' },
      { slot: 'usb:2-1', kind: 'modem', label: 'Quectel EC25 LTE module', identity: { vendorId: '2c7c', productId: '0125' }, identification: 'pending' },
    ]);

    const settled = (): DeviceSummary[] => registry.list().filter((d) => d.identification !== 'pending');
    await new Promise<void>((resolve) => {
      const off = events.subscribe(() => settled().length === 2 && (off(), resolve()));
    });
    expect(registry.list()).toMatchObject([
      { slot: 'usb:1-2.3', kind: 'handset', identification: 'link', label: 'bootbench-sim', identity: { imei: '490154203237518', vendorId: '1209', serialNumber: 'SIM-0001' } },
      { slot: 'usb:2-1', kind: 'modem', identification: 'at', identity: { imei: '490154203237518', vendorId: '2c7c' } },
    ]);

    bus.unplug({ busNumber: 1, portNumbers: [2, 3] });
    expect(registry.list().map((d) => d.slot)).toEqual(['usb:2-1']);
    expect(seen.filter((s) => s.startsWith('device.detached'))).toEqual(['device.detached usb:1-2.3']);
    expect(await bus.list()).toEqual([{ busNumber: 2, portNumbers: [1], vendorId: 0x2c7c, productId: 0x0125 }]);
  });

  it('a bulk channel carries bytes, and unplugging the device ends it with reason "error"', async () => {
    const modem = await port({ kind: 'at' });
    const bus = new ScriptedUsbBus();
    cleanups.push(() => bus.close());
    const device = { busNumber: 3, portNumbers: [4], vendorId: 0x1199, productId: 0x9071 };
    bus.plug({ ...device, bulkPath: modem.pair.a });
    const channel = await bus.openBulk(device);
    const text: string[] = [];
    const answered = new Promise<void>((resolve) =>
      channel.onData((chunk) => {
        text.push(new TextDecoder().decode(chunk));
        if (text.join('').includes('OK')) resolve();
      }),
    );
    await channel.write(new TextEncoder().encode('AT\r'));
    await answered;
    expect(text.join('')).toContain('OK');
    const reason = new Promise((resolve) => channel.onClose(resolve));
    bus.unplug(device);
    expect(await reason).toBe('error');
    await expect(channel.write(Uint8Array.of(1))).rejects.toMatchObject({ code: 'DEVICE_DISCONNECTED' });
    await expect(bus.openBulk(device)).rejects.toMatchObject({ code: 'DEVICE_NOT_FOUND' });
  });
});
