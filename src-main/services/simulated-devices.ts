import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceId, DeviceSummary } from '../../src-shared/domain/device.js';
import { ProvisioningError } from '../../src-shared/errors/index.js';
import type { AbortSignalLike } from '../../src-shared/ports/abort.js';
import type { ByteChannel, ChannelCloseReason } from '../../src-shared/ports/byte-channel.js';
import type { CandidatePort, Discovery } from '../discovery/discovery.js';
import type { LineFaults } from '../sim/fault-channel.js';
import { memoryChannelPair } from '../sim/memory-channel.js';
import { SimDevice } from '../sim/sim-device.js';
import { simIdentity } from '../sim/sim-identity.js';
import { FileStateStore, MemoryStateStore, type StateStore } from '../sim/state-store.js';
import { deviceIdOf, type DeviceRegistry } from './device-registry.js';

/** Options of {@link SimulatedDevices}. */
export interface SimulatedDevicesOptions {
  readonly registry: DeviceRegistry;
  readonly discovery: Discovery;
  /** Handset MO stores persist under `<dataDir>/sim/` (in memory, for the station run, without one). */
  readonly dataDir?: string | undefined;
}

/** One built-in handset: its identity seed, MO store, line faults and the lines open to it. */
interface Handset {
  readonly seed: number;
  readonly store: StateStore;
  faults: LineFaults | undefined;
  readonly lines: Set<ByteChannel>;
  readonly running: Set<Promise<unknown>>;
}

/**
 * Built-in simulated handsets: the demo device a new user sees, and a line trainer.
 *
 * Each one is a real {@link SimDevice} (AT identity, Bootbench link, DM 2.0 client, MO store that
 * lasts the station run, or files under `<dataDir>/sim/`). It is a candidate port of discovery
 * whose `open()` plugs a fresh in-memory cable into the handset, so the station identifies it with
 * the real probe and a run bootstraps it like a handset on a serial port.
 */
export class SimulatedDevices {
  #next = 1;
  readonly #handsets = new Map<DeviceId, Handset>();

  constructor(private readonly o: SimulatedDevicesOptions) {}

  /** Plugs in one simulated handset; returns its record (identification follows as `device.attached`). */
  attach(label?: string): DeviceSummary {
    const n = this.#next++;
    const slot = `sim-${n}`;
    const id = deviceIdOf('simulated', slot);
    const identity = simIdentity(n);
    if (this.o.dataDir !== undefined) mkdirSync(join(this.o.dataDir, 'sim'), { recursive: true, mode: 0o700 });
    const handset: Handset = {
      seed: n,
      store: this.o.dataDir === undefined ? new MemoryStateStore() : new FileStateStore(join(this.o.dataDir, 'sim', `${slot}.json`)),
      faults: undefined,
      lines: new Set(),
      running: new Set(),
    };
    this.#handsets.set(id, handset);
    const candidate: CandidatePort = {
      id,
      slot,
      transport: 'simulated',
      label: label ?? `Simulated handset ${n}`,
      kind: 'handset',
      identity: { manufacturer: identity.manufacturer, model: identity.model, imei: identity.imei },
      probe: 'at',
      fixedLabel: true,
      open: () => Promise.resolve(this.#plug(handset)),
    };
    this.o.discovery.portAppeared(candidate);
    return this.o.registry.get(id);
  }

  /** Unplugs a simulated handset (its open lines drop); other transports' devices are refused. */
  detach(id: DeviceId): void {
    const device = this.o.registry.get(id);
    if (device.transport !== 'simulated') {
      throw new ProvisioningError('INVALID_REQUEST', 'Only simulated devices can be unplugged from the station', { details: { deviceId: id } });
    }
    const handset = this.#handsets.get(id);
    this.#handsets.delete(id);
    this.o.discovery.portGone(id);
    for (const line of handset?.lines ?? []) void line.close();
  }

  /**
   * Line faults for the next cables plugged into a handset (e.g. a hang-up at byte N); `undefined`
   * clears them. For tests, benchmarks and line training; not part of the contract.
   */
  setFaults(id: DeviceId, faults: LineFaults | undefined): void {
    const handset = this.#handsets.get(id);
    if (handset === undefined) throw new ProvisioningError('DEVICE_NOT_FOUND', `no simulated handset ${id}`);
    handset.faults = faults;
  }

  /** Waits until every simulated handset has finished with its lines (commits reached the store). */
  async close(): Promise<void> {
    const all = [...this.#handsets.values()];
    for (const h of all) for (const line of h.lines) await line.close();
    await Promise.all(all.flatMap((h) => [...h.running]));
  }

  /** Connects a new cable: the handset runs on one end until the line closes; the station gets the other. */
  #plug(handset: Handset): ByteChannel {
    const [station, device] = memoryChannelPair();
    const sim = new SimDevice({ channel: new ReceiveBuffer(device), store: handset.store, identity: simIdentity(handset.seed), seed: handset.seed, ...(handset.faults === undefined ? {} : { faults: handset.faults }) });
    const running = sim.run().catch(() => undefined);
    handset.running.add(running);
    void running.then(() => handset.running.delete(running));
    handset.lines.add(station);
    station.onClose(() => handset.lines.delete(station));
    return station;
  }
}

/**
 * The handset's end of the cable keeps what arrives before the handset listens (it loads its MO
 * store first), as a UART's receive buffer does; a memory channel would drop it.
 */
class ReceiveBuffer implements ByteChannel {
  #held: Uint8Array[] | undefined = [];
  readonly #release: () => void;

  constructor(private readonly inner: ByteChannel) {
    this.#release = inner.onData((chunk) => this.#held?.push(chunk));
  }

  write(bytes: Uint8Array, signal?: AbortSignalLike): Promise<void> {
    return this.inner.write(bytes, signal);
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    const held = this.#held;
    if (held === undefined) return this.inner.onData(listener);
    // Handed over on a microtask: whoever subscribes (the fault layer) wires its own listeners first.
    let live = false;
    const early: Uint8Array[] = [];
    const off = this.inner.onData((chunk) => (live ? listener(chunk) : early.push(chunk)));
    this.#held = undefined;
    this.#release();
    queueMicrotask(() => {
      for (const chunk of [...held, ...early]) listener(chunk);
      live = true;
    });
    return off;
  }

  onClose(listener: (reason: ChannelCloseReason) => void): () => void {
    return this.inner.onClose(listener);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
