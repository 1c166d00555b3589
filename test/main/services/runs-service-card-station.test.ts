/**
 * Card-reader slots through the station's gate (docs/runs.md "Card-reader slots"): the real
 * station with its PC/SC source over the card lab, the runs area wired to the station's trace.
 * No profile is chosen, so the run compiles the demo description: it identifies the card (APDUs
 * in the trace under the reader's device id) and fails with the typed no-card-content error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Payload } from '../../../src-shared/ipc/contract.js';
import type { RunSlotStatus } from '../../../src-shared/runs/run-status.js';
import { createStation, type Station } from '../../../src-main/station.js';
import { VICC_READER, startCardLab, type CardLab } from '../../support/card-lab.js';
import { gateCalls, untilBus } from './gate-station.js';

let lab: CardLab;
let station: Station;
const ends: RunSlotStatus[] = [];
beforeAll(async () => {
  lab = await startCardLab();
  // Before the smartcard addon makes its first context (see test/main/card/*.test.ts).
  process.env['PCSCLITE_CSOCK_NAME'] = lab.socketPath;
  station = await createStation({ shell: 'web', serial: false, simulatedDevices: 0, discovery: { usb: false }, readers: {}, reportUnexpected: () => undefined });
  station.services.bus.subscribe((name, payload) => {
    const { run } = payload as Payload<'run.progressed'>;
    if (name === 'run.progressed' && run.endedAtMs !== null) ends.push(run);
  });
});
afterAll(async () => {
  await station?.close();
  await lab?.stop();
});

const { ask } = gateCalls(() => station, { via: 'cli', clientId: 'runs-card-station', signal: new AbortController().signal });

describe('runs on a card-reader slot through the station gate (real PC/SC source, card lab)', () => {
  it('runs.start on pcsc:<reader> traces its APDUs under the reader and shows the no-smartcard error on the board', { timeout: 20_000 }, async () => {
    const reader = await untilBus(station, () => station.services.registry.list().find((d) => d.id === `pcsc:${VICC_READER}` && d.identity.atr !== undefined));
    expect(reader).toMatchObject({ slot: `reader:${VICC_READER}`, kind: 'card-reader', transport: 'pcsc' });
    expect(await ask('runs.start', { deviceIds: [reader.id] })).toEqual({ slots: [reader.slot], skipped: [] });
    const run = await untilBus(station, () => ends.find((r) => r.slot === reader.slot));
    expect(run).toMatchObject({ result: 'failed', errorCode: 'INVALID_REQUEST', deviceId: reader.id, devId: `ATR:${reader.identity.atr}` });
    expect(run.errorMessage).toContain('smartcard section');
    const { records } = await ask('trace.list', { deviceId: reader.id, layers: ['apdu'], limit: 500 });
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r.slot === reader.slot)).toBe(true);
    expect(records.some((r) => r.direction === 'out' && r.summary.startsWith('SELECT'))).toBe(true);
    const listed = await ask('runs.list', undefined);
    expect(listed.slots.find((s) => s.slot === reader.slot)?.errorMessage).toBe(run.errorMessage);
  });
});
