import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../src-main/ipc/event-bus.js';
import { DeviceRegistry } from '../../../src-main/services/device-registry.js';
import { SerialWatcher, type SerialPortInfo } from '../../../src-main/services/serial-watcher.js';
import { startPtyPair, type PtyPair } from '../../support/socat.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup(list: () => Promise<readonly SerialPortInfo[]>, extraPaths: string[] = []) {
  const bus = new EventBus();
  const events: string[] = [];
  bus.subscribe((name, payload) => events.push(`${name} ${'slot' in payload ? payload.slot : ''}`));
  const registry = new DeviceRegistry(bus);
  const watcher = new SerialWatcher({ registry, list, extraPaths, clock: () => 1000 });
  return { registry, watcher, events };
}

describe('SerialWatcher', () => {
  it('turns OS port-list changes into attach and detach events', async () => {
    let ports: SerialPortInfo[] = [{ path: '/dev/ttyACM0', manufacturer: 'Acme', vendorId: '1234', productId: '5678' }];
    const { registry, watcher, events } = setup(async () => ports);
    await watcher.scan();
    expect(registry.list()).toMatchObject([{ slot: '/dev/ttyACM0', transport: 'serial', identity: { vendorId: '1234' } }]);
    ports = [{ path: '/dev/ttyUSB1' }];
    await watcher.scan();
    expect(events).toEqual(['device.attached /dev/ttyACM0', 'device.detached /dev/ttyACM0', 'device.attached /dev/ttyUSB1']);
  });

  it('keeps serving when the OS lister fails', async () => {
    const { registry, watcher } = setup(async () => {
      throw new Error('udev gone');
    });
    await watcher.scan();
    expect(registry.list()).toEqual([]);
  });

  it('folds concurrent scans into one', async () => {
    let calls = 0;
    const { watcher } = setup(async () => {
      calls++;
      return [];
    });
    await Promise.all([watcher.scan(), watcher.scan(), watcher.scan()]);
    expect(calls).toBe(1);
  });

  it('sees a real socat pty appear and disappear', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bb-serial-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const pair: PtyPair = await startPtyPair(dir);
    cleanups.push(() => pair.stop());
    const { registry, watcher } = setup(async () => [], [pair.a]);
    await watcher.scan();
    expect(registry.list().map((d) => d.path)).toEqual([pair.a]);
    await pair.stop();
    await watcher.scan();
    expect(registry.list()).toEqual([]);
  });
});
