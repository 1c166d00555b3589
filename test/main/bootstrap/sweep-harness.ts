import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BootstrapSpec } from '../../../src-shared/bootstrap/bootstrap-spec.js';
import { planBootstrap } from '../../../src-shared/bootstrap/bootstrap-plan.js';
import { allInstances } from '../../../src-shared/protocol/dm/tree/tree.js';
import { runCableBootstrap, type CableBootstrapResult } from '../../../src-main/bootstrap/cable-bootstrap.js';
import { BootstrapJournal } from '../../../src-main/bootstrap/journal.js';
import { memoryChannelPair } from '../../../src-main/sim/memory-channel.js';
import { SimDevice, type SimEvent } from '../../../src-main/sim/sim-device.js';
import { simIdentity } from '../../../src-main/sim/sim-identity.js';
import type { MemoryStateStore} from '../../../src-main/sim/state-store.js';
import { type StateStore } from '../../../src-main/sim/state-store.js';

/** One station run against one in-memory simulator run. */
export interface Attempt {
  readonly result: CableBootstrapResult;
  readonly events: SimEvent[];
  readonly received: number;
}

/** Runs one bootstrap attempt over an in-memory line (optionally hanging up at `offset`). */
export async function memoryAttempt(spec: BootstrapSpec, store: StateStore, journalDir: string, offset?: number): Promise<Attempt> {
  const [stationEnd, deviceEnd] = memoryChannelPair();
  const events: SimEvent[] = [];
  const device = new SimDevice({ channel: deviceEnd, store, identity: simIdentity(7), ...(offset === undefined ? {} : { faults: { hangupAt: offset } }), onEvent: (e) => events.push(e) });
  const running = device.run();
  const result = await runCableBootstrap({ channel: stationEnd, spec, journalDir, timeoutMs: 10_000 });
  await running;
  return { result, events, received: device.receivedBytes };
}

/** A scratch directory on tmpfs when there is one (journals fsync; the sweep writes thousands). */
export async function scratchDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const dir = await mkdtemp(join(base, 'bb-sweep-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** What the device holds: `full` (every planned instance), `factory` (none), or `partial`. */
export function contentOf(spec: BootstrapSpec, tree: Parameters<typeof allInstances>[0]): 'full' | 'factory' | 'partial' {
  const have = new Set(allInstances(tree).map((i) => `${i.moid}/${i.miid}`));
  const planned = planBootstrap(spec).instances;
  const present = planned.filter((p) => have.has(p)).length;
  if (present === planned.length) return 'full';
  return present === 0 ? 'factory' : 'partial';
}

/** Checks the invariant after an interrupted attempt; returns a problem description or undefined. */
export async function checkInvariant(spec: BootstrapSpec, store: MemoryStateStore | StateStore, journalDir: string, devId: string): Promise<string | undefined> {
  const state = await store.load();
  if (state === undefined) return 'no state';
  const content = contentOf(spec, state.tree);
  if (content === 'partial') return 'partial data on the device';
  if (state.bootstrap === 'factory' && content !== 'factory') return 'data applied but state says factory';
  if (state.bootstrap !== 'factory' && content !== 'full') return `state ${state.bootstrap} without the full data`;
  const journal = await BootstrapJournal.open(journalDir, devId);
  if (journal.record.done && content !== 'full') return 'journal marked done without the data on the device';
  return undefined;
}
