import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ProvisioningError, toSerializedError } from '../../src-shared/errors/provisioning-error.js';
import type { ByteChannel } from '../../src-shared/ports/byte-channel.js';
import type { Clock } from '../../src-shared/ports/clock.js';
import { EtaEstimator } from '../../src-shared/runs/eta.js';
import { isTerminal, type RunEvent, type RunState } from '../../src-shared/runs/run-state.js';
import type { AuditResult } from '../../src-shared/audit/audit-entry.js';
import { runCableBootstrap, type BootstrapProgress, type CableBootstrapOptions } from '../bootstrap/cable-bootstrap.js';
import { bootstrapCompleteCheck } from './first-contact.js';
import { RunJournal, runIdOf } from './run-journal.js';
import { identifyCard, writeCardRun } from './card-run.js';
import { runAuditFacts } from './run-audit.js';
import { PHASE_OF, type Job } from './run-job.js';
import type { CardLine, RunManagerOptions, RunPlan, RunProgress, SlotResult } from './run-types.js';
import { Semaphore } from './semaphore.js';
import { identifySlot, type SlotIdentity } from './slot-identify.js';
import { systemClock } from '../platform/node-ports.js';


/**
 * Production runs (docs/runs.md): one run per device and profile version, a station-wide
 * concurrency limit, a durable journal in storage written before each state change and each
 * non-idempotent step, resume after a crash or cable pull, retry of failed runs only, progress
 * with ETA, and a first-contact check before a device is done.
 */
export class RunManager {
  readonly #o: RunManagerOptions;
  readonly #clock: Clock;
  readonly #journal: RunJournal;
  readonly #sem: Semaphore;
  readonly #eta = new EtaEstimator();
  readonly #jobs = new Map<string, Job>();
  readonly #concurrency: number;

  constructor(options: RunManagerOptions) {
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
    this.#concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
    this.#sem = new Semaphore(this.#concurrency);
    this.#journal = new RunJournal(options.storage, options.stationId, () => new Date(this.#clock.nowMs()).toISOString());
  }

  /** The durable journal (runs of this station, their states and entries). */
  get journal(): RunJournal {
    return this.#journal;
  }

