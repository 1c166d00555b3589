import type { DeviceId, DeviceIdentity, DeviceKind, DeviceSummary, DeviceTransport } from '../../src-shared/domain/device.js';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { ByteChannel } from '../../src-shared/ports/byte-channel.js';
import type { Random } from '../../src-shared/ports/clock.js';
import type { Result } from '../../src-shared/util/result.js';
import type { DeviceRegistry } from '../services/device-registry.js';
import type { ProbeMethod } from '../transports/usb/device-kinds.js';
import { identifyChannel, within, type Identification, type IdentifyOptions } from './identify.js';
import { ProbePool, type ProbePoolOptions } from './probe-pool.js';
import type { SlotNames } from './slot-names.js';

/** A port a source (serial watcher, USB bus, TCP config) reports; discovery identifies it. */
export interface CandidatePort {
  readonly id: DeviceId;
  /** Physical slot key (tty path, `usb:1-2.3`, `tcp:host:port`). */
  readonly slot: string;
  readonly transport: DeviceTransport;
  /** Label until identification says better. */
  readonly label: string;
  /** What the source already knows (e.g. from the USB catalog). */
  readonly kind: DeviceKind;
  readonly path?: string;
  readonly identity: DeviceIdentity;
  /** Which probe to try first; `none` never probes (e.g. card readers). */
  readonly probe: ProbeMethod;
  /**
   * Probe as soon as the port appears. `false` waits for an explicit `identify` (ports that may
   * be something else, e.g. a platform UART that is the machine's console). @default true
   */
  readonly autoProbe?: boolean;
  /** The label stays after identification (built-in handsets keep the name they were plugged in with). */
  readonly fixedLabel?: boolean;
  /** Opens the port for probing; the prober closes it again. */
  open(signal: AbortSignal): Promise<ByteChannel>;
}

/** Options of {@link Discovery}. */
export interface DiscoveryOptions {
  readonly registry: DeviceRegistry;
  readonly slotNames: SlotNames;
  readonly clock: () => number;
  readonly random: Random;
  /** @default { concurrency: 4, timeoutMs: 5000 } */
  readonly pool?: ProbePoolOptions;
  /** Probe timing (link/AT timeouts). */
  readonly identify?: Omit<IdentifyOptions, 'random' | 'signal' | 'order'>;
  /** `false` attaches ports without identifying them. @default true */
  readonly probing?: boolean;
}

interface PortEntry {
  readonly candidate: CandidatePort;
  readonly attachedAtMs: number;
  /** The last identification that got an answer (kept when a later probe finds the port busy). */
  found?: Identification;
}

/**
 * Turns candidate ports into identified device records with stable, user-renamable slot names.
 *
 * A port is attached at once (`identification: 'pending'`), then probed in the {@link ProbePool}
 * (bounded, per-port deadline); the result re-attaches the record with kind and identity, which
 * the registry publishes as `device.attached` for the same id (an upsert). A port that goes away
 * cancels its probe; a probe's late result for a port that left is dropped.
 */
export class Discovery {
  readonly #ports = new Map<DeviceId, PortEntry>();
  readonly #pool: ProbePool;
  /** The running identification of each port (what `identify` joins instead of restarting). */
  readonly #probes = new Map<DeviceId, Promise<Result<Identification, ProvisioningError>>>();
  /** Probe bodies still holding a port open (an aborted probe may take a moment to close it). */
  readonly #holders = new Map<DeviceId, Promise<unknown>>();

  constructor(private readonly options: DiscoveryOptions) {
    this.#pool = new ProbePool(options.pool);
  }

  /** The slot-name store. */
  get slotNames(): SlotNames {
    return this.options.slotNames;
  }

