import { afterEach, describe, expect, it } from 'vitest';
import { BOOTSTRAP_SERVER_ID, TRUST_ANCHOR_MOID } from '../../../src-shared/bootstrap/cable-constants.js';
import { STANDARD_MOIDS } from '../../../src-shared/protocol/dm/mo-ids.js';
import { instancesOf, getInstance } from '../../../src-shared/protocol/dm/tree/tree.js';
import { runCableBootstrap } from '../../../src-main/bootstrap/cable-bootstrap.js';
import { memoryChannelPair } from '../../../src-main/sim/memory-channel.js';
import { SimDevice, type SimEvent } from '../../../src-main/sim/sim-device.js';
import { simIdentity } from '../../../src-main/sim/sim-identity.js';
import { MemoryStateStore } from '../../../src-main/sim/state-store.js';
import { loadFixtureSpec, tempDir } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('cable bootstrap over an in-memory line', () => {
  it('installs accounts, trust anchors, configuration and rights, then receives BootstrapComplete', async () => {
    const spec = await loadFixtureSpec();
    const { dir, remove } = await tempDir('bb-cable-');
    cleanups.push(remove);
    const [stationEnd, deviceEnd] = memoryChannelPair();
    const store = new MemoryStateStore();
    const events: SimEvent[] = [];
    const device = new SimDevice({ channel: deviceEnd, store, identity: simIdentity(7), onEvent: (e) => events.push(e) });
    const running = device.run();
    const result = await runCableBootstrap({ channel: stationEnd, spec, journalDir: dir });
    await running;
    expect(result).toMatchObject({ kind: 'completed', resumed: false });
    const state = await store.load();
    expect(state?.bootstrap).toBe('complete');
    expect(state?.generation).toBe(3);
    const tree = state!.tree;
    expect(instancesOf(tree, STANDARD_MOIDS.dmAcc).map((i) => i.miid).sort()).toEqual(['bootstrap', 'enterprise', 'operator']);
    expect(instancesOf(tree, TRUST_ANCHOR_MOID).map((i) => i.miid).sort()).toEqual(['root1', 'root2']);
    const settings = getInstance(tree, 'urn:oma:mo:ext-bootbench-settings:1.0', 'main');
    expect(settings?.permissions.get('mdm.enterprise.test')).toEqual(['Read', 'Write']);
    expect(settings?.creator).toEqual({ kind: 'server', serverId: BOOTSTRAP_SERVER_ID });
    expect(events.filter((e) => e.kind === 'session').map((e) => (e.kind === 'session' ? `${e.start}:${e.outcome}` : ''))).toEqual(['server-initiated:completed', 'bootstrap-complete:completed']);
  });
});