  /** Slots queued or running now. */
  get activeSlots(): readonly string[] {
    return [...this.#jobs.keys()];
  }

  /** Runs every slot (at most `concurrency` at once); resolves with one result per slot, in order. */
  start(slots: readonly string[]): Promise<SlotResult[]> {
    return Promise.all(slots.map((s) => this.enqueue(s)));
  }

  /**
   * Queues one slot; a slot already queued or running is not queued twice (its pending result is
   * returned). `retryOnly`: run only if the device found on the slot has a failed or cancelled run.
   */
  enqueue(slot: string, retryOnly = false): Promise<SlotResult> {
    const existing = this.#jobs.get(slot);
    if (existing !== undefined) return existing.result;
    const job: Job = { slot, retryOnly, cancelled: false, channel: undefined, phase: undefined, phaseStartedMs: 0, result: Promise.resolve(undefined as never) };
    const result = this.#runJob(job).finally(() => this.#jobs.delete(slot));
    Object.assign(job, { result });
    this.#jobs.set(slot, job);
    return result;
  }

  /** Cancels a slot's run: a queued run never starts, a running one loses its line. Returns false when none. */
  async cancel(slot: string): Promise<boolean> {
    const job = this.#jobs.get(slot);
    if (job === undefined) return false;
    job.cancelled = true;
    await this.#closeLines(job);
    return true;
  }

  /** Runs again only the runs of this station that failed (or were cancelled), on their slots. */
  async retryFailed(): Promise<SlotResult[]> {
    const failed = await this.#journal.list(['failed', 'cancelled']);
    const slots = [...new Set(failed.map((r) => r.slot).filter((s): s is string => s !== null))];
    return Promise.all(slots.map((s) => this.enqueue(s, true)));
  }

  /**
   * After a restart: runs left mid-way (identifying … first-contact, or queued) go back to the queue
   * and run again on their slots; the journal and the device's own state make the resumed run skip
   * what is done. Returns the slots resumed (the runs' results arrive through `enqueue`).
   */
  async resume(): Promise<{ readonly slots: readonly string[]; readonly results: Promise<SlotResult[]> }> {
    const open = await this.#journal.list(['queued', 'identifying', 'bootstrapping', 'first-contact']);
    const slots = [...new Set(open.map((r) => r.slot).filter((s): s is string => s !== null))];
    return { slots, results: this.start(slots) };
  }

  async #runJob(job: Job): Promise<SlotResult> {
    const started = this.#clock.monotonicMs();
    const took = (): number => this.#clock.monotonicMs() - started;
    this.#progress(job, 'queued', null, null, null);
    const release = await this.#sem.acquire();
    let devId: string | undefined;
    let runId: string | undefined;
    let known: { identity: SlotIdentity; profileVersion: string } | undefined;
    try {
      if (job.cancelled) return { kind: 'cancelled', slot: job.slot, devId, runId, durationMs: took() };
      this.#enter(job, 'identifying');
      this.#progress(job, 'identifying', null, null, null);
      await mkdir(this.#o.journalDir, { recursive: true });
      const cards = this.#o.cards?.isCardSlot(job.slot) === true ? this.#o.cards : undefined;
      let line: { readonly kind: 'cable'; readonly channel: ByteChannel } | { readonly kind: 'card'; readonly card: CardLine };
      let identity: SlotIdentity;
      if (cards !== undefined) {
        const card = await cards.open(job.slot);
        job.card = card;
        line = { kind: 'card', card };
        identity = await identifyCard(card);
      } else {
        const channel = await this.#o.openChannel(job.slot);
        job.channel = channel;
        line = { kind: 'cable', channel };
        identity = await identifySlot(channel);
      }
      devId = identity.devId;
      const plan = await this.#o.planFor({ slot: job.slot, devId, facts: identity.facts, kind: line.kind === 'card' ? 'card' : 'handset' });
      if (job.retryOnly) {
        const before = await this.#journal.get(runIdOf(plan.profileVersion, devId));
        if (before === undefined) throw new ProvisioningError('INVALID_REQUEST', `the device on ${job.slot} (${devId}) has no failed run to retry; start a run for it instead`);
      }
      const { run, created } = await this.#journal.open(devId, plan.profileVersion, job.slot, identity.facts);
      runId = run.id;
      known = { identity, profileVersion: plan.profileVersion };
      if (run.state === 'done') {
        // Done but unconfirmed: the station saw BootstrapComplete, but the device lost power before
        // it committed `complete` (it stays `bootstrapped` and repeats BootstrapComplete at its
        // next link-up). Let it, so the device converges too; nothing is applied or issued again.
        if (line.kind === 'cable' && identity.deviceState === 'bootstrapped') await this.#confirm(job, line.channel, run.id, devId, plan);
        else await this.#closeLines(job);
        await this.#markDone(run.id, identity, job.slot, plan.profileVersion, started); // repairs a done marker a crash lost
        return { kind: 'already-done', slot: job.slot, devId, runId, durationMs: took() };
      }
      if (!created) await this.#reopen(run.id, run.state);
      await this.#step(job, run.id, devId, { kind: 'identified' });
      await this.#audit(identity, job.slot, plan.profileVersion, 'run.identified', 'ok', null, started, { runId: run.id });
      const { identity: serial, reused } = await this.#journal.identityFor(run.id, devId, 'serial');
      await this.#audit(identity, job.slot, plan.profileVersion, 'run.identity', 'ok', null, started, { serial: serial.text, reused });
      await this.#journal.record(run.id, 'bootstrap', 'intent');
      const outcome = line.kind === 'card' ? await this.#cardStep(job, line.card, run.id, devId, identity, plan, started) : await this.#cableStep(job, line.channel, run.id, devId, identity, plan, started);
      await this.#journal.record(run.id, 'first-contact', 'done', { checked: outcome.checked });
      await this.#markDone(run.id, identity, job.slot, plan.profileVersion, started);
      this.#enter(job, 'done');
      this.#progress(job, 'done', run.id, devId, null);
      return { kind: 'done', slot: job.slot, devId, runId: run.id, identity: serial.text, resumed: !created || outcome.resumed, checked: outcome.checked, durationMs: took() };
    } catch (error) {
      const e = toSerializedError(error);
      const state: RunState = job.cancelled ? 'cancelled' : 'failed';
      if (runId !== undefined) {
        const run = await this.#journal.get(runId).catch(() => undefined);
        if (run !== undefined && !isTerminal(run.state)) {
          await this.#journal.record(runId, 'run.error', 'failed', { code: e.code, message: e.message }).catch(() => undefined);
          const event: RunEvent = job.cancelled ? { kind: 'cancel' } : { kind: 'fail', code: e.code };
          await this.#journal.transition(runId, event, `${e.code}: ${e.message}`).catch(() => undefined);
          if (known !== undefined) await this.#audit(known.identity, job.slot, known.profileVersion, 'run.finish', 'fail', e.code, started, { runId, state }).catch(() => undefined);
        }
      }
      this.#progress(job, state, runId ?? null, devId ?? null, null);
      if (job.cancelled) return { kind: 'cancelled', slot: job.slot, devId, runId, durationMs: took() };
      return { kind: 'failed', slot: job.slot, devId, runId, error: e, durationMs: took() };
    } finally {
      release();
      await this.#closeLines(job);
    }
  }

  /** The cable bootstrap of a handset slot, then its first-contact check. */
  async #cableStep(job: Job, channel: ByteChannel, runId: string, devId: string, identity: SlotIdentity, plan: RunPlan, started: number): Promise<{ readonly checked: readonly string[]; readonly resumed: boolean }> {
    const result = await this.#cableBootstrap(job, channel, runId, devId, plan, 'bootstrapping');
    if (result.kind !== 'completed') {
      const error = result.kind === 'refused' ? new ProvisioningError('INVALID_REQUEST', `the device refused the bootstrap (statuses ${result.statuses.join(', ')})`, { details: { statuses: result.statuses.map(String) } }).toSerialized() : result.error;
      await this.#journal.record(runId, 'bootstrap', 'failed', { kind: result.kind, code: error.code });
      throw new ProvisioningError(error.code, error.message, { retryable: error.retryable, ...(error.details === undefined ? {} : { details: error.details }) });
    }
    await this.#journal.record(runId, 'bootstrap', 'done', { attempt: result.attempt, resumed: result.resumed });
    await this.#audit(identity, job.slot, plan.profileVersion, 'run.bootstrap', 'ok', null, started, { attempt: result.attempt, resumed: result.resumed, instances: result.instances.length }, result.credentials.map((c) => `${c.kind}:${c.miid}:${c.fingerprint}`));
    await this.#step(job, runId, devId, { kind: 'bootstrapped' });
    const check = await (this.#o.firstContact ?? bootstrapCompleteCheck)({ devId, spec: plan.spec, bootstrap: result });
    if (check.kind === 'failed') throw new ProvisioningError(check.error.code, check.error.message, { retryable: check.error.retryable });
    return { checked: check.checked, resumed: result.resumed };
  }

  /** One cable bootstrap of the job's handset under the run's plan, its steps reported as `state`. */
  #cableBootstrap(job: Job, channel: ByteChannel, runId: string, devId: string, plan: RunPlan, state: 'bootstrapping' | 'done'): ReturnType<typeof runCableBootstrap> {
    return runCableBootstrap({
      channel,
      spec: plan.spec,
      journalDir: this.#o.journalDir,
      timeoutMs: this.#o.bootstrapTimeoutMs ?? 60_000,
      ...this.#credentialOptions(plan.profileVersion),
      onProgress: (p: BootstrapProgress) => {
        if (p.kind === 'step') this.#progress(job, state, runId, devId, p.step);
      },
    });
  }

