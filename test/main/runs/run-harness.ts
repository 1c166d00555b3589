import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBootstrapSpec, type BootstrapSpec } from '../../../src-shared/bootstrap/bootstrap-spec.js';
import type { ByteChannel } from '../../../src-shared/ports/byte-channel.js';
import { AuditLog } from '../../../src-main/audit/audit-log.js';
import { specDigest } from '../../../src-main/bootstrap/cable-bootstrap.js';
import { RunManager } from '../../../src-main/runs/run-manager.js';
import type { RunManagerOptions } from '../../../src-main/runs/run-types.js';
import { memoryChannelPair } from '../../../src-main/sim/memory-channel.js';
import type { NodeDeviceKey } from '../../../src-main/provisioning/credentials/device-keygen.js';
import { DeviceKeyVault } from '../../../src-shared/pki/keygen-executor.js';
import type { LineFaults } from '../../../src-main/sim/fault-channel.js';
import { SimDevice } from '../../../src-main/sim/sim-device.js';
import { simIdentity } from '../../../src-main/sim/sim-identity.js';
import { FileStateStore, MemoryStateStore, type StateStore } from '../../../src-main/sim/state-store.js';
import { openStorage, type Storage } from '../../../src-main/storage/open-storage.js';
import { ThrottledChannel } from '../../../src-main/transports/throttled-channel.js';

/** Path of the cable tests' bootstrap description. */
export const FIXTURE_SPEC = new URL('../../fixtures/bootstrap/bootstrap.json', import.meta.url).pathname;

/** The cable tests' bootstrap description. */
export async function fixtureSpec(path: string | URL = FIXTURE_SPEC): Promise<BootstrapSpec> {
  const parsed = parseBootstrapSpec(await readFile(path, 'utf8'));
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

/** Slot name of simulated handset `i` (seeded identity `i + 1`). */
export const slotName = (i: number): string => `sim:${i}`;

/** Simulated handsets behind named slots, each with a state that outlives its line. */
export class SimBench {
  readonly stores = new Map<string, StateStore>();
  readonly faults = new Map<string, LineFaults>();
  /** A different handset (identity seed) on a slot; by default slot `sim:i` holds seed `i + 1`. */
  readonly seeds = new Map<string, number>();
  /** Each handset's key vault (device-csr keys), kept across its lines like a secure element. */
  readonly vaults = new Map<string, DeviceKeyVault<NodeDeviceKey>>();
  readonly devices: Promise<unknown>[] = [];
  opened = 0;
  openNow = 0;
  maxOpen = 0;

  /** @param stateDir persist device states as files there (survive a station process), else in memory. */
  /** @param baudRate throttle both ends of each line to this 8N1 speed (a realistic cable). */
  constructor(
    private readonly stateDir?: string,
    private readonly baudRate?: number,
  ) {}

  /** `openChannel` for the run manager: starts the slot's handset on a fresh in-memory line. */
  readonly open = (slot: string): Promise<ByteChannel> => {
    const seed = this.seeds.get(slot) ?? Number(slot.split(':')[1]) + 1;
    let store = this.stores.get(`${slot}#${seed}`);
    if (store === undefined) {
      store = this.stateDir === undefined ? new MemoryStateStore() : new FileStateStore(join(this.stateDir, `${seed}.json`));
      this.stores.set(`${slot}#${seed}`, store);
    }
    const [s, d] = memoryChannelPair();
    const [station, device] = this.baudRate === undefined ? [s, d] : [new ThrottledChannel(s, { baudRate: this.baudRate }), new ThrottledChannel(d, { baudRate: this.baudRate })];
    const faults = this.faults.get(slot);
    let keyVault = this.vaults.get(`${slot}#${seed}`);
    if (keyVault === undefined) {
      keyVault = new DeviceKeyVault<NodeDeviceKey>();
      this.vaults.set(`${slot}#${seed}`, keyVault);
    }
    const sim = new SimDevice({ channel: device, store, identity: simIdentity(seed), keyVault, ...(faults === undefined ? {} : { faults }) });
    this.devices.push(sim.run());
    this.opened++;
    this.openNow++;
    this.maxOpen = Math.max(this.maxOpen, this.openNow);
    station.onClose(() => this.openNow--);
    return Promise.resolve(station);
  };
}

/** A station: temp storage and journal dir, a manager over a {@link SimBench}, and cleanup. */
export interface TestStation {
  readonly dir: string;
  readonly storage: Storage;
  readonly bench: SimBench;
  readonly spec: BootstrapSpec;
  manager(extra?: Partial<RunManagerOptions>): RunManager;
  close(): Promise<void>;
}

/** Opens a test station in a fresh temp dir. */
export async function testStation(): Promise<TestStation> {
  const dir = await mkdtemp(join(tmpdir(), 'bb-runs-'));
  const storage = await openStorage({ kind: 'sqlite', file: join(dir, 'station.sqlite'), durability: 'normal' });
  const spec = await fixtureSpec();
  const bench = new SimBench();
  const audit = new AuditLog({ store: storage.audit, clock: { nowMs: () => Date.now(), monotonicMs: () => performance.now() }, station: 'st-1' });
  return {
    dir,
    storage,
    bench,
    spec,
    manager: (extra = {}) => new RunManager({ storage, stationId: 'st-1', openChannel: bench.open, planFor: () => ({ spec, profileVersion: specDigest(spec) }), journalDir: join(dir, 'journal'), audit, ...extra }),
    async close() {
      await Promise.allSettled(bench.devices);
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
