/**
 * Card codes in runs (docs/runs.md "Card codes in runs"), real card lab: a PIN-protected fault card
 * behind vpcd in 'Virtual PCD 00 01', runs driven through the station's RunsService (traced reader
 * slots, in-memory SQLite journal and audit). The PIN comes from the profile's CSV row for the
 * card's ICCID and is presented through the card service's brick guard.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCard, systemClock } from '../../../src-main/card/card-service.js';
import { listReaders, PcscCardChannel } from '../../../src-main/card/pcsc-channel.js';
import { writeCardRun } from '../../../src-main/runs/card-run.js';
import { profilePlanFor } from '../../../src-main/runs/profile-plan.js';
import type { RunPlan } from '../../../src-main/runs/run-types.js';
import { openStorage } from '../../../src-main/storage/open-storage.js';
import { CardSession, type RetryCounter } from '../../../src-shared/card/card-session.js';
import type { TraceRecord } from '../../../src-shared/trace/trace-record.js';
import { SECOND_READER } from '../../support/card-lab.js';
import { VpcdCardWorker } from '../../support/vpcd-card-host.js';
import { cardBench, profile, readerRecord, useCardLab, type CardBench } from '../services/runs-service-card-bench.js';

const VPCD_ATR = '3b9596008073002100';
const SLOT = `reader:${SECOND_READER}`;
const PIN = '48151623';
const WRONG = '11112222';
const hexOf = (text: string): string => Buffer.from(text, 'ascii').toString('hex');

/** ICCIDs of the cards (one per case, so each is its own device) and the CSV the profile reads. */
const ICCID = { direct: '89445001021983040060', right: '89445001021983040011', wrong: '89445001021983040029', lastTry: '89445001021983040037', absent: '89445001021983040045', refused: '89445001021983040052' };
const CSV = ['iccid,subscriber,pin', `${ICCID.direct},Eve,${PIN}`, `${ICCID.right},Ada,${PIN}`, `${ICCID.wrong},Bob,${WRONG}`, `${ICCID.lastTry},Cy,${PIN}`, `${ICCID.refused},Di,${PIN}`].join('\n');

function profileYaml(pin: string): string {
  return `schema: bootbench.profile/v1
id: pin-runs
name: Card PIN runs
version: "1"
target:
  models: ["SimPhone*"]
accounts:
  - authority: sim
    serverId: sim-dm.test
    serverUri: https://dm.sim.test/dm2
    name: "SIM DM {csv:subscriber}"
    permittedMoids: [urn:oma:mo:oma-dm-devinfo:1.2]
    credential: { kind: none }
smartcard:
  bootstrap: [sim-dm.test]
  cardAtr:
    - pattern: "3b 95 96 00 80 73 00 21 00"
  pin: ${pin}
variables:
  csv:
    file: subscribers.csv
    keyColumn: iccid
    columns: [subscriber, pin]
`;
}

const { lab, cleanups } = useCardLab();
let dir: string;
const files = { csv: '', operator: '', change: '' };
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bb-card-pin-'));
  writeFileSync(join(dir, 'subscribers.csv'), CSV);
  const variants = { csv: '{ policy: verify, source: csv }', operator: '{ policy: verify, source: operator }', change: '{ policy: change, source: csv }' };
  for (const [name, pin] of Object.entries(variants)) {
    files[name as keyof typeof files] = join(dir, `${name}.yaml`);
    writeFileSync(join(dir, `${name}.yaml`), profileYaml(pin));
  }
});
afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** Waits until pcscd reports the reader with (or without) a card. */
async function readerState(hasCard: boolean): Promise<void> {
  while (!(await listReaders()).some((r) => r.name === SECOND_READER && r.hasCard === hasCard)) await new Promise((r) => setTimeout(r, 25));
}

/** Puts a PIN-protected fault card (PIN1 = {@link PIN}, `tries` left; writes need PIN1) in the reader. */
async function insertCard(iccid: string, tries: number): Promise<void> {
  const card = VpcdCardWorker.start(lab().slot1Socket, { iccid, codes: new Map([[0x01, { code: PIN, tries }]]), writeNeedsRef: 0x01 });
  cleanups.push(async () => {
    await card.stop();
    await readerState(false);
  });
  await card.insert();
  await readerState(true);
}