  /** The EF(DM_Bootstrap) write of a card-reader slot; reading it back as a device is its first contact. */
  async #cardStep(job: Job, card: CardLine, runId: string, devId: string, identity: SlotIdentity, plan: RunPlan, started: number): Promise<{ readonly checked: readonly string[]; readonly resumed: boolean }> {
    this.#progress(job, 'bootstrapping', runId, devId, 'card-write');
    const result = await writeCardRun(card, plan, join(this.#o.journalDir, 'cards'));
    await this.#journal.record(runId, 'bootstrap', 'done', { generation: result.generation, written: result.written });
    await this.#audit(identity, job.slot, plan.profileVersion, 'run.bootstrap', 'ok', null, started, { generation: result.generation, written: result.written }, [`card-body:${result.bodySha256}`]);
    await this.#step(job, runId, devId, { kind: 'bootstrapped' });
    return { checked: result.checked, resumed: !result.written };
  }

  /** Closes whatever line a job holds (a handset's channel, a reader's card connection). */
  async #closeLines(job: Job): Promise<void> {
    await job.channel?.close().catch(() => undefined);
    try {
      job.card?.close();
    } catch {
      // the reader is gone already: nothing left to close
    }
    job.card = undefined;
  }

  /**
   * Lets a `bootstrapped` device of a done run send its BootstrapComplete again (the cable
   * bootstrap only waits for it: the device is past factory state) and journals that it did.
   */
  async #confirm(job: Job, channel: ByteChannel, runId: string, devId: string, plan: RunPlan): Promise<void> {
    await this.#journal.record(runId, 'bootstrap.confirm', 'intent');
    const result = await this.#cableBootstrap(job, channel, runId, devId, plan, 'done');
    if (result.kind !== 'completed') {
      const error = result.kind === 'failed' ? result.error : { code: 'PROTOCOL_VIOLATION' as const, message: 'the device refused', retryable: true };
      await this.#journal.record(runId, 'bootstrap.confirm', 'failed', { code: error.code });
      throw new ProvisioningError(error.code, `the device of done run ${runId} did not confirm its bootstrap: ${error.message}`, { retryable: true });
    }
    await this.#journal.record(runId, 'bootstrap.confirm', 'done', { attempt: result.attempt });
  }

  /** What the cable bootstrap needs to issue credentials (key, CA, the profile version for the CA registry). */
  #credentialOptions(profileVersion: string): Pick<CableBootstrapOptions, 'credentialKey' | 'cableCa' | 'profileVersion'> {
    return { profileVersion, ...(this.#o.credentialKey === undefined ? {} : { credentialKey: this.#o.credentialKey }), ...(this.#o.cableCa === undefined ? {} : { cableCa: this.#o.cableCa }) };
  }

  /** Brings an existing unfinished run back to `identifying` (resume or retry), checked. */
  async #reopen(runId: string, state: RunState): Promise<void> {
    if (state === 'failed' || state === 'cancelled') await this.#journal.transition(runId, { kind: 'retry' });
    else if (state !== 'queued') await this.#journal.transition(runId, { kind: 'resume' });
    await this.#journal.transition(runId, { kind: 'start' });
  }

  async #step(job: Job, runId: string, devId: string, event: RunEvent): Promise<void> {
    const next = await this.#journal.transition(runId, event);
    this.#enter(job, next);
    this.#progress(job, next, runId, devId, null);
  }

  /**
   * Marks a run done exactly once: the row becomes `done` (one checked transition), then one
   * `run.done` entry and one `run.finish` audit entry are written unless the journal has them.
   */
  async #markDone(runId: string, identity: SlotIdentity, slot: string, profileVersion: string, started: number): Promise<void> {
    const run = await this.#journal.get(runId);
    if (run !== undefined && run.state !== 'done') await this.#journal.transition(runId, { kind: 'first-contact-ok' });
    if (await this.#journal.has(runId, 'run.done')) return;
    await this.#audit(identity, slot, profileVersion, 'run.finish', 'ok', null, started, { runId });
    await this.#journal.record(runId, 'run.done', 'done');
  }

  #enter(job: Job, state: RunState): void {
    const phase = PHASE_OF[state];
    const now = this.#clock.monotonicMs();
    if (job.phase !== undefined && job.phase !== phase) this.#eta.observe(job.phase, now - job.phaseStartedMs);
    job.phase = phase;
    job.phaseStartedMs = now;
  }

  #progress(job: Job, state: RunState, runId: string | null, devId: string | null, step: string | null): void {
    if (this.#o.onProgress === undefined) return;
    const now = this.#clock.monotonicMs();
    const remaining = (j: Job): number => (j.phase === undefined ? this.#eta.runMs() : this.#eta.slotRemainingMs(j.phase, now - j.phaseStartedMs));
    const jobs = [...this.#jobs.values()];
    const activeJobs = jobs.filter((j) => j.phase !== undefined);
    const etaMs = isTerminal(state) ? 0 : remaining(job);
    const batchEtaMs = this.#eta.batchRemainingMs(activeJobs.map(remaining), jobs.length - activeJobs.length, this.#concurrency);
    const progress: RunProgress = { slot: job.slot, runId, devId, state, step, etaMs: Math.round(etaMs), batchEtaMs: Math.round(batchEtaMs), atMs: this.#clock.nowMs() };
    this.#o.onProgress(progress);
  }

  async #audit(identity: SlotIdentity, slot: string, profileVersion: string, step: string, result: AuditResult, error: string | null, started: number, data: Record<string, string | number | boolean>, fingerprints: readonly string[] = []): Promise<void> {
    await this.#o.audit?.append(runAuditFacts(this.#o.stationId, this.#clock, { identity, slot, profileVersion, step, result, error, started, data, fingerprints }));
  }
}