  /** A source saw a port appear: record it now, identify it in the background. */
  portAppeared(candidate: CandidatePort): void {
    const entry: PortEntry = { candidate, attachedAtMs: this.options.clock() };
    this.#ports.set(candidate.id, entry);
    const probing = this.options.probing !== false && candidate.probe !== 'none' && candidate.autoProbe !== false;
    this.options.registry.attach(this.#summary(entry, probing ? { identification: 'pending' } : {}));
    if (probing) void this.#startProbe(entry);
  }

  /** A source saw a port go: cancel its probe and detach it. */
  portGone(id: DeviceId): void {
    this.#pool.cancel(id);
    this.#ports.delete(id);
    this.options.registry.detach(id);
  }

  /** Ids of discovered ports of one transport. */
  idsOf(transport: DeviceTransport): DeviceId[] {
    return [...this.#ports.values()].filter((e) => e.candidate.transport === transport).map((e) => e.candidate.id);
  }

  /**
   * Identifies a device again and resolves with its updated record; devices discovery does not
   * own (simulated handsets) are returned as they are.
   *
   * @throws ProvisioningError `DEVICE_BUSY` when the port is held (e.g. by a run); the record then
   *   keeps its earlier identification.
   */
  async identify(id: DeviceId): Promise<DeviceSummary> {
    const entry = this.#ports.get(id);
    if (entry === undefined) return this.options.registry.get(id);
    if (entry.candidate.probe === 'none' || this.options.probing === false) return this.options.registry.get(id);
    const running = this.#probes.get(id);
    let result: Result<Identification, ProvisioningError>;
    if (running !== undefined) result = await running;
    else {
      this.options.registry.attach({ ...this.options.registry.get(id), identification: 'pending' });
      result = await this.#startProbe(entry);
    }
    if (!result.ok && result.error.code === 'DEVICE_BUSY') throw result.error;
    return this.options.registry.get(id);
  }

  /** Names a slot (blank clears) and re-publishes every attached device in it. */
  async renameSlot(slot: string, name: string): Promise<{ slot: string; name: string | null }> {
    const stored = await this.options.slotNames.set(slot, name);
    for (const device of this.options.registry.list()) {
      if (device.slot !== slot) continue;
      const { slotName: _old, ...rest } = device;
      this.options.registry.attach(stored === undefined ? rest : { ...rest, slotName: stored });
    }
    return { slot, name: stored ?? null };
  }

  /**
   * Opens a discovered port for work (a run, a tree read, a push): waits until no probe holds it,
   * then opens it through its source. The caller closes the channel.
   *
   * @throws ProvisioningError `NOT_FOUND` for an unknown or departed port; `DEVICE_BUSY` when a
   *   probe does not let go in time.
   */
  async openLine(id: DeviceId, signal: AbortSignal): Promise<ByteChannel> {
    const entry = this.#ports.get(id);
    if (entry === undefined) throw new ProvisioningError('NOT_FOUND', `no port ${id} is attached`, { details: { deviceId: id } });
    this.#pool.cancel(id);
    const holder = this.#holders.get(id);
    if (holder !== undefined) await within(holder, 2000).catch(() => {
      throw new ProvisioningError('DEVICE_BUSY', `port ${entry.candidate.slot} is still held by its identification`, { retryable: true });
    });
    if (this.#ports.get(id) !== entry) throw new ProvisioningError('NOT_FOUND', `port ${entry.candidate.slot} went away`, { details: { deviceId: id } });
    return entry.candidate.open(signal);
  }

  /** The physical slot key of a discovered port. */
  slotOf(id: DeviceId): string | undefined {
    return this.#ports.get(id)?.candidate.slot;
  }

  /** Cancels every probe. */
  close(): void {
    this.#pool.close();
  }

  #startProbe(entry: PortEntry): Promise<Result<Identification, ProvisioningError>> {
    const id = entry.candidate.id;
    const probe = this.#probe(entry).finally(() => {
      if (this.#probes.get(id) === probe) this.#probes.delete(id);
    });
    this.#probes.set(id, probe);
    return probe;
  }

  async #probe(entry: PortEntry): Promise<Result<Identification, ProvisioningError>> {
    const { candidate } = entry;
    const order: ('link' | 'at')[] = candidate.probe === 'at' ? ['at', 'link'] : ['link', 'at'];
    const result = await this.#pool.run(candidate.id, async (signal) => {
      // One opener per port: let an aborted earlier probe close it first (bounded: it may hang).
      const previous = this.#holders.get(candidate.id);
      if (previous !== undefined) await within(previous, 1000).catch(() => undefined);
      const body = this.#identifyOn(candidate, order, signal);
      this.#holders.set(candidate.id, body);
      try {
        return await body;
      } finally {
        if (this.#holders.get(candidate.id) === body) this.#holders.delete(candidate.id);
      }
    });
    if (this.#ports.get(candidate.id) !== entry) return result; // gone or replaced meanwhile
    if (!result.ok && result.error.code === 'CANCELLED') return result; // superseded by a newer probe
    // A port busy with a run says nothing new about the device: keep what was found before.
    const busy = !result.ok && result.error.code === 'DEVICE_BUSY';
    const found: Identification = result.ok ? result.value : busy && entry.found !== undefined ? entry.found : { method: 'none', reason: result.error.message };
    if (found.method !== 'none') entry.found = found;
    this.options.registry.attach(this.#identified(entry, found));
    return result;
  }

  async #identifyOn(candidate: CandidatePort, order: ('link' | 'at')[], signal: AbortSignal): Promise<Identification> {
    if (signal.aborted) throw new ProvisioningError('CANCELLED', 'Probe cancelled');
    const channel = await candidate.open(signal);
    try {
      if (signal.aborted) throw new ProvisioningError('CANCELLED', 'Probe cancelled');
      return await identifyChannel(channel, { ...this.options.identify, random: this.options.random, order, signal });
    } finally {
      await channel.close();
    }
  }

  #summary(entry: PortEntry, extra: Partial<DeviceSummary>): DeviceSummary {
    const c = entry.candidate;
    const slotName = this.options.slotNames.get(c.slot);
    return {
      id: c.id,
      slot: c.slot,
      ...(slotName === undefined ? {} : { slotName }),
      label: c.label,
      transport: c.transport,
      kind: c.kind,
      ...(c.path === undefined ? {} : { path: c.path }),
      identity: c.identity,
      attachedAtMs: entry.attachedAtMs,
      ...extra,
    };
  }

  #identified(entry: PortEntry, found: Identification): DeviceSummary {
    if (found.method === 'none') return this.#summary(entry, { identification: 'none' });
    const identity = { ...entry.candidate.identity, ...found.identity };
    const name = [identity.manufacturer, identity.model].filter((p) => p !== undefined && p !== '').join(' ');
    const handset = found.method === 'link' || found.linkCapable;
    const kind: DeviceKind = entry.candidate.kind !== 'unknown' ? entry.candidate.kind : handset ? 'handset' : 'modem';
    return this.#summary(entry, { identification: found.method, identity, kind, label: name === '' || entry.candidate.fixedLabel === true ? entry.candidate.label : name.slice(0, 200) });
  }
}