/** What the card holds now: its PIN1 counter (read without spending a try) and its bootstrap. */
async function cardNow(): Promise<{ counter: RetryCounter; state: string; json: string }> {
  const channel = await PcscCardChannel.connect(SECOND_READER, 'exclusive');
  try {
    const counter = await new CardSession(channel, { clock: systemClock }).retryCounter(0x01);
    const read = await readCard(channel);
    return { counter, state: read.content.state, json: read.content.state === 'valid' ? read.content.json : '' };
  } finally {
    channel.close();
  }
}

/** One run on the reader under a profile file; the bench and its ended run. */
async function runOn(file: string): Promise<{ b: CardBench; run: Awaited<ReturnType<CardBench['ended']>> }> {
  const b = await cardBench(profile(file), cleanups);
  const reader = readerRecord(SECOND_READER, { atr: VPCD_ATR });
  b.registry.attach(reader);
  expect(b.runs.start({ deviceIds: [reader.id] }).slots).toEqual([SLOT]);
  return { b, run: await b.ended(SLOT) };
}

/** Everything the run left: its trace records, journal rows and audit entries. */
async function leftovers(b: CardBench): Promise<{ trace: TraceRecord[]; journal: string; audit: string }> {
  b.trace.flush();
  const trace = b.trace.list({ limit: 20_000 }).records.filter((r) => r.slot === SLOT);
  const journal = JSON.stringify(await b.storage.db.selectFrom('run_journal').selectAll().execute()) + JSON.stringify(await b.storage.db.selectFrom('runs').selectAll().execute());
  const audit = JSON.stringify(await b.storage.audit.list());
  return { trace, journal, audit };
}

/** VERIFY commands that carried a code (Lc present), as the trace recorded them. */
const presented = (trace: readonly TraceRecord[]): TraceRecord[] => trace.filter((r) => r.direction === 'out' && /^VERIFY 00200001 Lc/.test(r.summary));

/** No trace record, journal row or audit entry holds the code, as text or as the VERIFY body. */
function expectNoCode(left: Awaited<ReturnType<typeof leftovers>>, code: string): void {
  const traceText = JSON.stringify(left.trace);
  expect(traceText).not.toContain(code);
  expect(traceText.toLowerCase()).not.toContain(hexOf(code));
  for (const text of [left.journal, left.audit]) {
    expect(text).not.toContain(code);
    expect(text.toLowerCase()).not.toContain(hexOf(code));
  }
}

