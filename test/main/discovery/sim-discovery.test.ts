import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceSummary } from '../../../src-shared/domain/device.js';
import { createStation } from '../../../src-main/station.js';
import { startPtyPair } from '../../support/socat.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Starts the built `bootbench-sim` on `port` and resolves with its `ready` line once it printed it. */
async function startSim(port: string): Promise<{ imei: string; iccid: string }> {
  const child = spawn(process.execPath, ['out/main/sim.mjs', '--port', port, '--seed', '7'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = once(child, 'exit');
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid!, 'SIGTERM');
      await exited;
    }
  });
  child.stderr.resume();
  for await (const line of createInterface({ input: child.stdout })) {
    const event = JSON.parse(line) as { event: string; imei: string; iccid: string };
    if (event.event === 'ready') {
      child.stdout.resume();
      return event;
    }
  }
  throw new Error('bootbench-sim exited before it was ready');
}

describe('discovery against the real handset simulator (bootbench-sim process)', () => {
  it('identifies the simulator as a Bootbench handset by AT identity and the +BBSTATE extension', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bb-sim-disc-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const pair = await startPtyPair(dir);
    cleanups.push(() => pair.stop());
    const sim = await startSim(pair.b);
    const station = await createStation({ shell: 'web', simulatedDevices: 0, serial: { list: async () => [], extraPaths: [pair.a], pollMs: 100 }, discovery: { usb: false } });
    cleanups.push(() => station.close());
    const device = await new Promise<DeviceSummary>((resolve) => {
      const settled = (d: DeviceSummary) => d.identification !== undefined && d.identification !== 'pending';
      const now = station.services.registry.list().find(settled);
      if (now !== undefined) return resolve(now);
      station.services.bus.subscribe((name, payload) => name === 'device.attached' && settled(payload as DeviceSummary) && resolve(payload as DeviceSummary));
    });
    expect(device).toMatchObject({ slot: pair.a, identification: 'at', kind: 'handset', identity: { imei: sim.imei, iccid: sim.iccid } });
  });
});
