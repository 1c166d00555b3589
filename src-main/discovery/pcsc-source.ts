/**
 * PC/SC card readers as bench slots (docs/card-readers.md): one device record per reader, its
 * card's ATR (and ICCID when EF 2FE2 reads) in the identity while a card is in it.
 */
import type { DeviceId, DeviceSummary } from '../../src-shared/domain/device.js';
import { CardSession } from '../../src-shared/card/card-session.js';
import { readCardId } from '../../src-shared/card/dm-bootstrap.js';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import { systemClock } from '../card/card-service.js';
import { PcscCardChannel } from '../card/pcsc-channel.js';
import { translatePcscError } from '../card/pcsc-errors.js';
import { watchReaders, type ReaderEvent, type WatchOptions } from '../card/reader-monitor.js';
import { readerSlot } from '../card/reader-slots.js';
import { deviceIdOf, type DeviceRegistry } from '../services/device-registry.js';
import type { SlotNames } from './slot-names.js';

/** Reads a card's ICCID through a shared connection; `undefined` when the card has none readable. */
export type IccidReader = (reader: string, signal: AbortSignal) => Promise<string | undefined>;

/** Options of {@link startPcscSource}. */
export interface PcscSourceOptions {
  readonly registry: DeviceRegistry;
  /** The station's slot names (a user may name `reader:<name>` like any slot). */
  readonly slotNames: SlotNames;
  readonly clock: () => number;
  /** Gets one line per PC/SC outage (no pcscd, no addon), never one per rescan. */
  readonly report: (error: ProvisioningError) => void;
  /** Reader list re-read interval, and the retry interval while PC/SC is unavailable. @default 1000 */
  readonly rescanMs?: number;
  /** Bound on reading a new card's ICCID. @default 2000 */
  readonly iccidTimeoutMs?: number;
  /** @default {@link readIccidShared} */
  readonly readIccid?: IccidReader;
  /** The reader monitor's context opener and wait (tests). */
  readonly watch?: Pick<WatchOptions, 'open' | 'sleep'>;
}

/** A running source; `stop` ends the monitor and waits for ICCID reads still in flight. */
export interface PcscSource {
  stop(): Promise<void>;
}

/**
 * Reads EF(ICCID) 2FE2 with a SHARED connection (a run may take the card exclusively right after),
 * closing it before resolving. The signal stops further APDUs once the caller gave up.
 */
export const readIccidShared: IccidReader = async (reader, signal) => {
  const channel = await PcscCardChannel.connect(reader, 'shared');
  try {
    const id = await readCardId(new CardSession(channel, { clock: systemClock, signal }));
    return id.startsWith('iccid:') ? id.slice('iccid:'.length) : undefined;
  } finally {
    channel.close();
  }
};

interface ReaderEntry {
  readonly id: DeviceId;
  readonly attachedAtMs: number;
  atr?: string;
  iccid?: string;
  /** Bumped on every card change: a late ICCID for an earlier card is dropped. */
  card: number;
}

/** Watches PC/SC readers and publishes them through the registry as `card-reader` devices. */
export async function startPcscSource(o: PcscSourceOptions): Promise<PcscSource> {
  const rescanMs = o.rescanMs ?? 1000;
  const timeoutMs = o.iccidTimeoutMs ?? 2000;
  const readIccid = o.readIccid ?? readIccidShared;
  const readers = new Map<string, ReaderEntry>();
  const reads = new Set<Promise<void>>();
  let stopped = false;

  const publish = (reader: string, entry: ReaderEntry): void => {
    const slot = readerSlot(reader);
    const slotName = o.slotNames.get(slot);
    const summary: DeviceSummary = {
      id: entry.id,
      slot,
      ...(slotName === undefined ? {} : { slotName }),
      label: reader.slice(0, 200),
      transport: 'pcsc',
      kind: 'card-reader',
      identity: { ...(entry.atr === undefined ? {} : { atr: entry.atr }), ...(entry.iccid === undefined ? {} : { iccid: entry.iccid }) },
      attachedAtMs: entry.attachedAtMs,
    };
    o.registry.attach(summary);
  };

  /** Reads the new card's ICCID within the bound; a failure or timeout leaves it absent. */
  const identify = (reader: string, entry: ReaderEntry): void => {
    const card = entry.card;
    const giveUp = new AbortController();
    const timer = setTimeout(() => giveUp.abort(), timeoutMs);
    const read = readIccid(reader, giveUp.signal).catch(() => undefined);
    const timedOut = new Promise<undefined>((resolve) => giveUp.signal.addEventListener('abort', () => resolve(undefined), { once: true }));
    const done = Promise.race([read, timedOut]).then((iccid) => {
      clearTimeout(timer);
      if (stopped || iccid === undefined || readers.get(reader) !== entry || entry.card !== card) return;
      entry.iccid = iccid.slice(0, 32);
      publish(reader, entry);
    });
    // Waited for on stop: the read itself (its connection closed), not just the bound.
    const settled = Promise.all([done, read]).then(() => undefined);
    reads.add(settled);
    void settled.finally(() => reads.delete(settled));
  };

  const onEvent = (event: ReaderEvent): void => {
    if (stopped) return;
    if (event.kind === 'error') {
      o.report(new ProvisioningError(event.error.code, `Card readers unavailable (${event.error.message}); retrying every ${rescanMs} ms`, { cause: event.error }));
      return;
    }
    const { reader } = event;
    const entry = readers.get(reader);
    switch (event.kind) {
      case 'reader-attached': {
        const fresh: ReaderEntry = { id: deviceIdOf('pcsc', reader), attachedAtMs: o.clock(), card: 0 };
        readers.set(reader, fresh);
        publish(reader, fresh);
        return;
      }
      case 'reader-detached':
        if (entry === undefined) return;
        readers.delete(reader);
        o.registry.detach(entry.id);
        return;
      case 'card-inserted':
        if (entry === undefined) return;
        entry.card += 1;
        entry.atr = event.atr.toLowerCase();
        delete entry.iccid;
        publish(reader, entry);
        identify(reader, entry);
        return;
      case 'card-removed':
        if (entry === undefined) return;
        entry.card += 1;
        delete entry.atr;
        delete entry.iccid;
        publish(reader, entry);
        return;
    }
  };

  let monitor: Awaited<ReturnType<typeof watchReaders>>;
  try {
    monitor = await watchReaders(onEvent, { rescanMs, ...o.watch });
  } catch (error) {
    // The addon itself cannot load: nothing will ever be watched; one line says so.
    const cause = translatePcscError(error, 'PC/SC');
    o.report(new ProvisioningError(cause.code, `Card readers unavailable: the PC/SC library could not be loaded (${cause.message})`, { cause }));
    return { stop: () => Promise.resolve() };
  }
  return {
    async stop() {
      await monitor.stop();
      stopped = true;
      await Promise.all([...reads]);
      for (const entry of readers.values()) o.registry.detach(entry.id);
      readers.clear();
    },
  };
}
