import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readCard } from '../../../src-main/card/card-service.js';
import { listReaders, PcscCardChannel } from '../../../src-main/card/pcsc-channel.js';
import { profilePlanFor } from '../../../src-main/runs/profile-plan.js';
import type { CardSlots, SlotResult } from '../../../src-main/runs/run-types.js';
import { SECOND_READER, VICC_READER, startCardLab, type CardLab } from '../../support/card-lab.js';
import { VpcdCardWorker } from '../../support/vpcd-card-host.js';
import { slotName, testStation, type TestStation } from './run-harness.js';

const PROFILE = new URL('../../fixtures/runs/mixed-bench.yaml', import.meta.url).pathname;
const CREDENTIAL_KEY = new Uint8Array(32).fill(0x5a);
const ICCID = '89445001021983048261';
let lab: CardLab;
let vpcd: VpcdCardWorker;
const stations: TestStation[] = [];

beforeAll(async () => {
  lab = await startCardLab();
  process.env['PCSCLITE_CSOCK_NAME'] = lab.socketPath;
  vpcd = VpcdCardWorker.start(lab.slot1Socket, { iccid: ICCID });
  await vpcd.insert();
});
afterAll(async () => {
  await vpcd?.stop();
  await lab?.stop();
});
afterEach(async () => {
  for (const s of stations.splice(0)) await s.close();
});

/** Reader slots are `reader:<PC/SC reader name>`. */
const cards: CardSlots = {
  isCardSlot: (slot) => slot.startsWith('reader:'),
  open: (slot) => PcscCardChannel.connect(slot.slice('reader:'.length), 'exclusive'),
};

async function readerHasCard(reader: string): Promise<void> {
  // The fault card connects to vpcd asynchronously: wait until pcscd reports it in the slot.
  for (;;) {
    if ((await listReaders()).some((r) => r.name === reader && r.hasCard)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('a mixed bench: simulated handsets and virtual cards in real PC/SC readers, one profile', () => {
  it('runs every slot end to end with per-slot results, journals and audit; a second run redoes nothing', { timeout: 60_000 }, async () => {
    await readerHasCard(SECOND_READER);
    const s = await testStation();
    stations.push(s);
    const slots = [slotName(0), `reader:${VICC_READER}`, slotName(1), `reader:${SECOND_READER}`];
    const planFor = profilePlanFor({ file: PROFILE, dataDir: s.dir, storage: s.storage, stationId: 'st-1', credentialKey: CREDENTIAL_KEY });
    const progress: string[] = [];
    const results: SlotResult[] = await s.manager({ planFor, cards, credentialKey: CREDENTIAL_KEY, concurrency: 4, onProgress: (p) => progress.push(`${p.slot}:${p.state}`) }).start(slots);
    expect(results.map((r) => [r.slot, r.kind])).toEqual(slots.map((slot) => [slot, 'done']));
    const [h0, c0, h1, c1] = results.map((r) => (r.kind === 'done' ? r : undefined));
    expect(h0?.devId).toMatch(/^IMEI:\d{15}$/);
    expect(h1?.checked).toEqual(['bootstrap-complete']);
    expect(c0?.devId).toBe('ATR:3b951381018073ff01000b');
    expect(c1?.devId).toBe(`ICCID:${ICCID}`);
    expect(c1?.checked).toEqual(['card-verified', 'card-read-as-device']);
    expect(new Set(results.map((r) => (r.kind === 'done' ? r.identity : ''))).size).toBe(4);
    for (const slot of slots) expect(progress).toEqual(expect.arrayContaining([`${slot}:identifying`, `${slot}:bootstrapping`, `${slot}:done`]));
    // The cards hold the SIM account (and only it), read the way a device reads them.
    for (const reader of [VICC_READER, SECOND_READER]) {
      const channel = await PcscCardChannel.connect(reader);
      try {
        const read = await readCard(channel);
        expect(read.content.state).toBe('valid');
        const entries = read.content.state === 'valid' ? (JSON.parse(read.content.json) as { MOData: { DMAcc: { SrvID: string; Name: string } } }[]) : [];
        expect(entries.map((e) => e.MOData.DMAcc.SrvID)).toEqual(['sim-dm.test']);
        const serial = results.find((r) => r.slot === `reader:${reader}` && r.kind === 'done');
        expect(entries[0]?.MOData.DMAcc.Name).toBe(`SIM DM ${serial?.kind === 'done' ? serial.identity : ''}`);
      } finally {
        channel.close();
      }
    }
    // The handsets hold both accounts.
    const handset = await s.bench.stores.get(`${slotName(0)}#1`)!.load();
    expect(handset?.bootstrap).toBe('complete');
    // Journals and audit per slot: one run.done each; the card's bootstrap entry carries its body hash.
    for (const r of results) expect((await s.storage.runs.journal(r.runId ?? '')).filter((e) => e.step === 'run.done')).toHaveLength(1);
    const audit = await s.storage.audit.list();
    expect(audit.filter((e) => e.entry.step === 'run.finish' && e.entry.result === 'ok').map((e) => e.entry.slot).sort()).toEqual([...slots].sort());
    expect(audit.find((e) => e.entry.step === 'run.bootstrap' && e.entry.slot === `reader:${SECOND_READER}`)?.entry.fingerprints).toEqual([expect.stringMatching(/^card-body:[0-9a-f]{64}$/)]);
    const again = await s.manager({ planFor, cards, credentialKey: CREDENTIAL_KEY }).start(slots);
    expect(again.map((r) => r.kind)).toEqual(['already-done', 'already-done', 'already-done', 'already-done']);
  });
});
