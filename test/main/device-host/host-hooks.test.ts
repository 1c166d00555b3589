import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeviceHostClient, type HostExitReport } from '../../../src-main/device-host/device-host-client.js';
import { hostArgs, hostHookEnv, type HostOptions } from '../../../src-main/device-host/host-options.js';
import { nodeHostSpawner } from '../../../src-main/device-host/node-host-spawner.js';
import type { CallContext } from '../../../src-main/ipc/gate.js';
import type { DeviceSummary } from '../../../src-shared/domain/device.js';
import { parseEnv, waitForFile } from '../../cli/cli-process.js';
import { useHookScript } from '../../support/hook-script.js';

// Integration: the REAL built device host (out/main/device-host.mjs, built by the vitest
// globalSetup) forked with a temp data dir holding hooks.json. The hook is a real shell script that
// appends "<event> <device id>" to events.log and writes its environment (NUL-separated) to
// <event>-<slot>.env atomically, so a test waits for the file and reads a complete record.


const hook = useHookScript('bb-host-hooks-', { log: true });

const call = (): CallContext => ({ via: 'electron', clientId: 'test', signal: new AbortController().signal });

interface Host {
  readonly client: DeviceHostClient;
  readonly out: string;
  readonly exits: HostExitReport[];
  /** The lines hooks appended to events.log so far. */
  events(): string[];
  [Symbol.asyncDispose](): Promise<void>;
}

/** A forked host with `hooks` as its hooks.json (none when undefined) in a fresh data dir. */
async function startHost(name: string, hooks: object | string | undefined, options: Partial<HostOptions> = {}, env: Record<string, string> = {}): Promise<Host> {
  const out = join(hook.root(), name);
  const dataDir = join(out, 'data');
  await mkdir(dataDir, { recursive: true });
  if (hooks !== undefined) writeFileSync(join(dataDir, 'hooks.json'), typeof hooks === 'string' ? hooks : JSON.stringify(hooks));
  const exits: HostExitReport[] = [];
  const client = new DeviceHostClient({
    spawn: nodeHostSpawner({ output: 'ignore', env: { HOOK_OUT: out, ...env } }),
    args: hostArgs({ shell: 'web', serial: false, readers: false, simulatedDevices: 0, dataDir, ...options }),
    onHostExit: (report) => exits.push(report),
  });
  await client.start();
  const pid = client.pid!;
  return {
    client,
    out,
    exits,
    events: () => (existsSync(join(out, 'events.log')) ? readFileSync(join(out, 'events.log'), 'utf8').trim().split('\n') : []),
    async [Symbol.asyncDispose]() {
      await client.close();
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already: the normal case.
      }
    },
  };
}

async function attach(host: Host, label: string): Promise<DeviceSummary> {
  const result = await host.client.dispatch('simulator.attach', { label }, call());
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.value as DeviceSummary;
}

