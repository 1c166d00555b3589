import { afterEach, describe, expect, it } from 'vitest';
import { DeviceHostClient } from '../../../src-main/device-host/device-host-client.js';
import { spawnEarly } from '../../../src-main/device-host/early-host.js';
import { hostArgs } from '../../../src-main/device-host/host-options.js';
import type { HostExit, HostSpawner } from '../../../src-main/device-host/host-process.js';
import { nodeHostSpawner } from '../../../src-main/device-host/node-host-spawner.js';

// Integration: the REAL built host (out/main/device-host.mjs), spawned before its client exists,
// as the web station does at start-up.

const clients: DeviceHostClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

const args = hostArgs({ shell: 'web', serial: false, simulatedDevices: 1 });
const call = { via: 'web', clientId: 'test', signal: new AbortController().signal } as const;

/** The Node spawner, also telling the test when a host said `ready` or exited (before any client listens). */
function observedSpawner(): { spawn: HostSpawner; spawned: number[]; ready: Promise<void>; exited: Promise<HostExit> } {
  const spawned: number[] = [];
  let saidReady: () => void = () => undefined;
  let sawExit: (exit: HostExit) => void = () => undefined;
  const ready = new Promise<void>((resolve) => (saidReady = resolve));
  const exited = new Promise<HostExit>((resolve) => (sawExit = resolve));
  const node = nodeHostSpawner({ output: 'ignore' });
  const spawn: HostSpawner = (a) => {
    const child = node(a);
    spawned.push(child.pid ?? -1);
    child.onMessage((raw) => {
      if ((raw as { type?: unknown }).type === 'ready') saidReady();
    });
    child.onExit(sawExit);
    return child;
  };
  return { spawn, spawned, ready, exited };
}

describe('spawnEarly', () => {
  it('hands the early host to the client with the ready it said before anyone listened', async () => {
    const observed = observedSpawner();
    const spawn = spawnEarly(observed.spawn, args);
    expect(observed.spawned).toHaveLength(1);
    await observed.ready; // the host is up and has spoken; no client exists yet

    const client = new DeviceHostClient({ spawn, args });
    clients.push(client);
    await client.start();
    expect(observed.spawned).toHaveLength(1);
    expect(client.pid).toBe(observed.spawned[0]);
    const list = await client.dispatch('devices.list', undefined, call);
    expect(list).toMatchObject({ ok: true, value: [{ slot: 'sim-1' }] });
  });

  it('delivers an exit that happened before the client listened, and restarts with a fresh host', async () => {
    const observed = observedSpawner();
    const spawn = spawnEarly(observed.spawn, args);
    process.kill(observed.spawned[0]!, 'SIGKILL');
    await observed.exited;

    const exits: HostExit[] = [];
    const client = new DeviceHostClient({ spawn, args, restartDelayMs: 10, onHostExit: (report) => exits.push(report.exit) });
    clients.push(client);
    await expect(client.start()).rejects.toMatchObject({ code: 'DEVICE_DISCONNECTED' });
    expect(exits).toEqual([{ code: null, signal: 'SIGKILL' }]);
    // The next call starts a new host (the early one is handed out once).
    const info = await client.dispatch('station.info', undefined, call);
    expect(info).toMatchObject({ ok: true, value: { shell: 'web' } });
    expect(observed.spawned).toHaveLength(2);
    expect(client.pid).toBe(observed.spawned[1]);
  });
});
