import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceId, DeviceSummary } from '../../src-shared/domain/device.js';
import { ProvisioningError, toSerializedError } from '../../src-shared/errors/provisioning-error.js';
import type { ByteChannel } from '../../src-shared/ports/byte-channel.js';
import type { Clock } from '../../src-shared/ports/clock.js';
import { RunBoard, type Trigger } from '../../src-shared/runs/run-board.js';
import type { RunsOverview, RunsQueued } from '../../src-shared/runs/run-status.js';
import { AuditLog } from '../audit/audit-log.js';
import type { EventBus } from '../ipc/event-bus.js';
import { holdsCard, readerNameOf, tracedReaderSlots } from '../card/reader-slots.js';
import { connectAutoRun, type AutoRun } from '../runs/auto-run.js';
import type { CableCa } from '../bootstrap/station-key.js';
import { stationId as defaultStationId } from '../platform/station-id.js';
import { RunManager } from '../runs/run-manager.js';
import type { CardLine, PlanFor, SlotResult } from '../runs/run-types.js';
import type { Storage } from '../storage/open-storage.js';
import { NO_TRACE, type TraceSink } from '../trace/trace-sink.js';
import { deviceIdOf, type DeviceRegistry } from './device-registry.js';
import type { SettingsService } from './settings-service.js';
import { approvedRunProfile, stationPlanFor, type RunProfileSource } from './station-plans.js';

/** Options of {@link RunsService}. */
export interface RunsServiceOptions {
  readonly bus: EventBus;
  readonly registry: DeviceRegistry;
  readonly settings: SettingsService;
  /** Journals go to `<dataDir>/bootstrap-journal`; without one, to a temp dir removed at close. */
  readonly dataDir: string | undefined;
  readonly clock: Clock;
  /** Opens an attached device's line (the station's `openLine`). */
  readonly openLine: (deviceId: DeviceId, signal: AbortSignal) => Promise<ByteChannel>;
  /** The station's live trace: card-reader runs report their APDUs under the reader's device id. @default none */
  readonly trace?: TraceSink;
  /** Connects to the card of a `reader:<name>` slot. @default an exclusive PC/SC connection */
  readonly connectCard?: (slot: string) => Promise<CardLine>;
  /** The storage of the run journal and audit entries, opened on the first run. */
  readonly openStorage: () => Promise<Storage>;
  /** @default the settings' `runProfile` compiled per device, else the demo bootstrap description under its digest */
  readonly planFor?: PlanFor;
  /** A library version's file and approval state (the profiles area's); without it a chosen `runProfile` is refused. */
  readonly runProfile?: RunProfileSource;
  /** Station credential key (PSKs, notification secrets, sealed station keys); never stored. */
  readonly credentialKey?: Uint8Array;
  /** The station CA for `station-key`/`device-csr` accounts, resolved when the first run starts. */
  readonly cableCa?: () => Promise<CableCa | undefined>;
  /** @default $BOOTBENCH_STATION_ID, else the host name */
  readonly stationId?: string;
  /** @default 60_000 */
  readonly bootstrapTimeoutMs?: number;
}

/** A slot waiting for (or holding) one of the service's run permits. */
interface Ticket {
  readonly slot: string;
  readonly retryOnly: boolean;
  readonly resolve: (result: SlotResult) => void;
  cancelled: boolean;
}

const autoMatch = (d: DeviceSummary): boolean => (d.kind === 'handset' && d.identity.imei !== undefined && d.identification !== 'pending') || holdsCard(d);

/** What `runs.start` and `runs.retryFailed` report for a reader without a card. */
const NO_CARD = 'no card in the reader';

/**
 * Runs in the station (docs/runs.md "Runs in the station"): one {@link RunManager} over the
 * station storage, a live concurrency limit and auto-run from the saved settings, and each slot's
 * status published as `run.progressed`.
 *
 * The service holds the permits (the manager's own limit is the settings maximum), so a changed
 * concurrency applies at once: raising it starts queued slots, lowering it lets running ones end.
 */
export class RunsService {
  readonly #o: RunsServiceOptions;
  readonly #board: RunBoard;
  readonly #queue: Ticket[] = [];
  readonly #active = new Map<string, Ticket>();
  readonly #inflight = new Map<string, Promise<SlotResult>>();
  readonly #lines = new Map<string, AbortController>();
  readonly #offSettings: () => void;
  readonly #offGuard: () => void;
  readonly #autoRun: AutoRun;
  #limit: number;
  #opened: Promise<{ manager: RunManager; storage: Storage; tempDir: string | undefined }> | undefined;
  #closed = false;