describe.concurrent('attach hooks run by the device host itself (real forked host)', () => {
  it('hooks.json in its data dir: attach runs once with the device facts (a handset present at start too), detach fires on-detach', async () => {
    await using host = await startHost('facts', { onAttach: hook.script(), onDetach: hook.script() }, { simulatedDevices: 1 });
    // The built-in handset attached before anyone listened: replayed, once.
    const first = parseEnv(await waitForFile(join(host.out, 'attach-sim-1.env')));
    expect(first).toMatchObject({ BOOTBENCH_EVENT: 'attach', BOOTBENCH_SLOT: 'sim-1', BOOTBENCH_TRANSPORT: 'simulated' });

    const device = await attach(host, 'Line 3 phone');
    const env = parseEnv(await waitForFile(join(host.out, `attach-${device.slot}.env`)));
    expect(env).toMatchObject({ BOOTBENCH_EVENT: 'attach', BOOTBENCH_SLOT: device.slot, BOOTBENCH_DEVICE_ID: device.id, BOOTBENCH_TRANSPORT: 'simulated' });
    expect(env['BOOTBENCH_IMEI']).toMatch(/^\d{15}$/);
    expect(env).toHaveProperty('HOOK_OUT', host.out);

    expect(await host.client.dispatch('simulator.detach', { deviceId: device.id }, call())).toMatchObject({ ok: true });
    const detach = parseEnv(await waitForFile(join(host.out, `detach-${device.slot}.env`)));
    expect(detach).toMatchObject({ BOOTBENCH_EVENT: 'detach', BOOTBENCH_SLOT: device.slot, BOOTBENCH_DEVICE_ID: device.id, BOOTBENCH_IMEI: env['BOOTBENCH_IMEI'] });
    // Runs of one slot are serialised: by the time detach ran, any second attach would have too.
    expect(host.events().filter((l) => l.endsWith(` ${device.id}`))).toEqual([`attach ${device.id}`, `detach ${device.id}`]);
    expect(host.events().filter((l) => l === 'attach simulated:sim-1')).toHaveLength(1);
  });

  it("start's hooks reach the app's host through BOOTBENCH_HOST_* and override hooks.json for their event", async () => {
    const env = hostHookEnv({ overrides: { attach: hook.script(), timeoutMs: 5_000 } });
    await using host = await startHost('env', { onAttach: 'exit 3', onDetach: hook.script() }, {}, env);
    const device = await attach(host, 'From start');
    expect(parseEnv(await waitForFile(join(host.out, `attach-${device.slot}.env`)))).toMatchObject({ BOOTBENCH_EVENT: 'attach', BOOTBENCH_DEVICE_ID: device.id });
    await host.client.dispatch('simulator.detach', { deviceId: device.id }, call());
    await waitForFile(join(host.out, `detach-${device.slot}.env`));
    // The hook never inherits the host's hook variables (no BOOTBENCH_* but its facts).
    const seen = parseEnv(readFileSync(join(host.out, `attach-${device.slot}.env`), 'utf8'));
    expect(Object.keys(seen).filter((k) => k.startsWith('BOOTBENCH_HOST_'))).toEqual([]);
  });

  it('a failing or hanging hook does not disturb the host: it keeps answering and firing later hooks', async () => {
    // The attach hook fails the first time (printer offline), then works; the detach hook (an
    // argument, as serve passes --on-detach, over the file's) hangs past the 300 ms timeout.
    const flaky = `if [ -e "$HOOK_OUT/armed" ]; then exec ${hook.script()}; fi; touch "$HOOK_OUT/armed"; echo "printer offline" >&2; exit 9`;
    await using host = await startHost('failing', { onAttach: flaky, onDetach: hook.script(), timeoutMs: 300 }, { hooks: { overrides: { detach: 'sleep 30' } } });
    const pid = host.client.pid;
    const a = await attach(host, 'Failing attach');
    await waitForFile(join(host.out, 'armed'));
    expect(await host.client.dispatch('simulator.detach', { deviceId: a.id }, call())).toMatchObject({ ok: true });
    expect(await host.client.dispatch('station.info', undefined, call())).toMatchObject({ ok: true });
    const b = await attach(host, 'After the failures');
    expect(parseEnv(await waitForFile(join(host.out, `attach-${b.slot}.env`)))).toMatchObject({ BOOTBENCH_EVENT: 'attach', BOOTBENCH_DEVICE_ID: b.id });
    expect(existsSync(join(host.out, `attach-${a.slot}.env`))).toBe(false);
    expect(host.client.pid).toBe(pid);
    expect(host.exits).toEqual([]);
  });

  it('a malformed hooks.json does not stop the host: the command-line hooks alone apply', async () => {
    await using host = await startHost('bad-file', '{ "onAtach": ', { hooks: { overrides: { attach: hook.script() } } });
    const device = await attach(host, 'Bad file');
    expect(parseEnv(await waitForFile(join(host.out, `attach-${device.slot}.env`)))).toMatchObject({ BOOTBENCH_EVENT: 'attach', BOOTBENCH_DEVICE_ID: device.id });
    expect(host.exits).toEqual([]);
  });

  it('drains on shutdown: a detach hook still running when the host is asked to stop finishes before it exits', async () => {
    const slow = join(hook.root(), 'slow.sh');
    writeFileSync(slow, `#!/bin/sh\nsleep 0.5\nexec ${hook.script()}\n`);
    chmodSync(slow, 0o755);
    await using host = await startHost('drain', { onDetach: slow });
    const device = await attach(host, 'Unplugged at closing time');
    expect(await host.client.dispatch('simulator.detach', { deviceId: device.id }, call())).toMatchObject({ ok: true });
    await host.client.close();
    expect(existsSync(join(host.out, `detach-${device.slot}.env`))).toBe(true);
    expect(host.events()).toEqual([`detach ${device.id}`]);
  });
});
