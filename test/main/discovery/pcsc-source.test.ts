import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceSummary } from '../../../src-shared/domain/device.js';
import type { ProvisioningError } from '../../../src-shared/errors/index.js';
import { PcscCardChannel, openContext } from '../../../src-main/card/pcsc-channel.js';
import { watchReaders, type ReaderEvent } from '../../../src-main/card/reader-monitor.js';
import { readIccidShared, startPcscSource } from '../../../src-main/discovery/pcsc-source.js';
import { SlotNames } from '../../../src-main/discovery/slot-names.js';
import { EventBus } from '../../../src-main/ipc/event-bus.js';
import type { CallContext } from '../../../src-main/ipc/gate.js';
import { DeviceRegistry } from '../../../src-main/services/device-registry.js';
import { createStation, type Station } from '../../../src-main/station.js';
import { SECOND_READER, VICC_READER, startCardLab, type CardLab } from '../../support/card-lab.js';
import { VpcdCardWorker } from '../../support/vpcd-card-host.js';
import { gateCalls, untilBus } from '../services/gate-station.js';

const ICCID = '8901260123456789012';
const VICC_ATR = '3b951381018073ff01000b';
const CARD_ATR = '3b95960080730021' + '00';
const call: CallContext = { via: 'cli', clientId: 'pcsc-source-test', signal: new AbortController().signal };

let lab: CardLab;
let vpcd: VpcdCardWorker;
beforeAll(async () => {
  lab = await startCardLab();
  // Before the addon's first context: libpcsclite reads the socket name once per process.
  process.env.PCSCLITE_CSOCK_NAME = lab.socketPath;
  vpcd = VpcdCardWorker.start(lab.slot1Socket, { iccid: ICCID });
});
afterAll(async () => {
  await vpcd?.stop();
  await lab?.stop();
});

const reader = (station: Station, name: string): DeviceSummary | undefined => station.services.registry.list().find((d) => d.id === `pcsc:${name}`);

/** Unexpected errors any reader station reported (an unavailable pcscd is a notice, never one of these). */
const unexpected: unknown[] = [];

async function readerStation(reported: unknown[] = []): Promise<Station> {
  return createStation({
    shell: 'web',
    simulatedDevices: 0,
    serial: false,
    discovery: { usb: false },
    readers: { rescanMs: 100 },
    notice: (line) => reported.push(line),
    reportUnexpected: (error) => unexpected.push(error),
  });
}

/** Resolves when a second, independent monitor sees `match` (the lab really changed). */
async function seenByControl(start: () => Promise<unknown>, match: (e: ReaderEvent) => boolean): Promise<void> {
  let resolve: () => void = () => undefined;
  const seen = new Promise<void>((r) => (resolve = r));
  let armed = false;
  const control = await watchReaders((e) => armed && match(e) && resolve(), { rescanMs: 100 });
  try {
    // Events of the cards already present come first; only changes after `start` count.
    await new Promise<void>((r) => setImmediate(r));
    armed = true;
    await start();
    await seen;
  } finally {
    await control.stop();
  }
}