  private constructor(o: RunsServiceOptions, limit: number, autoRun: boolean) {
    this.#o = o;
    this.#limit = limit;
    this.#board = new RunBoard(o.clock, (payload) => o.bus.emit('run.progressed', payload));
    this.#autoRun = connectAutoRun(o.bus, { enqueue: (slot) => this.#enqueue(slot, 'auto', false) }, { enabled: autoRun, match: autoMatch, attached: o.registry.list() });
    this.#offSettings = o.settings.onChange((s) => {
      this.#autoRun.setEnabled(s.autoRun);
      this.#limit = s.concurrency;
      this.#pump();
    });
    // A production line runs approved profiles: choosing a version without a valid approval is refused.
    this.#offGuard = o.settings.guard(async (next, update) => {
      if (update.runProfile !== undefined && next.runProfile != null) await approvedRunProfile(this.#o.runProfile, next.runProfile);
    });
  }

  /** Opens the service with the saved concurrency and auto-run settings (storage opens on the first run). */
  static async open(o: RunsServiceOptions): Promise<RunsService> {
    const saved = await o.settings.get();
    return new RunsService(o, saved.concurrency, saved.autoRun);
  }

  /** Queues runs for devices (or every identified handset and card reader holding a card); resolves at once with what was queued. */
  start(input: { readonly deviceIds: readonly DeviceId[] } | { readonly all: true }): RunsQueued {
    const skipped: { deviceId: string; reason: string }[] = [];
    let devices: DeviceSummary[];
    if ('all' in input) {
      devices = this.#o.registry.list().filter((d) => (d.kind === 'handset' && d.identification !== 'pending') || holdsCard(d));
    } else {
      devices = [];
      const attached = new Map(this.#o.registry.list().map((d) => [d.id, d]));
      for (const id of new Set(input.deviceIds)) {
        const device = attached.get(id);
        if (device === undefined) skipped.push({ deviceId: id, reason: 'not attached' });
        else if (device.kind === 'card-reader' && !holdsCard(device)) skipped.push({ deviceId: id, reason: NO_CARD });
        else devices.push(device);
      }
    }
    for (const d of devices) void this.#enqueue(d.slot, 'manual', false);
    return { slots: devices.map((d) => d.slot), skipped };
  }

  /** Cancels a device's queued or running run; false when it had none. */
  async cancel(deviceId: DeviceId): Promise<boolean> {
    const slot = this.#o.registry.list().find((d) => d.id === deviceId)?.slot ?? this.#board.slotOf(deviceId);
    if (slot === undefined || !this.#inflight.has(slot)) return false;
    const queued = this.#queue.findIndex((t) => t.slot === slot);
    if (queued >= 0) {
      const [ticket] = this.#queue.splice(queued, 1);
      ticket?.resolve({ kind: 'cancelled', slot, devId: undefined, runId: undefined, durationMs: 0 });
      return true;
    }
    const active = this.#active.get(slot);
    if (active !== undefined) active.cancelled = true;
    this.#lines.get(slot)?.abort();
    const opened = await this.#opened;
    await opened?.manager.cancel(slot);
    return true;
  }

  /**
   * Runs again the attached slots whose last run failed or was cancelled (this station run, or in
   * the journal after a restart); the manager refuses a slot now holding a different handset.
   */
  async retryFailed(): Promise<RunsQueued> {
    const { manager } = await this.#open();
    const journalled = new Set((await manager.journal.list(['failed', 'cancelled'])).map((r) => r.slot));
    const slots: string[] = [];
    const skipped: { deviceId: string; reason: string }[] = [];
    for (const device of this.#o.registry.list()) {
      const last = this.#board.get(device.slot);
      const failed = last === undefined ? journalled.has(device.slot) : last.state === 'failed' || last.state === 'cancelled';
      if (!failed || this.#inflight.has(device.slot)) continue;
      if (device.kind === 'card-reader' && !holdsCard(device)) {
        skipped.push({ deviceId: device.id, reason: NO_CARD });
        continue;
      }
      slots.push(device.slot);
      // A run that failed before the journal knew the device (no run id) has nothing to check against.
      void this.#enqueue(device.slot, 'retry', last?.runId !== null || journalled.has(device.slot));
    }
    return { slots, skipped };
  }

  /** Each slot's current or last run, the recent ended runs and the live settings. */
  async list(): Promise<RunsOverview> {
    const settings = await this.#o.settings.get();
    return { ...this.#board.overview(), concurrency: this.#limit, autoRun: settings.autoRun };
  }

  /** Stops auto-run, cancels every run and waits for them, closes the storage. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#autoRun.dispose();
    this.#offSettings();
    this.#offGuard();
    for (const ticket of this.#queue.splice(0)) ticket.resolve({ kind: 'cancelled', slot: ticket.slot, devId: undefined, runId: undefined, durationMs: 0 });
    for (const slot of [...this.#active.keys()]) await this.cancel(this.#board.get(slot)?.deviceId ?? ('' as DeviceId)).catch(() => false);
    for (const c of this.#lines.values()) c.abort();
    await Promise.allSettled([...this.#inflight.values()]);
    const opened = await this.#opened?.catch(() => undefined);
    if (opened !== undefined) {
      await opened.storage.close();
      if (opened.tempDir !== undefined) await rm(opened.tempDir, { recursive: true, force: true });
    }
  }

  #enqueue(slot: string, trigger: Trigger, retryOnly: boolean): Promise<SlotResult> {
    const existing = this.#inflight.get(slot);
    if (existing !== undefined) return existing;
    if (this.#closed) return Promise.resolve({ kind: 'cancelled', slot, devId: undefined, runId: undefined, durationMs: 0 });
    const device = this.#o.registry.list().find((d) => d.slot === slot);
    this.#board.queued(slot, device?.id ?? null, trigger, this.#queue.length, this.#limit);
    const result = new Promise<SlotResult>((resolve) => {
      this.#queue.push({ slot, retryOnly, resolve, cancelled: false });
    }).then((r) => {
      this.#inflight.delete(slot);
      this.#board.ended(r);
      return r;
    });
    this.#inflight.set(slot, result);
    this.#pump();
    return result;
  }

  #pump(): void {
    while (this.#active.size < this.#limit && this.#queue.length > 0) {
      const ticket = this.#queue.shift();
      if (ticket === undefined) break;
      this.#active.set(ticket.slot, ticket);
      void this.#run(ticket);
    }
  }

  async #run(ticket: Ticket): Promise<void> {
    let result: SlotResult;
    try {
      const { manager } = await this.#open();
      result = ticket.cancelled ? { kind: 'cancelled', slot: ticket.slot, devId: undefined, runId: undefined, durationMs: 0 } : await manager.enqueue(ticket.slot, ticket.retryOnly);
    } catch (error) {
      result = { kind: 'failed', slot: ticket.slot, devId: undefined, runId: undefined, error: toSerializedError(error), durationMs: 0 };
    } finally {
      this.#active.delete(ticket.slot);
      this.#lines.delete(ticket.slot);
    }
    ticket.resolve(result);
    this.#pump();
  }

  #open(): Promise<{ manager: RunManager; storage: Storage; tempDir: string | undefined }> {
    this.#opened ??= this.#createManager().catch((error: unknown) => {
      this.#opened = undefined; // a storage that could not open is retried by the next run
      throw error;
    });
    return this.#opened;
  }

  async #createManager(): Promise<{ manager: RunManager; storage: Storage; tempDir: string | undefined }> {
    const o = this.#o;
    const tempDir = o.dataDir === undefined ? await mkdtemp(join(tmpdir(), 'bb-runs-')) : undefined;
    const storage = await o.openStorage();
    const stationId = o.stationId ?? defaultStationId();
    const cableCa = await o.cableCa?.();
    const manager = new RunManager({
      storage,
      stationId,
      openChannel: (slot) => this.#openChannel(slot),
      cards: tracedReaderSlots({
        trace: o.trace ?? NO_TRACE,
        deviceIdOf: (slot) => this.#o.registry.list().find((d) => d.slot === slot)?.id ?? deviceIdOf('pcsc', readerNameOf(slot)),
        signalFor: (slot) => this.#lineSignal(slot),
        ...(o.connectCard === undefined ? {} : { connect: o.connectCard }),
      }),
      planFor: o.planFor ?? stationPlanFor({ settings: o.settings, runProfile: o.runProfile, dataDir: o.dataDir, credentialKey: o.credentialKey, storage, stationId }),
      journalDir: join(o.dataDir ?? tempDir ?? tmpdir(), 'bootstrap-journal'),
      concurrency: 64, // the service's permits are the limit (see the class comment)
      bootstrapTimeoutMs: o.bootstrapTimeoutMs ?? 60_000,
      audit: new AuditLog({ store: storage.audit, clock: o.clock, station: stationId }),
      clock: o.clock,
      onProgress: (p) => this.#board.progressed(p, this.#queue.length, this.#limit),
      ...(o.credentialKey === undefined ? {} : { credentialKey: o.credentialKey }),
      ...(cableCa === undefined ? {} : { cableCa }),
    });
    return { manager, storage, tempDir };
  }

  async #openChannel(slot: string): Promise<ByteChannel> {
    const device = this.#o.registry.list().find((d) => d.slot === slot);
    if (device === undefined) throw new ProvisioningError('DEVICE_NOT_FOUND', `no device is attached on ${slot}`, { details: { slot } });
    const signal = this.#lineSignal(slot);
    const line = await this.#o.openLine(device.id, signal);
    if (signal.aborted) {
      await line.close();
      throw new ProvisioningError('CANCELLED', `the run on ${slot} was cancelled`);
    }
    return line;
  }

  /** The signal a slot's line (or card connection) is opened under: `cancel` aborts it. */
  #lineSignal(slot: string): AbortSignal {
    const controller = new AbortController();
    this.#lines.set(slot, controller);
    if (this.#active.get(slot)?.cancelled === true) controller.abort();
    return controller.signal;
  }
}
