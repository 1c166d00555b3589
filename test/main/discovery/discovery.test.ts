import type { Payload } from '../../../src-shared/ipc/contract.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceSummary } from '../../../src-shared/domain/device.js';
import { Discovery, type CandidatePort } from '../../../src-main/discovery/discovery.js';
import { serialDiscoverySink } from '../../../src-main/discovery/serial-source.js';
import { SlotNames } from '../../../src-main/discovery/slot-names.js';
import { EventBus } from '../../../src-main/ipc/event-bus.js';
import { deviceIdOf, DeviceRegistry } from '../../../src-main/services/device-registry.js';
import { serialSummaryOf } from '../../../src-main/services/serial-watcher.js';
import { openSerialChannel } from '../../../src-main/transports/serial-channel.js';
import { random, startPort, type FarEnd, type Port } from './far-end.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup(pool: { concurrency: number; timeoutMs: number }) {
  const bus = new EventBus();
  const registry = new DeviceRegistry(bus);
  const t0 = performance.now();
  const log: { name: string; device?: DeviceSummary; id: string; atMs: number }[] = [];
  bus.subscribe((name, payload) => {
    const atMs = performance.now() - t0;
    if (name === 'device.attached') {
      const device = payload as Payload<'device.attached'>;
      log.push({ name, id: device.id, device, atMs });
    } else if (name === 'device.detached') log.push({ name, id: (payload as Payload<'device.detached'>).deviceId, atMs });
  });
  const discovery = new Discovery({ registry, slotNames: SlotNames.inMemory(), clock: () => 1_000, random, pool, identify: { linkTimeoutMs: 600, atPingTimeoutMs: 150 } });
  cleanups.push(() => discovery.close());
  /** Reports a tty the user named (probed on sight), as the serial watcher does. */
  const attachPath = (path: string) => serialDiscoverySink(discovery, { explicitPaths: [path] }).attach(serialSummaryOf({ path }, 1_000), { path });
  const sink = serialDiscoverySink(discovery);
  /** Resolves once `check` holds for the registry, re-checked on every event. */
  const until = (check: () => boolean) =>
    new Promise<void>((resolve) => {
      if (check()) return resolve();
      const off = bus.subscribe(() => {
        if (check()) {
          off();
          resolve();
        }
      });
    });
  return { registry, discovery, sink, attachPath, log, until };
}

async function ports(ends: FarEnd[]): Promise<Port[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bb-disc-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const started = await Promise.all(ends.map((end, i) => startPort(dir, `p${i}-`, end)));
  for (const p of started) cleanups.push(() => p.stop());
  return started;
}

function hungCandidate(): CandidatePort {
  return { id: deviceIdOf('usb', '9-9'), slot: 'usb:9-9', transport: 'usb', label: 'Hung', kind: 'unknown', identity: {}, probe: 'link', open: () => new Promise(() => undefined) };
}

