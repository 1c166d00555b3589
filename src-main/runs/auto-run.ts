import type { DeviceSummary } from '../../src-shared/domain/device.js';
import { holdsCard } from '../card/reader-slots.js';
import type { EventBus } from '../ipc/event-bus.js';
import type { SlotResult } from './run-types.js';

/** The part of the run manager auto-run needs. */
export interface Enqueuer {
  enqueue(slot: string): Promise<SlotResult>;
}

/** Options of {@link connectAutoRun}. */
export interface AutoRunOptions {
  /** @default false */
  readonly enabled?: boolean;
  /** Which attached devices to run. @default handsets whose identification finished with an IMEI */
  readonly match?: (device: DeviceSummary) => boolean;
  /** Receives each auto-started run's result. */
  readonly onResult?: (result: SlotResult) => void;
  /** Devices attached before auto-run connected: card readers among them holding a card count as seen (no run). */
  readonly attached?: readonly DeviceSummary[];
}

/** Auto-run control: on or off, and detach from the bus. */
export interface AutoRun {
  readonly enabled: boolean;
  setEnabled(enabled: boolean): void;
  dispose(): void;
}

const defaultMatch = (d: DeviceSummary): boolean => d.kind === 'handset' && d.identity.imei !== undefined;

/**
 * Starts a run for every matching `device.attached` while enabled. `device.attached` is an upsert
 * (sent again on identification or a slot rename): the manager queues a slot once while its run
 * is queued or running, and a device already done is reported `already-done`, never redone.
 *
 * A card reader's record is re-published on every card change; only a card insert (the record
 * gains `identity.atr`) starts a run, once per card while it stays in — whether or not auto-run
 * was on when it went in, so turning auto-run on never runs a card already sitting in a reader.
 */
export function connectAutoRun(bus: EventBus, manager: Enqueuer, options: AutoRunOptions = {}): AutoRun {
  let enabled = options.enabled ?? false;
  const match = options.match ?? defaultMatch;
  const pending = new Set<string>();
  const cardsIn = new Set((options.attached ?? []).filter(holdsCard).map((d) => d.slot));
  const unsubscribe = bus.subscribe((name, payload) => {
    if (name === 'device.detached') {
      cardsIn.delete((payload as { slot: string }).slot);
      return;
    }
    if (name !== 'device.attached') return;
    const device = payload as DeviceSummary;
    if (device.kind === 'card-reader') {
      const seen = cardsIn.has(device.slot);
      if (!holdsCard(device)) cardsIn.delete(device.slot);
      else cardsIn.add(device.slot);
      if (seen || !holdsCard(device)) return;
    }
    if (!enabled) return;
    if (!match(device) || pending.has(device.slot)) return;
    pending.add(device.slot);
    void manager.enqueue(device.slot).then((r) => {
      pending.delete(device.slot);
      options.onResult?.(r);
    });
  });
  return {
    get enabled() {
      return enabled;
    },
    setEnabled(value) {
      enabled = value;
    },
    dispose: unsubscribe,
  };
}
