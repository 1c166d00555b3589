/**
 * Auto-run's card-insert edge (docs/runs.md "Card-reader slots"): a reader record re-published on
 * every card change starts one run per card insert. The enqueuer records the slots it is given
 * (the real RunsService behind it is covered in card-slot-runs.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { DeviceId, type DeviceSummary } from '../../../src-shared/domain/device.js';
import { EventBus } from '../../../src-main/ipc/event-bus.js';
import { connectAutoRun } from '../../../src-main/runs/auto-run.js';
import type { SlotResult } from '../../../src-main/runs/run-types.js';

const reader = (name: string, atr?: string): DeviceSummary => ({
  id: DeviceId.parse(`pcsc:${name}`),
  slot: `reader:${name}`,
  transport: 'pcsc',
  kind: 'card-reader',
  label: name,
  identity: atr === undefined ? {} : { atr },
  attachedAtMs: 1,
});

const holdsCard = (d: DeviceSummary): boolean => d.kind === 'card-reader' && d.identity.atr !== undefined;

/** Records enqueued slots; each run ends at once (`ended` resolves once auto-run saw every result). */
function recorder(): { slots: string[]; enqueue: (slot: string) => Promise<SlotResult>; ended: () => Promise<unknown> } {
  const slots: string[] = [];
  const results: Promise<SlotResult>[] = [];
  const enqueue = (slot: string): Promise<SlotResult> => {
    slots.push(slot);
    const result = Promise.resolve<SlotResult>({ kind: 'cancelled', slot, devId: undefined, runId: undefined, durationMs: 0 });
    results.push(result);
    return result;
  };
  return { slots, enqueue, ended: () => Promise.all(results) };
}

describe('auto-run on card-reader records', () => {
  it('runs on a card insert only: not on re-publishes while the card stays in, again after a removal, never for a card already in at connect', async () => {
    const bus = new EventBus();
    const rec = recorder();
    const auto = connectAutoRun(bus, rec, { enabled: true, match: holdsCard, attached: [reader('A', '3b00'), reader('B')] });
    bus.emit('device.attached', reader('A', '3b00')); // was in before auto-run connected
    bus.emit('device.attached', reader('B'));
    expect(rec.slots).toEqual([]);
    bus.emit('device.attached', reader('B', '3b01')); // insert
    bus.emit('device.attached', { ...reader('B', '3b01'), identity: { atr: '3b01', iccid: '8944' } }); // the same card, ICCID read
    expect(rec.slots).toEqual(['reader:B']);
    await rec.ended(); // the run ended (while it is queued or running, a slot is never queued twice)
    bus.emit('device.attached', reader('B')); // removed
    bus.emit('device.attached', reader('B', '3b01')); // inserted again
    expect(rec.slots).toEqual(['reader:B', 'reader:B']);
    bus.emit('device.detached', { deviceId: reader('A').id, slot: 'reader:A' }); // reader unplugged with its card
    bus.emit('device.attached', reader('A', '3b00')); // plugged in again holding the card: an insert
    expect(rec.slots).toEqual(['reader:B', 'reader:B', 'reader:A']);
    auto.dispose();
  });

  it('a card inserted while auto-run is off is not run when auto-run is turned on', () => {
    const bus = new EventBus();
    const rec = recorder();
    const auto = connectAutoRun(bus, rec, { enabled: false, match: holdsCard });
    bus.emit('device.attached', reader('C'));
    bus.emit('device.attached', reader('C', '3b02'));
    auto.setEnabled(true);
    bus.emit('device.attached', reader('C', '3b02'));
    expect(rec.slots).toEqual([]);
    bus.emit('device.attached', reader('C'));
    bus.emit('device.attached', reader('C', '3b03'));
    expect(rec.slots).toEqual(['reader:C']);
    auto.dispose();
  });
});
