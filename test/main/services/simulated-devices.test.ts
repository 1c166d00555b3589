import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Discovery } from '../../../src-main/discovery/discovery.js';
import { SlotNames } from '../../../src-main/discovery/slot-names.js';
import { EventBus } from '../../../src-main/ipc/event-bus.js';
import { DeviceRegistry, deviceIdOf } from '../../../src-main/services/device-registry.js';
import { SimulatedDevices } from '../../../src-main/services/simulated-devices.js';
import { isLuhnValid } from '../../../src-shared/domain/imei.js';
import type { DeviceSummary } from '../../../src-shared/domain/device.js';
import { ProvisioningError } from '../../../src-shared/errors/index.js';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

function bench(dataDir?: string) {
  const bus = new EventBus();
  const registry = new DeviceRegistry(bus);
  const discovery = new Discovery({ registry, slotNames: SlotNames.inMemory(), clock: () => 5, random: { bytes: (n) => new Uint8Array(randomBytes(n)) } });
  const sim = new SimulatedDevices({ registry, discovery, dataDir });
  closers.push(() => discovery.close(), () => sim.close());
  const identified = (n: number) =>
    new Promise<DeviceSummary[]>((resolve) => {
      const check = () => {
        const done = registry.list().filter((d) => d.identification === 'at');
        if (done.length >= n) resolve(done);
      };
      bus.subscribe(check);
      check();
    });
  return { registry, discovery, sim, identified };
}

describe('SimulatedDevices', () => {
  it('plugs real handsets that the AT probe identifies with unique, Luhn-valid identities, and unplugs them', async () => {
    const { registry, sim, identified } = bench();
    const a = sim.attach();
    const b = sim.attach('Line 2');
    expect(b.label).toBe('Line 2');
    expect(a).toMatchObject({ slot: 'sim-1', transport: 'simulated', identification: 'pending' });
    const found = await identified(2);
    const [fa, fb] = [found.find((d) => d.id === a.id)!, found.find((d) => d.id === b.id)!];
    expect(fa.identity.imei).not.toBe(fb.identity.imei);
    expect(isLuhnValid(fa.identity.imei!)).toBe(true);
    expect(fa.identity).toMatchObject({ manufacturer: 'Bootbench', model: 'SimPhone 2', firmware: 'BBSIM-1.0.0' });
    expect(fa.identity.iccid).toMatch(/^89\d{17}$/);
    sim.detach(a.id);
    expect(registry.list().map((d) => d.id)).toEqual([b.id]);
  });

  it('an open line is a live cable: unplugging the handset drops it', async () => {
    const { discovery, sim, identified } = bench();
    const a = sim.attach();
    await identified(1);
    const line = await discovery.openLine(a.id, new AbortController().signal);
    const closed = new Promise((resolve) => line.onClose(resolve));
    sim.detach(a.id);
    await expect(closed).resolves.toBeDefined();
  });

  it('a handset whose MO store is a file still hears what arrives while it loads it (a receive buffer)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bb-sim-buffer-'));
    closers.push(() => rmSync(dir, { recursive: true, force: true }));
    const { discovery, sim, identified } = bench(dir);
    const a = sim.attach();
    await identified(1);
    for (let i = 0; i < 5; i++) {
      const line = await discovery.openLine(a.id, new AbortController().signal);
      let text = '';
      const ok = new Promise<void>((resolve) => line.onData((c) => (text += new TextDecoder().decode(c)).includes('OK') && resolve()));
      await line.write(new TextEncoder().encode('AT\r')); // at once: the handset is still reading its store
      await ok;
      expect(text).toContain('OK');
      await line.close();
    }
    expect(existsSync(join(dir, 'sim', 'sim-1.json'))).toBe(true);
  });

  it('refuses to unplug a real port and reports unknown ids', () => {
    const { registry, sim } = bench();
    registry.attach({ id: deviceIdOf('serial', '/dev/ttyACM0'), slot: '/dev/ttyACM0', label: 'x', transport: 'serial', kind: 'unknown', identity: {}, attachedAtMs: 1 });
    expect(() => sim.detach(deviceIdOf('serial', '/dev/ttyACM0'))).toThrow(ProvisioningError);
    expect(() => sim.detach(deviceIdOf('simulated', 'nope'))).toThrowError(expect.objectContaining({ code: 'DEVICE_NOT_FOUND' }));
    expect(() => sim.setFaults(deviceIdOf('simulated', 'nope'), undefined)).toThrowError(expect.objectContaining({ code: 'DEVICE_NOT_FOUND' }));
  });
});
