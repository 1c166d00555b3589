import { readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeviceSummary } from '../../../src-shared/domain/device.js';
import { parseEnv, spawnCli, waitForFile } from '../../cli/cli-process.js';
import { connect } from '../web/ws-test-client.js';
import { useHookScript } from '../../support/hook-script.js';

// `serve` with hooks in both places they can come from (hooks.json in the data dir and an --on-*
// flag), as real CLI processes: whether the station runs in a device host (default) or in the
// serve process (--in-process), every event fires its hook exactly once. The hook appends
// "<event> <device id>" to events.log (a double firing shows as a second line) and writes its
// environment to <event>-<slot>.env atomically, which the test waits for.


const hook = useHookScript('bb-serve-hooks-', { log: true });

describe.concurrent('serve fires each hook once, whichever process owns the station', () => {
  it.each([
    ['in the device host (default)', 'host', []],
    ['in the serve process (--in-process)', 'inproc', ['--in-process']],
  ])('station %s', { timeout: 60_000 }, async (_what, name, extra) => {
    const out = join(hook.root(), name);
    const data = join(out, 'data');
    await mkdir(data, { recursive: true });
    writeFileSync(join(data, 'hooks.json'), JSON.stringify({ onAttach: hook.script(), timeoutMs: 5_000 }));
    const serve = spawnCli(['serve', ...extra, '--sim', '1', '--no-readers', '--data-dir', data, '--on-detach', hook.script(), '--json'], { HOOK_OUT: out, BOOTBENCH_HOST_SERIAL: '0' });
    try {
      const served = JSON.parse(await serve.waitForLine(/"url"/)) as { origin: string; token: string };
      const client = await connect(served.origin, { token: served.token });
      // The handset the station starts with (attached before anyone listened), then one plugged in later.
      expect(parseEnv(await waitForFile(join(out, 'attach-sim-1.env')))).toMatchObject({ BOOTBENCH_EVENT: 'attach', BOOTBENCH_SLOT: 'sim-1' });
      const attached = await client.invoke(1, 'simulator.attach', { label: 'Plugged in' });
      expect(attached.envelope).toMatchObject({ ok: true });
      const device = (attached.envelope as { value: DeviceSummary }).value;
      const env = parseEnv(await waitForFile(join(out, `attach-${device.slot}.env`)));
      expect(env).toMatchObject({ BOOTBENCH_EVENT: 'attach', BOOTBENCH_DEVICE_ID: device.id, BOOTBENCH_TRANSPORT: 'simulated' });
      expect(env['BOOTBENCH_IMEI']).toMatch(/^\d{15}$/);
      expect((await client.invoke(2, 'simulator.detach', { deviceId: device.id })).envelope).toMatchObject({ ok: true });
      expect(parseEnv(await waitForFile(join(out, `detach-${device.slot}.env`)))).toMatchObject({ BOOTBENCH_EVENT: 'detach', BOOTBENCH_DEVICE_ID: device.id });
      client.ws.close();
      // Stopping drains the runner: every hook that was going to run has run.
      expect(await serve.stop()).toBe(0);
      const lines = readFileSync(join(out, 'events.log'), 'utf8').trim().split('\n');
      const count = (line: string) => lines.filter((l) => l === line).length;
      expect(count('attach simulated:sim-1')).toBe(1);
      expect(count(`attach ${device.id}`)).toBe(1);
      expect(count(`detach ${device.id}`)).toBe(1);
      // --json: each hook run is one {"event":"hook"} line on serve's stderr, whoever ran it.
      const reports = serve
        .stderr()
        .split('\n')
        .filter((l) => l.startsWith('{"event":"hook"'))
        .map((l) => JSON.parse(l) as { hook: string; slot: string; ok: boolean });
      expect(reports.filter((r) => r.slot === device.slot).map((r) => [r.hook, r.ok])).toEqual([['attach', true], ['detach', true]]);
      expect(reports.filter((r) => r.slot === 'sim-1' && r.hook === 'attach')).toHaveLength(1);
    } finally {
      await serve.stop();
    }
  });
});