describe('runs present the card PIN from the profile CSV through the brick guard (real PC/SC card lab)', () => {
  it('the right PIN from the CSV: the run is done, the card holds the bootstrap, the PIN is masked everywhere', { timeout: 20_000 }, async () => {
    await insertCard(ICCID.right, 3);
    const { b, run } = await runOn(files.csv);
    expect(run).toMatchObject({ result: 'done', state: 'done', devId: `ICCID:${ICCID.right}`, errorCode: null });
    const now = await cardNow();
    expect(now.state).toBe('valid');
    expect(now.json).toContain('SIM DM Ada');
    // No try lost: PIN1 still reads verified from the run's VERIFY (the card was not reset), or 3 tries.
    expect([{ kind: 'verified' }, { kind: 'tries', left: 3 }]).toContainEqual(now.counter);
    const left = await leftovers(b);
    // The guard read the counter (no data), then presented 8 bytes whose data the trace masks.
    const verify = presented(left.trace);
    expect(verify.map((r) => [r.summary, r.hex, r.length])).toEqual([['VERIFY 00200001 Lc 8 data •••', '0020000108', 13]]);
    expect(verify[0]?.detail).toBe('> 0020000108••••••••');
    expect(left.trace.some((r) => r.direction === 'out' && r.summary === 'VERIFY 00200001')).toBe(true);
    expectNoCode(left, PIN);
  });

  it('a wrong PIN in the CSV: failed with CARD_PIN_BLOCKED and the tries left, one try spent (3 → 2), nothing written', { timeout: 20_000 }, async () => {
    await insertCard(ICCID.wrong, 3);
    const { b, run } = await runOn(files.csv);
    expect(run).toMatchObject({ result: 'failed', state: 'failed', devId: `ICCID:${ICCID.wrong}`, errorCode: 'CARD_PIN_BLOCKED' });
    expect(run.errorMessage).toMatch(/refused the PIN from subscribers\.csv, iccid 89445001021983040029 .*: 2 tries left; nothing was written/);
    const now = await cardNow();
    expect(now.counter).toEqual({ kind: 'tries', left: 2 });
    expect(now.state).not.toBe('valid');
    const left = await leftovers(b);
    expect(presented(left.trace)).toHaveLength(1);
    expectNoCode(left, WRONG);
  });

  it('one try left: refused without presenting (the counter stays 1), nothing written', { timeout: 20_000 }, async () => {
    await insertCard(ICCID.lastTry, 1);
    const { b, run } = await runOn(files.csv);
    expect(run).toMatchObject({ result: 'failed', devId: `ICCID:${ICCID.lastTry}`, errorCode: 'CARD_PIN_BLOCKED' });
    expect(run.errorMessage).toMatch(/one try left.*no try was spent and nothing was written.*--override-last-try/);
    const now = await cardNow();
    expect(now.counter).toEqual({ kind: 'tries', left: 1 });
    expect(now.state).not.toBe('valid');
    const left = await leftovers(b);
    expect(presented(left.trace)).toEqual([]);
    expectNoCode(left, PIN);
  });

  it('a card without a CSV row: a typed error naming its ICCID, no code presented, nothing written', { timeout: 20_000 }, async () => {
    await insertCard(ICCID.absent, 3);
    const { b, run } = await runOn(files.csv);
    expect(run).toMatchObject({ result: 'failed', devId: `ICCID:${ICCID.absent}`, errorCode: 'INVALID_REQUEST' });
    expect(run.errorMessage).toContain(`subscribers.csv has no row for iccid ${ICCID.absent}`);
    const now = await cardNow();
    expect(now.counter).toEqual({ kind: 'tries', left: 3 });
    expect(now.state).not.toBe('valid');
    expect(presented((await leftovers(b)).trace)).toEqual([]);
  });

  it('operator-entered codes and policy change are refused with what to do instead; no code presented, nothing written', { timeout: 20_000 }, async () => {
    await insertCard(ICCID.refused, 3);
    const operator = await runOn(files.operator);
    expect(operator.run).toMatchObject({ result: 'failed', errorCode: 'INVALID_REQUEST' });
    expect(operator.run.errorMessage).toContain("runs take card codes from the profile's CSV (smartcard.pin.source: csv");
    expect(operator.run.errorMessage).toContain('bootbench card write --pin-file');
    const change = await runOn(files.change);
    expect(change.run).toMatchObject({ result: 'failed', errorCode: 'INVALID_REQUEST' });
    expect(change.run.errorMessage).toContain('runs do not change card codes (smartcard.pin.policy: change)');
    const now = await cardNow();
    expect(now.counter).toEqual({ kind: 'tries', left: 3 });
    expect(now.state).not.toBe('valid');
    for (const b of [operator.b, change.b]) expect(presented((await leftovers(b)).trace)).toEqual([]);
  });

  it('the plan carries the code only on demand (never as a value) and the run zeroes the bytes it presented', { timeout: 20_000 }, async () => {
    await insertCard(ICCID.direct, 3);
    const storage = await openStorage({ kind: 'sqlite', file: ':memory:' });
    cleanups.push(() => storage.close());
    const planFor = profilePlanFor({ file: files.csv, dataDir: dir, storage, stationId: 'st-pin' });
    const plan = await planFor({ slot: SLOT, devId: `ICCID:${ICCID.direct}`, facts: { atr: VPCD_ATR, iccid: ICCID.direct }, kind: 'card' });
    expect(plan.card).toMatchObject({ pinPolicy: 'verify', pinSource: 'csv', code: { ref: 0x01, from: `subscribers.csv, iccid ${ICCID.direct}` } });
    expect(JSON.stringify(plan)).not.toContain(PIN);
    const handedOut: Uint8Array[] = [];
    const code = plan.card!.code!;
    const watched: RunPlan = { ...plan, card: { ...plan.card!, code: { ref: code.ref, from: code.from, bytes: () => handedOut[handedOut.push(code.bytes()) - 1]! } } };
    const channel = await PcscCardChannel.connect(SECOND_READER, 'exclusive');
    try {
      const result = await writeCardRun(channel, watched, join(dir, `journals-${ICCID.direct}`));
      expect(result).toMatchObject({ written: true, checked: ['card-verified', 'card-read-as-device'] });
    } finally {
      channel.close();
    }
    expect(handedOut).toHaveLength(1);
    expect(handedOut[0]).toEqual(new Uint8Array(PIN.length));
    expect((await cardNow()).json).toContain('SIM DM Eve');
  });
});
