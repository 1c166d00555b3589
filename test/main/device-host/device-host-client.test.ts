import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeviceHostClient, type HostExitReport } from '../../../src-main/device-host/device-host-client.js';
import { hostArgs } from '../../../src-main/device-host/host-options.js';
import { nodeHostSpawner } from '../../../src-main/device-host/node-host-spawner.js';
import type { HostExit, HostProcess } from '../../../src-main/device-host/host-process.js';
import type { CallContext } from '../../../src-main/ipc/gate.js';
import type { EventName } from '../../../src-shared/ipc/contract.js';

// Integration: the REAL built host (out/main/device-host.mjs, built by the vitest globalSetup),
// forked with child_process.fork and spoken to over its IPC channel.

const clients: DeviceHostClient[] = [];
const pids = new Set<number>();

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone: the normal case
    }
  }
  pids.clear();
});

function call(signal = new AbortController().signal): CallContext {
  return { via: 'electron', clientId: 'test', signal };
}

function newClient(options: { onHostExit?: (r: HostExitReport) => void } = {}): DeviceHostClient {
  const client = new DeviceHostClient({
    spawn: nodeHostSpawner({ output: 'ignore' }),
    args: hostArgs({ shell: 'web', serial: false, simulatedDevices: 1 }),
    restartDelayMs: 10,
    ...options,
  });
  clients.push(client);
  return client;
}

async function started(client: DeviceHostClient): Promise<number> {
  await client.start();
  const pid = client.pid!;
  pids.add(pid);
  return pid;
}

/** The next `wanted` event whose payload `matches` (the host's built-in handset may attach first). */
function nextEvent(client: DeviceHostClient, wanted: EventName, matches: (payload: unknown) => boolean = () => true): Promise<unknown> {
  return new Promise((resolve) => {
    const off = client.subscribe((name, payload) => {
      if (name !== wanted || !matches(payload)) return;
      off();
      resolve(payload);
    });
  });
}

describe('DeviceHostClient over a real forked host', () => {
  it('answers contract calls with envelopes from the child station', async () => {
    const client = newClient();
    const pid = await started(client);
    expect(pid).not.toBe(process.pid);
    const info = await client.dispatch('station.info', undefined, call());
    expect(info).toMatchObject({ ok: true, value: { name: 'Bootbench', shell: 'web' } });
    const list = await client.dispatch('devices.list', undefined, call());
    expect(list.ok && Array.isArray(list.value) && list.value.length).toBe(1);
  });

  it('relays events and refuses bad calls with typed errors, then keeps working', async () => {
    const client = newClient();
    await started(client);
    const attached = nextEvent(client, 'device.attached', (p) => (p as { label?: unknown }).label === 'Bench phone');
    const result = await client.dispatch('simulator.attach', { label: 'Bench phone' }, call());
    expect(result.ok).toBe(true);
    expect(await attached).toMatchObject({ label: 'Bench phone', transport: 'simulated' });

    const bad = await client.dispatch('simulator.attach', { label: 42, extra: true }, call());
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    const unknown = await client.dispatch('shell.exec', {}, call());
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    const uncloneable = await client.dispatch('simulator.attach', { label: () => 'x' }, call());
    expect(uncloneable).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    const missing = await client.dispatch('simulator.detach', { deviceId: 'simulated:nope' }, call());
    expect(missing).toMatchObject({ ok: false, error: { code: 'DEVICE_NOT_FOUND' } });

    expect(await client.dispatch('station.info', undefined, call())).toMatchObject({ ok: true });
  });

  it('answers a pending call with DEVICE_DISCONNECTED when the host is SIGKILLed, then restarts it', async () => {
    const exits: HostExitReport[] = [];
    let exited: () => void = () => undefined;
    const exitSeen = new Promise<void>((resolve) => (exited = resolve));
    const client = newClient({
      onHostExit: (report) => {
        exits.push(report);
        exited();
      },
    });
    const firstPid = await started(client);
    const detached = nextEvent(client, 'device.detached');

    // Freeze the host so the call is really in flight (written to its channel, unanswered).
    process.kill(firstPid, 'SIGSTOP');
    const pending = client.dispatch('devices.list', undefined, call());
    await new Promise((resolve) => setImmediate(resolve));
    process.kill(firstPid, 'SIGKILL');

    const envelope = await pending;
    expect(envelope).toMatchObject({ ok: false, error: { code: 'DEVICE_DISCONNECTED', retryable: true } });
    await exitSeen;
    expect(exits).toHaveLength(1);
    expect(exits[0]).toMatchObject({ pid: firstPid, exit: { signal: 'SIGKILL' }, failedCalls: 1 });
    expect(await detached).toMatchObject({ slot: 'sim-1' });
    const reattached = nextEvent(client, 'device.attached');

    const after = await client.dispatch('devices.list', undefined, call());
    expect(after.ok).toBe(true);
    const secondPid = client.pid!;
    pids.add(secondPid);
    expect(secondPid).not.toBe(firstPid);
    expect(await reattached).toMatchObject({ slot: 'sim-1', transport: 'simulated' });
  });

  it('answers CANCELLED when the caller aborts, and later calls still work', async () => {
    const client = newClient();
    const pid = await started(client);
    process.kill(pid, 'SIGSTOP');
    const controller = new AbortController();
    const pending = client.dispatch('devices.list', undefined, call(controller.signal));
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    process.kill(pid, 'SIGCONT');
    expect(await client.dispatch('devices.list', undefined, call())).toMatchObject({ ok: true });
  });

  it('shuts the host down on close and refuses calls afterwards', async () => {
    const exits: HostExitReport[] = [];
    const client = newClient({ onHostExit: (r) => exits.push(r) });
    const pid = await started(client);
    await client.close();
    expect(() => process.kill(pid, 0)).toThrow();
    expect(exits).toEqual([]);
    expect(await client.dispatch('station.info', undefined, call())).toMatchObject({ ok: false, error: { code: 'DEVICE_DISCONNECTED' } });
  });
});

