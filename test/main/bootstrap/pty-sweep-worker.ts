// One process of the pty hang-up sweep (hangup-sweep-pty.test.ts bundles this file with esbuild
// and forks it once per core): sweeps the offsets it is sent over real socat pty pairs and sends
// back one record per offset. Both the station and the simulator run here, as in the test.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseBootstrapSpec } from '../../../src-shared/bootstrap/bootstrap-spec.js';
import { devIdOf } from '../../../src-shared/bootstrap/factory-tree.js';
import { simIdentity } from '../../../src-main/sim/sim-identity.js';
import { BootstrapJournal, type JournalRecord } from '../../../src-main/bootstrap/journal.js';
import { MemoryStateStore } from '../../../src-main/sim/state-store.js';
import { startSocatSpawner } from '../../support/socat.js';
import { ptyAttempt } from './pty-attempt.js';
import { checkInvariant } from './sweep-harness.js';

/** What the test sends each worker. */
export interface SweepJob {
  readonly specText: string;
  readonly journalBase: string;
  readonly offsets: readonly number[];
  readonly lanes: number;
}

/** One offset's outcome. */
export interface OffsetRecord {
  readonly offset: number;
  /** Hang-up (simulator) to failure (station), when the station failed on the cut. */
  readonly detectMs?: number;
  /** The cut came after the last byte the station needed: it completed anyway. */
  readonly completedDespiteCut?: boolean;
  /** Why the first reconnect failed while identifying (it was plugged in once more). */
  readonly reidentified?: string;
  /**
   * The first read of the journal after the reconnect was not whole (seen once in CI: "Unexpected
   * end of JSON input", although every write is temp-file + fsync + rename); a second read was.
   * Counted and bounded by the test; the file itself was never found torn.
   */
  readonly tornRead?: string;
  /** The offset lay past the bytes this run sent the device (no cut happened). */
  readonly pastEnd?: boolean;
  /** Duration of the reconnect's bootstrap, when it completed. */
  readonly reconnectMs?: number;
  readonly problems: readonly string[];
}

