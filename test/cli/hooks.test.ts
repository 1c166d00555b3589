import { existsSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { hookListener } from '../../src-main/hooks/hook-events.js';
import { HookRunner } from '../../src-main/hooks/hook-runner.js';
import { mergeHooks, readHooksFile } from '../../src-main/hooks/hooks-file.js';
import type { HookReport } from '../../src-main/hooks/hook-types.js';
import { ProvisioningError } from '../../src-shared/errors/index.js';
import { runCliCaptured } from '../support/cli.js';
import { startPtyPair } from '../support/socat.js';
import { spawnSim } from '../main/sim/sim-process.js';
import { FIXTURE_PATH } from '../main/bootstrap/helpers.js';
import { connect } from '../main/web/ws-test-client.js';
import { parseEnv, spawnCli, waitForFile } from './cli-process.js';
import { useHookScript } from '../support/hook-script.js';

// Hooks run as real processes: a script that writes its environment (NUL-separated) to
// $HOOK_OUT/<event>-<slot basename>.env, atomically, so a test waits for the file and reads a complete record.
const hook = useHookScript('bb-hooks-');

async function outDir(name: string): Promise<string> {
  const dir = join(hook.root(), name);
  await mkdir(dir);
  return dir;
}

describe.concurrent('HookRunner (real processes)', () => {
  it('gives the hook the facts in BOOTBENCH_* variables and never runs text from a device', async () => {
    const out = await outDir('facts');
    const evil = `$(touch ${join(out, 'pwned')}); touch ${join(out, 'pwned2')} \`touch ${join(out, 'pwned3')}\``;
    const runner = new HookRunner({ commands: { attach: hook.script() }, timeoutMs: 10_000, baseEnv: { PATH: process.env['PATH'], HOOK_OUT: out } });
    const report = await runner.fire('attach', { slot: '/dev/ttyACM0', imei: '490154203237518', imsi: '001010123456789', iccid: '8901000000000000001', model: evil, devId: 'IMEI:490154203237518', runId: 'r-1' });
    expect(report).toMatchObject({ ok: true, exitCode: 0, timedOut: false });
    const env = parseEnv(await waitForFile(join(out, 'attach-ttyACM0.env')));
    expect(env).toMatchObject({
      BOOTBENCH_EVENT: 'attach',
      BOOTBENCH_SLOT: '/dev/ttyACM0',
      BOOTBENCH_IMEI: '490154203237518',
      BOOTBENCH_IMSI: '001010123456789',
      BOOTBENCH_ICCID: '8901000000000000001',
      BOOTBENCH_DEVID: 'IMEI:490154203237518',
      BOOTBENCH_RUN_ID: 'r-1',
      BOOTBENCH_MODEL: evil,
    });
    for (const f of ['pwned', 'pwned2', 'pwned3']) expect(existsSync(join(out, f)), f).toBe(false);
  });

  it('withholds secrets: key/token/password variables, database URLs, the credential key variable and inherited BOOTBENCH_*', async () => {
    const out = await outDir('secrets');
    const runner = new HookRunner({
      commands: { success: hook.script() },
      timeoutMs: 10_000,
      withhold: ['LINE3_CK'],
      baseEnv: { PATH: process.env['PATH'], HOOK_OUT: out, LINE3_CK: 'aa'.repeat(32), MY_API_KEY: 'k', GH_TOKEN: 't', DB_PASSWORD: 'p', BOOTBENCH_DATABASE_URL: 'postgres://u:p@h/db', PGPASSWORD: 'p', BOOTBENCH_IMEI: 'spoofed', KEEP_ME: 'yes' },
    });
    await runner.fire('success', { slot: 's1' });
    const env = parseEnv(await waitForFile(join(out, 'success-s1.env')));
    expect(env['KEEP_ME']).toBe('yes');
    for (const name of ['LINE3_CK', 'MY_API_KEY', 'GH_TOKEN', 'DB_PASSWORD', 'BOOTBENCH_DATABASE_URL', 'PGPASSWORD', 'BOOTBENCH_IMEI', 'BOOTBENCH_ERROR_CODE']) expect(env, name).not.toHaveProperty(name);
  });

  it('reports a failing command with its exit code and captured stderr, and a missing one, without throwing', async () => {
    const reports: HookReport[] = [];
    const runner = new HookRunner({
      commands: { failure: 'echo "printer offline" >&2; exit 3', detach: join(hook.root(), 'no-such-hook') },
      timeoutMs: 10_000,
      onReport: (r) => {
        reports.push(r);
        throw new Error('a throwing reporter does not break the runner');
      },
    });
    const failed = await runner.fire('failure', { slot: 'x', errorCode: 'DEVICE_REFUSED' });
    expect(failed).toMatchObject({ ok: false, exitCode: 3, timedOut: false, stderr: 'printer offline\n' });
    const missing = await runner.fire('detach', { slot: 'x' });
    expect(missing).toMatchObject({ ok: false, exitCode: 127 });
    expect(reports).toHaveLength(2);
    expect(await runner.fire('attach', { slot: 'x' })).toBeUndefined();
  });

  it('kills a hook (and its children) that outlives the timeout', async () => {
    const out = await outDir('timeout');
    const runner = new HookRunner({ commands: { attach: `sleep 30 & echo $! > "${join(out, 'child.pid')}"; wait` }, timeoutMs: 300 });
    const report = await runner.fire('attach', { slot: 'slow' });
    expect(report).toMatchObject({ ok: false, timedOut: true, signal: 'SIGKILL' });
    const pid = Number((await waitForFile(join(out, 'child.pid'))).trim());
    await vi.waitFor(() => expect(() => process.kill(pid, 0)).toThrow(), { timeout: 5_000, interval: 20 });
  });

  it('runs the hooks of one slot in event order', async () => {
    const log = join(await outDir('order'), 'log');
    const runner = new HookRunner({ commands: { attach: `sleep 0.2; echo "$BOOTBENCH_EVENT" >> "${log}"`, success: `echo "$BOOTBENCH_EVENT" >> "${log}"`, detach: `echo "$BOOTBENCH_EVENT" >> "${log}"` }, timeoutMs: 5_000 });
    void runner.fire('attach', { slot: 'a' });
    void runner.fire('success', { slot: 'a' });
    void runner.fire('detach', { slot: 'a' });
    await runner.drain();
    expect((await waitForFile(log)).trim().split('\n')).toEqual(['attach', 'success', 'detach']);
  });
});

describe('hook events from the station bus', () => {
  it('fires attach once a device is identified, detach with its last facts, and success/failure from run.progressed', async () => {
    const fired: { event: string; facts: Record<string, unknown> }[] = [];
    const runner = new HookRunner({ commands: { attach: 'true', detach: 'true', success: 'true', failure: 'true' }, timeoutMs: 5_000 });
    const original = runner.fire.bind(runner);
    runner.fire = (event, facts) => {
      fired.push({ event, facts: { ...facts } });
      return original(event, facts);
    };
    const listen = hookListener(runner);
    const device = { id: 'serial:/dev/ttyACM0', slot: '/dev/ttyACM0', label: 'Phone', transport: 'serial', kind: 'handset', identity: {}, identification: 'pending', attachedAtMs: 1 };
    listen('device.attached', device);
    expect(fired).toEqual([]);
    listen('device.attached', { ...device, identification: 'at', identity: { imei: '490154203237518', model: 'X1' } });
    listen('device.attached', { ...device, identification: 'at', slotName: 'bench 1', identity: { imei: '490154203237518', model: 'X1' } });
    const status = (over: Record<string, unknown>) => ({
      run: { slot: '/dev/ttyACM0', deviceId: device.id, runId: 'r9', devId: 'IMEI:490154203237518', state: 'bootstrapping', step: null, etaMs: 0, fraction: 1, result: null, errorCode: null, errorMessage: null, trigger: 'manual', queuedAtMs: 5, endedAtMs: null, ...over },
      batchEtaMs: 0,
    });
    listen('run.progressed', status({}));
    listen('run.progressed', status({ state: 'failed' }));
    listen('run.progressed', status({ state: 'failed', result: 'failed', errorCode: 'TRANSPORT_TIMEOUT', errorMessage: 'no answer', endedAtMs: 9 }));
    listen('run.progressed', status({ state: 'failed', result: 'failed', errorCode: 'TRANSPORT_TIMEOUT', errorMessage: 'no answer', endedAtMs: 9 }));
    listen('run.progressed', status({ runId: 'r10', state: 'done', result: 'done', endedAtMs: 12 }));
    listen('run.progressed', { garbage: true });
    listen('device.detached', { deviceId: device.id, slot: device.slot });
    await runner.drain();
    expect(fired.map((f) => f.event)).toEqual(['attach', 'failure', 'success', 'detach']);
    expect(fired[0]!.facts).toMatchObject({ slot: '/dev/ttyACM0', imei: '490154203237518', model: 'X1', deviceId: device.id });
    expect(fired[1]!.facts).toMatchObject({ runId: 'r9', devId: 'IMEI:490154203237518', errorCode: 'TRANSPORT_TIMEOUT', errorMessage: 'no answer', imei: '490154203237518' });
    expect(fired[2]!.facts).not.toHaveProperty('errorCode');
    expect(fired[3]!.facts).toMatchObject({ imei: '490154203237518' });
  });
});

describe('hooks.json and the hook options', () => {
  it('reads hooks.json from the data dir; the command line overrides it per event', async () => {
    const dir = await outDir('file');
    expect(await readHooksFile(dir)).toBeUndefined();
    writeFileSync(join(dir, 'hooks.json'), JSON.stringify({ onAttach: './a.sh', onFailure: './f.sh', timeoutMs: 2_000 }));
    const file = await readHooksFile(dir);
    expect(mergeHooks(file, { attach: './cli.sh' })).toEqual({ commands: { attach: './cli.sh', failure: './f.sh' }, timeoutMs: 2_000 });
    expect(mergeHooks(undefined, {})).toBeUndefined();
    writeFileSync(join(dir, 'hooks.json'), JSON.stringify({ onAtach: './typo.sh' }));
    await expect(readHooksFile(dir)).rejects.toSatisfy((e) => e instanceof ProvisioningError && e.code === 'INVALID_REQUEST');
  });

  it.each([
    [['devices', 'watch', '--no-sim', '--on-attach', 'true', '--hook-timeout-ms', '5', '--json']],
    [['serve', '--sim', '0', '--on-attach', 'true', '--hook-timeout-ms', 'soon', '--json']],
  ])('refuses a bad --hook-timeout-ms with exit 2 (%j)', async (args) => {
    const run = await runCliCaptured(args);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });

  it('refuses a malformed hooks.json in the data dir with exit 2', async () => {
    const dir = await outDir('bad-file');
    writeFileSync(join(dir, 'hooks.json'), '{ not json');
    const run = await runCliCaptured(['devices', 'watch', '--no-sim', '--data-dir', dir, '--json']);
    expect(run.code).toBe(2);
  });
});

describe.concurrent('hooks on a running station (simulator on a pty, real CLI processes)', () => {
  it('devices watch: attach with the IMEI the handset reported, detach when its port goes away', { timeout: 60_000 }, async () => {
    const out = await outDir('watch');
    const pair = await startPtyPair(out, 'tty');
    const sim = await spawnSim(['--port', pair.b, '--state', join(out, 'phone.json'), '--seed', '71']);
    const watch = spawnCli(['devices', 'watch', '--no-sim', '--port', pair.a, '--poll-ms', '100', '--data-dir', join(out, 'data'), '--on-attach', hook.script(), '--on-detach', hook.script(), '--json'], { HOOK_OUT: out });
    try {
      const attach = parseEnv(await waitForFile(join(out, 'attach-ttyA.env')));
      expect(attach).toMatchObject({ BOOTBENCH_EVENT: 'attach', BOOTBENCH_SLOT: pair.a, BOOTBENCH_TRANSPORT: 'serial' });
      expect(attach['BOOTBENCH_IMEI']).toMatch(/^\d{15}$/);
      await sim.stop();
      await pair.stop();
      const detach = parseEnv(await waitForFile(join(out, 'detach-ttyA.env')));
      expect(detach).toMatchObject({ BOOTBENCH_EVENT: 'detach', BOOTBENCH_SLOT: pair.a, BOOTBENCH_IMEI: attach['BOOTBENCH_IMEI'] });
      expect(await watch.stop()).toBe(0);
      const hookLines = watch.stderr().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { event: string; hook: string; ok: boolean; slot: string });
      expect(hookLines.filter((l) => l.slot === pair.a).map((l) => [l.event, l.hook, l.ok])).toEqual([['hook', 'attach', true], ['hook', 'detach', true]]);
    } finally {
      await watch.stop();
      await sim.stop();
      await pair.stop();
    }
  });

  it('serve: hooks.json in the data dir runs the attach hook for the simulated handset; a failing hook does not stop the station', async () => {
    const out = await outDir('serve');
    const data = join(out, 'data');
    await mkdir(data);
    writeFileSync(join(data, 'hooks.json'), JSON.stringify({ onAttach: hook.script(), timeoutMs: 5_000 }));
    const serve = spawnCli(['serve', '--in-process', '--sim', '1', '--data-dir', data, '--on-detach', 'exit 9', '--json'], { HOOK_OUT: out });
    try {
      await serve.waitForLine(/"url"/);
      const attach = parseEnv(await waitForFile(join(out, 'attach-sim-1.env')));
      expect(attach).toMatchObject({ BOOTBENCH_EVENT: 'attach', BOOTBENCH_TRANSPORT: 'simulated' });
      expect(attach['BOOTBENCH_SLOT']).toMatch(/sim/);
      expect(await serve.stop()).toBe(0);
    } finally {
      await serve.stop();
    }
  });

  it('run: success hook with the DevID and IMEI of the provisioned handset, failure hook with the error code', { timeout: 60_000 }, async () => {
    const out = await outDir('run');
    const pair = await startPtyPair(out, 'tty');
    const sim = await spawnSim(['--port', pair.b, '--state', join(out, 'phone.json'), '--seed', '72']);
    try {
      const missing = join(out, 'ttyGone');
      const run = spawnCli(['run', '--profile', FIXTURE_PATH, '--port', pair.a, missing, '--data-dir', join(out, 'data'), '--on-attach', hook.script(), '--on-success', hook.script(), '--on-failure', hook.script(), '--json'], { HOOK_OUT: out });
      expect(await new Promise((resolve) => run.child.once('exit', resolve))).toBe(1);
      const success = parseEnv(await waitForFile(join(out, 'success-ttyA.env')));
      expect(success).toMatchObject({ BOOTBENCH_EVENT: 'success', BOOTBENCH_SLOT: pair.a });
      expect(success['BOOTBENCH_DEVID']).toMatch(/^IMEI:\d{15}$/);
      expect(success['BOOTBENCH_IMEI']).toBe(success['BOOTBENCH_DEVID']!.slice(5));
      expect(success['BOOTBENCH_RUN_ID']).toBeTruthy();
      const failure = parseEnv(await waitForFile(join(out, 'failure-ttyGone.env')));
      expect(failure).toMatchObject({ BOOTBENCH_EVENT: 'failure', BOOTBENCH_SLOT: missing });
      expect(failure['BOOTBENCH_ERROR_CODE']).toMatch(/^[A-Z_]+$/);
      expect(parseEnv(await waitForFile(join(out, 'attach-ttyA.env')))).toMatchObject({ BOOTBENCH_EVENT: 'attach', BOOTBENCH_SLOT: pair.a });
    } finally {
      await sim.stop();
      await pair.stop();
    }
  });

  it('serve: a run started in the web station fires its success/failure hook through the station bus (run.progressed)', { timeout: 60_000 }, async () => {
    const out = await outDir('serve-run');
    const serve = spawnCli(['serve', '--in-process', '--sim', '1', '--data-dir', join(out, 'data'), '--on-success', hook.script(), '--on-failure', hook.script(), '--json'], { HOOK_OUT: out });
    try {
      const served = JSON.parse(await serve.waitForLine(/"url"/)) as { origin: string; token: string };
      const client = await connect(served.origin, { token: served.token });
      // The built-in handset is on the Bench once discovery identified it.
      let id = 1;
      await vi.waitFor(async () => {
        const list = await client.invoke(id++, 'devices.list');
        expect(list.envelope).toMatchObject({ ok: true, value: expect.arrayContaining([expect.objectContaining({ slot: 'sim-1', kind: 'handset' })]) });
      }, { timeout: 20_000, interval: 50 });
      const started = await client.invoke(id++, 'runs.start', { deviceIds: ['simulated:sim-1'] });
      expect(started.envelope, JSON.stringify(started.envelope)).toMatchObject({ ok: true, value: { slots: ['sim-1'] } });
      // The hook matches how the run ended, as the station announced it on the bus.
      const ended = (await client.next((m) => m.type === 'event' && m.name === 'run.progressed' && (m.payload as { run: { result: string | null } }).run.result !== null)) as { payload: { run: { result: string; runId: string | null; errorCode: string | null } } };
      const { result, runId, errorCode } = ended.payload.run;
      const event = result === 'done' || result === 'already-done' ? 'success' : 'failure';
      const env = parseEnv(await waitForFile(join(out, `${event}-sim-1.env`), 30_000));
      expect(env).toMatchObject({ BOOTBENCH_EVENT: event, BOOTBENCH_SLOT: 'sim-1', BOOTBENCH_TRANSPORT: 'simulated', BOOTBENCH_DEVICE_ID: 'simulated:sim-1' });
      expect(env['BOOTBENCH_IMEI']).toMatch(/^\d{15}$/);
      expect(env['BOOTBENCH_RUN_ID']).toBe(runId ?? undefined);
      expect(env['BOOTBENCH_ERROR_CODE']).toBe(errorCode ?? undefined);
      expect(existsSync(join(out, `${event === 'success' ? 'failure' : 'success'}-sim-1.env`))).toBe(false);
      client.ws.close();
      expect(await serve.stop()).toBe(0);
    } finally {
      await serve.stop();
    }
  });
});