/** A scripted host process: the test plays the child. */
function fakeHost() {
  let onMessage: (raw: unknown) => void = () => undefined;
  let onExit: (exit: HostExit) => void = () => undefined;
  const sent: unknown[] = [];
  let killed = 0;
  const process: HostProcess = {
    pid: 4242,
    send: (m) => {
      sent.push(m);
      if ((m as { type?: string }).type === 'shutdown') onExit({ code: 0, signal: null });
    },
    onMessage: (l) => void (onMessage = l),
    onExit: (l) => void (onExit = l),
    kill: () => {
      killed++;
      onExit({ code: null, signal: 'SIGKILL' });
    },
  };
  return { process, sent, killed: () => killed, say: (m: unknown) => onMessage(m) };
}

describe('DeviceHostClient faults (scripted host, fake clock)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('kills a host that never says ready and answers DEVICE_DISCONNECTED', async () => {
    vi.useFakeTimers();
    const host = fakeHost();
    const exits: HostExitReport[] = [];
    const client = new DeviceHostClient({ spawn: () => host.process, readyTimeoutMs: 1000, onHostExit: (r) => exits.push(r) });
    const pending = client.dispatch('devices.list', undefined, call());
    await vi.advanceTimersByTimeAsync(1000);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'DEVICE_DISCONNECTED' } });
    expect(host.killed()).toBe(1);
    expect(exits).toMatchObject([{ pid: 4242, failedCalls: 0, restartInMs: 200 }]);
    await client.close();
  });

  it('kills a host that is closed before it is ready and answers its waiting calls', async () => {
    const host = fakeHost();
    const exits: HostExitReport[] = [];
    const client = new DeviceHostClient({ spawn: () => host.process, onHostExit: (r) => exits.push(r) });
    const pending = client.dispatch('station.info', undefined, call());
    await client.close();
    expect(host.killed()).toBe(1);
    expect(host.sent).toEqual([]);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'DEVICE_DISCONNECTED' } });
    expect(exits).toEqual([]);
  });

  it('drops malformed and off-contract host messages and reports them', async () => {
    const host = fakeHost();
    const bad: unknown[] = [];
    const client = new DeviceHostClient({ spawn: () => host.process, onProtocolError: (raw) => bad.push(raw) });
    const events: string[] = [];
    client.subscribe((name) => events.push(name));
    const starting = client.start();
    host.say({ type: 'ready', pid: 4242 });
    const seed = host.sent[0] as { id: number };
    expect(seed).toMatchObject({ type: 'invoke', name: 'devices.list' });
    host.say({ type: 'result', id: seed.id, envelope: { ok: true, value: [] } });
    await starting;

    host.say({ type: 'result', id: 'x' });
    host.say({ type: 'event', name: 'device.detached', payload: { deviceId: 5 } });
    host.say({ type: 'event', name: 'device.detached', payload: { deviceId: 'simulated:a', slot: 'a' } });
    expect(bad).toHaveLength(2);
    expect(events).toEqual(['device.detached']);

    const pending = client.dispatch('station.info', undefined, call());
    await new Promise((resolve) => setImmediate(resolve));
    const invoke = host.sent.at(-1) as { id: number };
    host.say({ type: 'result', id: invoke.id, envelope: { ok: false, error: { code: 'INTERNAL', message: 'x', retryable: false } } });
    expect(await pending).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'x', retryable: false } });
    await client.close();
  });
});
