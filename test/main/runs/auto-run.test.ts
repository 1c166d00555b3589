import { afterEach, describe, expect, it } from 'vitest';
import { DeviceId, type DeviceSummary } from '../../../src-shared/domain/device.js';
import { EventBus } from '../../../src-main/ipc/event-bus.js';
import { connectAutoRun } from '../../../src-main/runs/auto-run.js';
import type { SlotResult } from '../../../src-main/runs/run-types.js';
import { slotName, testStation, type TestStation } from './run-harness.js';

const stations: TestStation[] = [];
afterEach(async () => {
  for (const s of stations.splice(0)) await s.close();
});

const handset = (slot: string, extra: Partial<DeviceSummary> = {}): DeviceSummary => ({ id: DeviceId.parse(`dev-${slot}`), slot, label: 'Bootbench handset', transport: 'serial', kind: 'handset', identity: { imei: '356938039142964' }, attachedAtMs: 1, ...extra });

describe('auto-run on device.attached', () => {
  it('runs matching devices once while enabled, ignores others and everything while disabled', async () => {
    const s = await testStation();
    stations.push(s);
    const bus = new EventBus();
    const manager = s.manager();
    const results: SlotResult[] = [];
    let resolveTwo: () => void = () => undefined;
    const two = new Promise<void>((r) => (resolveTwo = r));
    const auto = connectAutoRun(bus, manager, {
      onResult: (r) => {
        results.push(r);
        if (results.length === 2) resolveTwo();
      },
    });
    bus.emit('device.attached', handset(slotName(0)));
    expect(manager.activeSlots).toEqual([]);
    auto.setEnabled(true);
    expect(auto.enabled).toBe(true);
    bus.emit('device.attached', handset(slotName(0)));
    bus.emit('device.attached', handset(slotName(0), { slotName: 'Bay 1' })); // upsert while running: not queued twice
    bus.emit('device.attached', handset('modem:1', { kind: 'modem' }));
    bus.emit('device.attached', handset('pending:1', { identity: {} }));
    expect(manager.activeSlots).toEqual([slotName(0)]);
    bus.emit('device.attached', handset(slotName(1)));
    await two;
    expect(results.map((r) => [r.slot, r.kind]).sort()).toEqual([[slotName(0), 'done'], [slotName(1), 'done']]);
    expect(s.bench.opened).toBe(2);
    auto.dispose();
    bus.emit('device.attached', handset(slotName(2)));
    expect(manager.activeSlots).toEqual([]);
  });
});