describe('Discovery', () => {
  it('identifies 9 real ports concurrently while a 10th hangs, which never holds the others up', async () => {
    const ends: FarEnd[] = [
      ...Array.from({ length: 5 }, (_, i): FarEnd => ({ kind: 'link', identity: { imei: `49015420323751${i}`, manufacturer: 'Bootbench', model: `SimPhone ${i}` } })),
      { kind: 'at' },
      { kind: 'at' },
      { kind: 'at' },
      { kind: 'silent' },
    ];
    const started = await ports(ends);
    const { registry, discovery, attachPath, log, until } = setup({ concurrency: 4, timeoutMs: 2500 });
    discovery.portAppeared(hungCandidate()); // first in, so it holds a slot from the start
    for (const p of started) attachPath(p.pair.a);
    expect(registry.list()).toHaveLength(10);
    expect(registry.list().every((d) => d.identification === 'pending')).toBe(true);

    await until(() => registry.list().every((d) => d.identification !== 'pending'));
    const byPath = (p: Port) => registry.list().find((d) => d.path === p.pair.a)!;
    for (let i = 0; i < 5; i++) {
      expect(byPath(started[i]!)).toMatchObject({ kind: 'handset', identification: 'link', label: `Bootbench SimPhone ${i}`, identity: { imei: `49015420323751${i}` } });
    }
    for (let i = 5; i < 8; i++) expect(byPath(started[i]!)).toMatchObject({ kind: 'modem', identification: 'at', label: 'Bootbench Modems Inc. BB-LTE-1', identity: { iccid: '8988211000000000001' } });
    expect(byPath(started[8]!)).toMatchObject({ kind: 'unknown', identification: 'none', label: started[8]!.pair.a });
    expect(registry.get(deviceIdOf('usb', '9-9'))).toMatchObject({ identification: 'none' });

    // Every answering port was done before the hung one's deadline released its slot.
    const doneAt = (id: string) => log.filter((e) => e.id === id && e.device?.identification !== 'pending').at(-1)!.atMs;
    const hungAt = doneAt(deviceIdOf('usb', '9-9'));
    expect(hungAt).toBeGreaterThanOrEqual(2400);
    for (const p of started.slice(0, 8)) expect(doneAt(deviceIdOf('serial', p.pair.a))).toBeLessThan(hungAt);
    // Ids are announced once as pending and once identified: upserts, not duplicates.
    expect(log.filter((e) => e.name === 'device.attached')).toHaveLength(20);
  });

  it('a port that leaves mid-probe is detached and its late result dropped; renaming re-announces it', async () => {
    const [silent, phone] = await ports([{ kind: 'silent' }, { kind: 'link', identity: { model: 'bootbench-sim' } }]);
    const { registry, discovery, sink, attachPath, log, until } = setup({ concurrency: 2, timeoutMs: 3000 });
    attachPath(silent!.pair.a);
    attachPath(phone!.pair.a);
    const silentId = deviceIdOf('serial', silent!.pair.a);
    sink.detach(silentId);
    await until(() => registry.list().every((d) => d.identification === 'link'));
    expect(registry.list().map((d) => d.path)).toEqual([phone!.pair.a]);

    const renamed = await discovery.renameSlot(phone!.pair.a, 'Bay 4');
    expect(renamed).toEqual({ slot: phone!.pair.a, name: 'Bay 4' });
    expect(log.at(-1)?.device).toMatchObject({ slot: phone!.pair.a, slotName: 'Bay 4', identification: 'link' });
    const again = await discovery.identify(deviceIdOf('serial', phone!.pair.a));
    expect(again).toMatchObject({ slotName: 'Bay 4', identification: 'link', identity: { model: 'bootbench-sim' } });
    expect(await discovery.renameSlot(phone!.pair.a, ' ')).toEqual({ slot: phone!.pair.a, name: null });
    expect(registry.list()[0]).not.toHaveProperty('slotName');
    expect(log.filter((e) => e.id === silentId).map((e) => e.name)).toEqual(['device.attached', 'device.detached']);
  });

  it('probes USB-serial adapters on sight but a bare platform UART only when asked', async () => {
    const [uart, adapter] = await ports([{ kind: 'link', identity: { model: 'On a UART' } }, { kind: 'at' }]);
    const { registry, discovery, sink, until } = setup({ concurrency: 2, timeoutMs: 3000 });
    sink.attach(serialSummaryOf({ path: uart!.pair.a }, 1_000), { path: uart!.pair.a });
    sink.attach(serialSummaryOf({ path: adapter!.pair.a, vendorId: '2c7c' }, 1_000), { path: adapter!.pair.a, vendorId: '2c7c' });
    const uartId = deviceIdOf('serial', uart!.pair.a);
    await until(() => registry.list().some((d) => d.identification === 'at'));
    expect(registry.get(uartId)).not.toHaveProperty('identification');
    expect(await discovery.identify(uartId)).toMatchObject({ identification: 'link', label: 'On a UART', kind: 'handset' });
  });

  it('re-identifying a port held by someone else is DEVICE_BUSY and keeps what was found before', async () => {
    const [phone] = await ports([{ kind: 'link', identity: { imei: '490154203237518', model: 'bootbench-sim' } }]);
    const { registry, discovery, attachPath, until } = setup({ concurrency: 2, timeoutMs: 3000 });
    attachPath(phone!.pair.a);
    await until(() => registry.list()[0]?.identification === 'link');
    const run = await openSerialChannel({ path: phone!.pair.a }); // a provisioning run holds the port
    cleanups.push(() => run.close());
    const id = deviceIdOf('serial', phone!.pair.a);
    await expect(discovery.identify(id)).rejects.toMatchObject({ code: 'DEVICE_BUSY' });
    expect(registry.get(id)).toMatchObject({ identification: 'link', kind: 'handset', identity: { imei: '490154203237518' } });
  });
});