/** The device's journal after the reconnect, read as the station reads it (typed errors). */
async function readJournal(dir: string, devId: string): Promise<{ record: JournalRecord; tornRead?: string; problem?: undefined } | { problem: string }> {
  const once = async (): Promise<JournalRecord | string> => {
    try {
      return (await BootstrapJournal.read(dir, devId)) ?? 'no journal after the reconnect';
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };
  const first = await once();
  if (typeof first !== 'string') return { record: first };
  const second = await once();
  if (typeof second === 'string') return { problem: `journal unreadable: ${first}; again: ${second}` };
  return { record: second, tornRead: first };
}

async function sweep(job: SweepJob): Promise<OffsetRecord[]> {
  const parsed = parseBootstrapSpec(job.specText);
  if (!parsed.ok) throw parsed.error;
  // The enterprise account's Auth/Trsp is issued by the station (a non-idempotent step: issued once).
  const spec = { ...parsed.value, accounts: parsed.value.accounts.map((a) => (a.miid === 'enterprise' ? { ...a, issueTrspSecret: true, account: { ...a.account, auth: {} } } : a)) };
  const key = new Uint8Array(32).fill(7);
  const devId = devIdOf(simIdentity(7).imei);
  const spawner = await startSocatSpawner();
  const records: OffsetRecord[] = [];
  const one = async (offset: number): Promise<OffsetRecord> => {
    const problems: string[] = [];
    const journalDir = join(job.journalBase, `o${offset}`);
    await mkdir(journalDir);
    const store = new MemoryStateStore();
    const cut = await ptyAttempt(await spawner.hangupPair(), spec, store, journalDir, offset, key);
    let detectMs: number | undefined;
    let completedDespiteCut = false;
    const c = cut.result;
    // The device-bound byte count varies by a few bytes between runs (a wake `AT` lost on a fresh
    // port or not): an offset past what this run sent is no cut at all — recorded as such, and the
    // test bounds how close to the end such offsets may be.
    const pastEnd = cut.hangupAtEpochMs === undefined && c.kind === 'completed' && cut.received <= offset;
    if (pastEnd) {
      // no cut happened: the invariant and the reconnect below still hold
    } else if (cut.hangupAtEpochMs === undefined) problems.push(`the simulator never hung up (station: ${c.kind}${c.kind === 'failed' ? ` at ${c.stage}: ${c.error.code} ${c.error.message}` : ''})`);
    else if (cut.result.kind === 'failed') detectMs = cut.result.failedAtEpochMs - cut.hangupAtEpochMs;
    else if (cut.result.kind === 'completed') completedDespiteCut = true;
    else problems.push(`cut attempt ${cut.result.kind}`);
    // Nothing partial, nothing falsely done (device state, tree content and station journal agree).
    const broken = await checkInvariant(spec, store, journalDir, devId);
    if (broken !== undefined) problems.push(broken);
    let again = await ptyAttempt(await spawner.hangupPair(), spec, store, journalDir, undefined, key);
    // A reconnect that failed while identifying the handset (before anything was issued or sent)
    // is plugged in once more, as a line would; how many needed it is counted and bounded by the test.
    let reidentified: string | undefined;
    let firstTryMs = 0;
    if (again.result.kind === 'failed' && again.result.stage === 'identify') {
      reidentified = `${again.result.error.code} ${again.result.error.message}`;
      firstTryMs = again.result.durationMs;
      const retry = await ptyAttempt(await spawner.hangupPair(), spec, store, journalDir, undefined, key);
      again = { ...retry, events: [...again.events, ...retry.events] };
    }
    const r = again.result;
    if (r.kind !== 'completed') problems.push(`reconnect ${r.kind}${r.kind === 'failed' ? ` at ${r.stage}: ${r.error.code} ${r.error.message}` : ''}`);
    // Non-idempotent steps: the apply (exactly one 'bootstrapped' commit over both attempts) and
    // the issued credential (one `credential-issued` step and fingerprint in the journal).
    const applies = [...cut.events, ...again.events].filter((e) => e.kind === 'committed' && e.bootstrap === 'bootstrapped').length;
    if (applies !== 1) problems.push(`bootstrap applied ${applies} times`);
    const read = await readJournal(journalDir, devId);
    if (read.problem !== undefined) return { offset, problems: [...problems, read.problem] };
    const journal = read.record;
    const issued = journal.steps.filter((st) => st.step === 'credential-issued').length;
    if (issued !== 1 || journal.credentials.length !== 1) problems.push(`credential issued ${issued} times (${journal.credentials.length} fingerprints)`);
    if (!journal.done) problems.push('journal not done after the reconnect');
    const final = await store.load();
    if (final?.bootstrap !== 'complete' || final.generation !== 3) problems.push(`final state ${final?.bootstrap} generation ${final?.generation}`);
    return { offset, problems, ...(detectMs === undefined ? {} : { detectMs }), ...(completedDespiteCut ? { completedDespiteCut } : {}), ...(pastEnd ? { pastEnd } : {}), ...(reidentified === undefined ? {} : { reidentified }), ...(read.tornRead === undefined ? {} : { tornRead: read.tornRead }), ...(r.kind === 'completed' ? { reconnectMs: firstTryMs + r.durationMs } : {}) };
  };
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < job.offsets.length) records.push(await one(job.offsets[next++]!));
  };
  try {
    await Promise.all(Array.from({ length: job.lanes }, lane));
  } finally {
    await spawner.stop();
  }
  return records;
}

process.once('message', (job: SweepJob) => {
  sweep(job).then(
    (records) => process.send?.({ records }, () => process.disconnect()),
    (error: unknown) => process.send?.({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () => process.disconnect()),
  );
});
