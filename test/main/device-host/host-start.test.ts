import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceHostClient } from '../../../src-main/device-host/device-host-client.js';
import { hostArgs } from '../../../src-main/device-host/host-options.js';
import { nodeHostSpawner } from '../../../src-main/device-host/node-host-spawner.js';
import { startPtyPair } from '../../support/socat.js';

// Integration: the REAL built host with serial discovery on (the OS listing runs in the boot
// stage and the station does not wait for it) and a socat pty as an explicit port.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('device host start-up (docs/startup.md)', () => {
  it('has the explicit serial port and the simulated handset in its first devices.list, with serial discovery on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bb-host-start-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const pair = await startPtyPair(dir);
    cleanups.push(() => pair.stop());
    const client = new DeviceHostClient({
      spawn: nodeHostSpawner({ output: 'ignore' }),
      args: hostArgs({ shell: 'web', simulatedDevices: 1, serialPaths: [pair.a], pollMs: 60_000, dataDir: join(dir, 'data') }),
    });
    cleanups.push(() => client.close());
    await client.start();
    const list = await client.dispatch('devices.list', undefined, { via: 'web', clientId: 'test', signal: new AbortController().signal });
    expect(list.ok).toBe(true);
    const devices = (list.ok ? list.value : []) as { slot: string; transport: string }[];
    expect(devices).toEqual(expect.arrayContaining([expect.objectContaining({ slot: 'sim-1', transport: 'simulated' }), expect.objectContaining({ path: pair.a, transport: 'serial' })]));
  });
});
