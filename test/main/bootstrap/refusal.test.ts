import { describe, expect, it } from 'vitest';
import { runCableBootstrap } from '../../../src-main/bootstrap/cable-bootstrap.js';
import { memoryChannelPair } from '../../../src-main/sim/memory-channel.js';
import { SimDevice } from '../../../src-main/sim/sim-device.js';
import { simIdentity } from '../../../src-main/sim/sim-identity.js';
import { MemoryStateStore } from '../../../src-main/sim/state-store.js';
import { contentOf } from './sweep-harness.js';
import { loadFixtureSpec, tempDir } from './helpers.js';

describe('a device that refuses part of the bootstrap', () => {
  it('is reported as data (refused, with the statuses) and the device keeps its factory tree (all or nothing)', async () => {
    const spec = await loadFixtureSpec();
    const { dir, remove } = await tempDir('bb-refuse-');
    try {
      const [stationEnd, deviceEnd] = memoryChannelPair();
      const store = new MemoryStateStore();
      // This handset does not let the bootstrap server create settings MOs: that HGET gets 403.
      const device = new SimDevice({ channel: deviceEnd, store, identity: simIdentity(3), extraGrants: ['urn:oma:mo:ext-bootbench-apn:1.0'] });
      const running = device.run();
      const result = await runCableBootstrap({ channel: stationEnd, spec, journalDir: dir });
      await running;
      expect(result).toMatchObject({ kind: 'refused', statuses: [403, 404] }); // config HGET denied; the rights HGET then finds no settings instance
      const state = await store.load();
      expect(state?.bootstrap).toBe('factory');
      expect(contentOf(spec, state!.tree)).toBe('factory');
    } finally {
      await remove();
    }
  });
});
