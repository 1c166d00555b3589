/**
 * Card-reader slots of runs (docs/runs.md "Card-reader slots"): a PC/SC reader is the slot
 * `reader:<reader name>`, the same key for `bootbench run --reader` and for the station's reader
 * records. A run connects to the reader's card exclusively for the write.
 */
import type { DeviceId, DeviceSummary } from '../../src-shared/domain/device.js';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { CardLine, CardSlots } from '../runs/run-types.js';
import { NO_TRACE, traceApduChannel, type TraceSink } from '../trace/trace-sink.js';
import { PcscCardChannel } from './pcsc-channel.js';

/** Slot prefix of a PC/SC reader (a card slot of a mixed bench). */
export const READER_SLOT = 'reader:';

/** The slot of a PC/SC reader. */
export const readerSlot = (readerName: string): string => `${READER_SLOT}${readerName}`;

/** Is the slot a card reader's? */
export const isReaderSlot = (slot: string): boolean => slot.startsWith(READER_SLOT);

/** A card-reader record holds a card while it carries the card's ATR (absent while the reader is empty). */
export const holdsCard = (d: DeviceSummary): boolean => d.kind === 'card-reader' && d.identity.atr !== undefined;

/** The reader name of a reader slot. */
export const readerNameOf = (slot: string): string => slot.slice(READER_SLOT.length);

/** Card-reader slots: `reader:<PC/SC reader name>`, connected exclusively for the write (the CLI's). */
export const readerSlots: CardSlots = {
  isCardSlot: isReaderSlot,
  open: (slot) => PcscCardChannel.connect(readerNameOf(slot), 'exclusive'),
};

/** Options of {@link tracedReaderSlots}. */
export interface TracedReaderSlotsOptions {
  /** The station's live trace: every APDU of a run (PINs masked by {@link traceApduChannel}). */
  readonly trace: TraceSink;
  /** The device id the trace files a slot's APDUs under (the reader record's, `pcsc:<reader>`). */
  readonly deviceIdOf: (slot: string) => DeviceId;
  /**
   * Called when a slot's card is being connected: aborting the signal (a cancelled run) closes
   * the connection as soon as it is made and fails the open with CANCELLED.
   */
  readonly signalFor?: (slot: string) => AbortSignal | undefined;
  /** @default the exclusive PC/SC connection of {@link readerSlots} */
  readonly connect?: (slot: string) => Promise<CardLine>;
  /**
   * How long a run waits for a card another client holds (`DEVICE_BUSY`: the station's PC/SC source
   * reads a new card's ICCID over a shared connection, bounded to 2 s, while auto-run starts). @default 3000
   */
  readonly busyWaitMs?: number;
}

/** Connects, trying again while the card is held by another client, until `waitMs` passed or the run is cancelled. */
async function connectWhenFree(connect: (slot: string) => Promise<CardLine>, slot: string, signal: AbortSignal | undefined, waitMs: number): Promise<CardLine> {
  const deadline = performance.now() + waitMs;
  for (let delay = 20; ; delay = Math.min(delay * 2, 200)) {
    try {
      return await connect(slot);
    } catch (error) {
      const busy = error instanceof ProvisioningError && error.code === 'DEVICE_BUSY';
      if (!busy || signal?.aborted === true || performance.now() + delay > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** Closes a card connection that is no longer wanted; a gone reader has nothing left to close. */
function closeQuietly(card: CardLine): void {
  try {
    card.close();
  } catch {
    // the reader or card is gone already
  }
}

/**
 * The station's card-reader slots: {@link readerSlots} whose card channel reports every APDU
 * exchange to the trace under the reader's device id, so the Device view shows the write. A card
 * briefly held by another client (the source's ICCID read) is waited for, within `busyWaitMs`.
 */
export function tracedReaderSlots(o: TracedReaderSlotsOptions): CardSlots {
  const connect = o.connect ?? readerSlots.open;
  return {
    isCardSlot: isReaderSlot,
    async open(slot) {
      const signal = o.signalFor?.(slot);
      const card = await connectWhenFree(connect, slot, signal, o.busyWaitMs ?? 3000);
      if (signal?.aborted === true) {
        closeQuietly(card);
        throw new ProvisioningError('CANCELLED', `the run on ${slot} was cancelled`);
      }
      if (o.trace === NO_TRACE) return card;
      const traced = traceApduChannel(card, o.trace, { deviceId: o.deviceIdOf(slot), slot });
      return {
        get name() {
          return traced.name;
        },
        transmit: (apdu, sig) => traced.transmit(apdu, sig),
        withExclusive: (body) => traced.withExclusive(body),
        atr: () => traced.atr(),
        close: () => card.close(),
      };
    },
  };
}
