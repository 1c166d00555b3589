/**
 * RunsService on card-reader slots (docs/runs.md "Card-reader slots"), with the real card lab
 * (pcscd + vicc in a private namespace): reader records registered in a real DeviceRegistry the
 * way the station's PC/SC source publishes them, a real TraceRecorder, real SQLite.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCard } from '../../../src-main/card/card-service.js';
import { PcscCardChannel } from '../../../src-main/card/pcsc-channel.js';
import { readerSlots } from '../../../src-main/card/reader-slots.js';
import { SECOND_READER, VICC_READER } from '../../support/card-lab.js';
import { cardBench, profile, readerRecord, useCardLab } from './runs-service-card-bench.js';

const MIXED = new URL('../../fixtures/runs/mixed-bench.yaml', import.meta.url).pathname;
const LAB_CARD = new URL('../../fixtures/plan/lab-card.yaml', import.meta.url).pathname;
const VICC_ATR = '3b951381018073ff01000b';

const { cleanups } = useCardLab();

describe('RunsService: card-reader slots in the station (real PC/SC card lab)', () => {
  it('runs.start writes the card in a reader holding one (APDUs traced under pcsc:<reader>), skips an empty reader, and journals and audits the run', { timeout: 30_000 }, async () => {
    const b = await cardBench(profile(MIXED), cleanups);
    const full = readerRecord(VICC_READER, { atr: VICC_ATR });
    const empty = readerRecord(SECOND_READER);
    b.registry.attach(empty);
    b.registry.attach(full);
    expect(b.runs.start({ deviceIds: [empty.id] })).toEqual({ slots: [], skipped: [{ deviceId: empty.id, reason: 'no card in the reader' }] });
    expect(b.runs.start({ all: true })).toEqual({ slots: [full.slot], skipped: [] });
    const run = await b.ended(full.slot);
    expect(run).toMatchObject({ result: 'done', state: 'done', deviceId: full.id, devId: `ATR:${VICC_ATR}`, errorCode: null, trigger: 'manual' });

    // The card holds the SIM account, read back the way a device reads it.
    const channel = await PcscCardChannel.connect(VICC_READER);
    try {
      const read = await readCard(channel);
      expect(read.content.state).toBe('valid');
      const entries = read.content.state === 'valid' ? (JSON.parse(read.content.json) as { MOData: { DMAcc: { SrvID: string } } }[]) : [];
      expect(entries.map((e) => e.MOData.DMAcc.SrvID)).toEqual(['sim-dm.test']);
    } finally {
      channel.close();
    }

    // Every APDU of the write is in the live trace under the reader's device id; codes masked if any.
    const { records } = b.trace.list({ deviceId: full.id, limit: 20_000 });
    expect(records.length).toBeGreaterThan(4);
    expect(records.every((r) => r.layer === 'apdu' && r.slot === full.slot)).toBe(true);
    const out = records.filter((r) => r.direction === 'out').map((r) => r.summary);
    expect(out.some((s) => s.startsWith('SELECT'))).toBe(true);
    expect(out.some((s) => s.startsWith('UPDATE BINARY'))).toBe(true);
    expect(records.filter((r) => r.direction === 'in').length).toBe(out.length);
    for (const r of records.filter((x) => /^(VERIFY|CHANGE REFERENCE DATA|RESET RETRY COUNTER)/.test(x.summary))) expect(r.summary).toContain('•••');
    expect(b.trace.list({ deviceId: empty.id, limit: 10 }).records).toEqual([]);

    // The journal and the audit hold the run.
    expect(run.runId).not.toBeNull();
    expect((await b.storage.runs.journal(run.runId ?? '')).filter((e) => e.step === 'run.done')).toHaveLength(1);
    const audit = await b.storage.audit.list();
    expect(audit.filter((e) => e.entry.slot === full.slot).map((e) => `${e.entry.step}:${e.entry.result}`)).toEqual(expect.arrayContaining(['run.identified:ok', 'run.bootstrap:ok', 'run.finish:ok']));
  });

  it('a run whose profile has no smartcard section fails with the typed error, its message on the board', { timeout: 20_000 }, async () => {
    // The station with no profile chosen runs the demo description: no card content (card-run.ts).
    const station = await cardBench(undefined, cleanups);
    // A card profile whose smartcard section was taken out: the plan compiler refuses it.
    const dir = mkdtempSync(join(tmpdir(), 'bb-card-prof-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'no-smartcard.yaml');
    writeFileSync(file, readFileSync(LAB_CARD, 'utf8').replace('{iccid}', '{serial}').replace(/^smartcard:[\s\S]*$/m, ''));
    const compiled = await cardBench(profile(file), cleanups);
    const messages: string[] = [];
    for (const b of [station, compiled]) {
      const full = readerRecord(VICC_READER, { atr: VICC_ATR });
      b.registry.attach(full);
      expect(b.runs.start({ deviceIds: [full.id] }).slots).toEqual([full.slot]);
      const run = await b.ended(full.slot);
      expect(run).toMatchObject({ result: 'failed', state: 'failed', errorCode: 'INVALID_REQUEST', devId: `ATR:${VICC_ATR}` });
      const listed = await b.runs.list();
      expect(listed.slots.find((s) => s.slot === full.slot)?.errorMessage).toBe(run.errorMessage);
      messages.push(run.errorMessage ?? '');
    }
    expect(messages[0]).toBe('the plan has no card content: the profile needs a smartcard section for card-reader slots');
    expect(messages[1]).toContain('profile lab-card has no smartcard section');
  });

  it('a run on a card the PC/SC source still holds (its shared ICCID read) waits for the card instead of failing', { timeout: 20_000 }, async () => {
    const source = await PcscCardChannel.connect(VICC_READER, 'shared');
    let busy = 0;
    const b = await cardBench(profile(MIXED), cleanups, {
      // The real exclusive connection; the source lets go when the run first finds the card busy.
      connectCard: async (slot) => {
        try {
          return await readerSlots.open(slot);
        } catch (error) {
          if ((error as { code?: string }).code === 'DEVICE_BUSY' && busy++ === 0) source.close();
          throw error;
        }
      },
    });
    const full = readerRecord(VICC_READER, { atr: VICC_ATR });
    b.registry.attach(full);
    b.runs.start({ deviceIds: [full.id] });
    expect(await b.ended(full.slot)).toMatchObject({ result: 'done', devId: `ATR:${VICC_ATR}` });
    expect(busy).toBe(1);
  });
});
