import { runCableBootstrap } from '../../../src-main/bootstrap/cable-bootstrap.js';
import { memoryChannelPair } from '../../../src-main/sim/memory-channel.js';
import { SimDevice, type SimEvent } from '../../../src-main/sim/sim-device.js';
import { simIdentity } from '../../../src-main/sim/sim-identity.js';
import { MemoryStateStore } from '../../../src-main/sim/state-store.js';
import type { ByteChannel } from '../../../src-shared/ports/byte-channel.js';
import { loadFixtureSpec, tempDir } from '../bootstrap/helpers.js';

/** A simulated handset (the real simulator core) whose store survives line sessions. */
export interface MemoryHandset {
  readonly store: MemoryStateStore;
  readonly events: SimEvent[];
  /** Plugs the handset in on a fresh in-memory line; the station end is returned. */
  plug(): { channel: ByteChannel; done: Promise<unknown> };
}

/** A handset bootstrapped with the fixture description (DMAcc operator/enterprise, APNs, settings, anchors). */
export async function bootstrappedHandset(seed = 7): Promise<MemoryHandset> {
  const store = new MemoryStateStore();
  const events: SimEvent[] = [];
  const plug = () => {
    const [station, device] = memoryChannelPair();
    const sim = new SimDevice({ channel: device, store, identity: simIdentity(seed), onEvent: (e) => events.push(e) });
    return { channel: station, done: sim.run() };
  };
  const { dir, remove } = await tempDir('bb-tree-');
  try {
    const line = plug();
    const result = await runCableBootstrap({ channel: line.channel, spec: await loadFixtureSpec(), journalDir: dir, timeoutMs: 10_000 });
    if (result.kind !== 'completed') throw new Error(`bootstrap ${result.kind}`);
    await line.done;
  } finally {
    await remove();
  }
  return { store, events, plug };
}
