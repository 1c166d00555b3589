import { describe, expect, it } from 'vitest';
import { runCableBootstrap } from '../../../src-main/bootstrap/cable-bootstrap.js';
import { memoryChannelPair } from '../../../src-main/sim/memory-channel.js';
import { SimDevice, type SimEvent } from '../../../src-main/sim/sim-device.js';
import { simIdentity } from '../../../src-main/sim/sim-identity.js';
import { MemoryStateStore } from '../../../src-main/sim/state-store.js';
import { loadFixtureSpec, tempDir } from '../bootstrap/helpers.js';
import { contentOf } from '../bootstrap/sweep-harness.js';

async function bootstrapWith(faults: NonNullable<ConstructorParameters<typeof SimDevice>[0]['faults']>, seed = 1) {
  const spec = await loadFixtureSpec();
  const { dir, remove } = await tempDir('bb-fault-');
  try {
    const [stationEnd, deviceEnd] = memoryChannelPair();
    const store = new MemoryStateStore();
    const events: SimEvent[] = [];
    const device = new SimDevice({ channel: deviceEnd, store, identity: simIdentity(seed), faults, seed, onEvent: (e) => events.push(e), linkTimers: { initialRtoMs: 100 } });
    const running = device.run();
    const result = await runCableBootstrap({ channel: stationEnd, spec, journalDir: dir, timeoutMs: 2000, linkTimers: { initialRtoMs: 100 } });
    await running;
    return { result, state: await store.load(), events };
  } finally {
    await remove();
  }
}

describe('simulator fault injection (besides hang-up, covered by the sweep)', () => {
  // Finding for the link owner: at this rate the device's link sometimes fails an exchange
  // (exchange-failed DEVICE_DISCONNECTED, then the link closes) instead of retransmitting, so
  // only the safety property is asserted (completion depends on the random link nonce and timing).
  it('corrupt=0.002: the bootstrap completes or fails cleanly, never leaving partial data', async () => {
    const spec = await loadFixtureSpec();
    for (const seed of [1, 2]) {
      const { result, state } = await bootstrapWith({ corruptRate: 0.002 }, seed);
      expect(['completed', 'failed']).toContain(result.kind);
      expect(contentOf(spec, state!.tree)).not.toBe('partial');
      expect(state!.bootstrap === 'factory').toBe(contentOf(spec, state!.tree) === 'factory');
    }
  });

  it('stall and slow processing delay the bootstrap by at least the injected time but do not break it', async () => {
    const { result } = await bootstrapWith({ stallMs: 300, slowMs: 20 });
    expect(result.kind).toBe('completed');
    // stall once (300 ms) + 20 ms before each of the ≥ 6 requests the handset sends.
    if (result.kind === 'completed') expect(result.durationMs).toBeGreaterThanOrEqual(300 + 6 * 20);
  });
});