describe.sequential('PC/SC readers in the station (card lab)', () => {
  it('lists both readers as card-reader slots with the card ATR and ICCID, renamed, and clears them on removal', async () => {
    const station = await readerStation();
    const gate = gateCalls(() => station, call);
    try {
      await untilBus(station, () => (reader(station, VICC_READER)?.identity.atr !== undefined && reader(station, SECOND_READER) !== undefined ? true : undefined));
      const listed = await gate.ask('devices.list', undefined);
      const readers = listed.filter((d) => d.transport === 'pcsc');
      expect(readers.map((d) => d.id).sort()).toEqual([`pcsc:${VICC_READER}`, `pcsc:${SECOND_READER}`]);
      expect(readers.find((d) => d.id === `pcsc:${SECOND_READER}`)).toEqual({
        id: `pcsc:${SECOND_READER}`,
        slot: `reader:${SECOND_READER}`,
        label: SECOND_READER,
        transport: 'pcsc',
        kind: 'card-reader',
        identity: {},
        attachedAtMs: expect.any(Number) as number,
      });
      expect(readers.find((d) => d.id === `pcsc:${VICC_READER}`)).toMatchObject({ slot: `reader:${VICC_READER}`, kind: 'card-reader', identity: { atr: VICC_ATR } });
      expect(readers.every((d) => d.identification === undefined)).toBe(true);

      await vpcd.insert();
      const inserted = await untilBus(station, () => (reader(station, SECOND_READER)?.identity.iccid === undefined ? undefined : reader(station, SECOND_READER)));
      expect(inserted.identity).toEqual({ atr: CARD_ATR, iccid: ICCID });

      expect(await gate.ask('slots.rename', { slot: `reader:${SECOND_READER}`, name: 'Card bay 2' })).toEqual({ slot: `reader:${SECOND_READER}`, name: 'Card bay 2' });
      expect(reader(station, SECOND_READER)).toMatchObject({ slotName: 'Card bay 2', identity: { atr: CARD_ATR, iccid: ICCID } });

      await vpcd.remove();
      const removed = await untilBus(station, () => (reader(station, SECOND_READER)?.identity.atr === undefined ? reader(station, SECOND_READER) : undefined));
      // Card changes re-publish the record with the slot's name still on it.
      expect(removed).toMatchObject({ slotName: 'Card bay 2', identity: {} });
      expect(removed?.identity).toEqual({});
      expect((await gate.ask('devices.list', undefined)).filter((d) => d.transport === 'pcsc')).toHaveLength(2);
    } finally {
      await station.close();
    }
    // Closed: no reader records, and a card change no longer reaches the station's bus.
    expect(station.services.registry.idsOf('pcsc')).toEqual([]);
    const after: string[] = [];
    station.services.bus.subscribe((name) => after.push(name));
    await seenByControl(() => vpcd.insert(), (e) => e.kind === 'card-inserted' && e.reader === SECOND_READER);
    await seenByControl(() => vpcd.remove(), (e) => e.kind === 'card-removed' && e.reader === SECOND_READER);
    expect(after).toEqual([]);
  });

  it('reads the ICCID over a shared connection and closes it', async () => {
    await seenByControl(() => vpcd.insert(), (e) => e.kind === 'card-inserted' && e.reader === SECOND_READER);
    try {
      const other = await PcscCardChannel.connect(SECOND_READER, 'shared');
      try {
        // Another client holds the card shared: an exclusive connect would fail with a sharing violation.
        expect(await readIccidShared(SECOND_READER, new AbortController().signal)).toBe(ICCID);
      } finally {
        other.close();
      }
      // Our connection is closed: the card can be taken exclusively at once (a run's write).
      const exclusive = await PcscCardChannel.connect(SECOND_READER, 'exclusive');
      exclusive.close();
      expect(await readIccidShared(VICC_READER, new AbortController().signal)).toBeUndefined();
    } finally {
      await vpcd.remove();
    }
  });

  it('bounds the ICCID read: a read that does not answer is given up and the record keeps the ATR only', async () => {
    const registry = new DeviceRegistry(new EventBus(() => undefined));
    let viccGaveUp: () => void = () => undefined;
    const stalled = new Promise<void>((resolve) => (viccGaveUp = resolve));
    const source = await startPcscSource({
      registry,
      slotNames: SlotNames.inMemory(),
      clock: () => 7,
      report: () => undefined,
      iccidTimeoutMs: 50,
      // A card that never answers: the read only ends when the source gives up on it.
      readIccid: (name, signal) =>
        new Promise((resolve) =>
          signal.addEventListener(
            'abort',
            () => {
              resolve(undefined);
              if (name === VICC_READER) viccGaveUp();
            },
            { once: true },
          ),
        ),
    });
    try {
      await stalled;
      expect(registry.get(`pcsc:${VICC_READER}` as DeviceSummary['id'])).toEqual({
        id: `pcsc:${VICC_READER}`,
        slot: `reader:${VICC_READER}`,
        label: VICC_READER,
        transport: 'pcsc',
        kind: 'card-reader',
        identity: { atr: VICC_ATR },
        attachedAtMs: 7,
      });
    } finally {
      await source.stop();
    }
    expect(registry.idsOf('pcsc')).toEqual([]);
  });

  it('reports one line when pcscd goes away (however many retries), detaches the readers, and keeps running', async () => {
    const reported: unknown[] = [];
    const station = await readerStation(reported);
    const registry = new DeviceRegistry(new EventBus(() => undefined));
    const lines: ProvisioningError[] = [];
    let attempts = 0;
    let failedAttempts = 0;
    let onAttempt: () => void = () => undefined;
    const source = await startPcscSource({
      registry,
      slotNames: SlotNames.inMemory(),
      clock: () => 0,
      report: (error) => lines.push(error),
      rescanMs: 20,
      watch: {
        open: async () => {
          attempts += 1;
          try {
            return await openContext();
          } catch (error) {
            failedAttempts += 1;
            throw error;
          } finally {
            onAttempt();
          }
        },
      },
    });
    try {
      await untilBus(station, () => (reader(station, SECOND_READER) !== undefined ? true : undefined));
      expect(attempts).toBe(1);
      await lab.stop();
      await untilBus(station, () => (station.services.registry.idsOf('pcsc').length === 0 && reported.length > 0 ? true : undefined));
      await new Promise<void>((resolve) => {
        onAttempt = () => failedAttempts >= 5 && resolve();
        onAttempt();
      });
      expect(registry.idsOf('pcsc')).toEqual([]);
      expect(lines).toHaveLength(1);
      // The first failure names the cause (pcscd's socket closing reads as one of several PC/SC errors).
      expect(lines[0]!.message).toMatch(/^Card readers unavailable \(PC\/SC( monitor)?: .+\); retrying every 20 ms$/);
      expect(reported).toHaveLength(1);
      expect(unexpected).toEqual([]);
      expect(reported[0]).toMatch(/^Card readers unavailable \(PC\/SC( monitor)?: .+\); retrying every 100 ms$/);
      // The station still answers.
      expect((await gateCalls(() => station, call).ask('devices.list', undefined)).filter((d) => d.transport === 'pcsc')).toEqual([]);
    } finally {
      await source.stop();
      await station.close();
    }
  });
});
