import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceId, DeviceSummary } from '../../../src-shared/domain/device.js';
import type { Payload } from '../../../src-shared/ipc/contract.js';
import type { RunSlotStatus } from '../../../src-shared/runs/run-status.js';
import { createStation, type Station } from '../../../src-main/station.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const call = { via: 'cli' as const, clientId: 'runs-test', signal: new AbortController().signal };

async function open(sims: number, withDataDir = true): Promise<{ station: Station; dataDir: string | undefined; events: Payload<'run.progressed'>[] }> {
  const dataDir = withDataDir ? mkdtempSync(join(tmpdir(), 'bb-runs-svc-')) : undefined;
  if (dataDir !== undefined) cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const station = await createStation({ shell: 'web', serial: false, simulatedDevices: sims, discovery: { usb: false, ...(dataDir === undefined ? {} : { dataDir }) }, reportUnexpected: () => undefined });
  cleanups.push(() => station.close());
  const events: Payload<'run.progressed'>[] = [];
  station.services.bus.subscribe((name, payload) => name === 'run.progressed' && events.push(payload as Payload<'run.progressed'>));
  return { station, dataDir, events };
}

async function dispatch<T>(station: Station, name: string, input: unknown): Promise<T> {
  const envelope = await station.gate.dispatch(name as never, input, call);
  if (!envelope.ok) throw new Error(`${name}: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.value as T;
}

/** Resolves once `check` holds for the station's bus state (checked on every event). */
function until<T>(station: Station, check: () => T | undefined): Promise<T> {
  return new Promise((resolve) => {
    const now = check();
    if (now !== undefined) return resolve(now);
    const off = station.services.bus.subscribe(() => {
      const v = check();
      if (v !== undefined) {
        off();
        resolve(v);
      }
    });
  });
}

const identified = (station: Station, n: number) => until(station, () => {
  const ds = station.services.registry.list().filter((d) => d.identification === 'at' || d.identification === 'link');
  return ds.length >= n ? ds : undefined;
});

const ended = (events: Payload<'run.progressed'>[], slot: string, count = 1): RunSlotStatus | undefined => events.filter((e) => e.run.slot === slot && e.run.endedAtMs !== null)[count - 1]?.run;

describe('RunsService in the station (built-in simulated handsets, real storage)', () => {
  it('identifies a built-in handset by the real AT probe and bootstraps it through runs.start', async () => {
    const { station, events } = await open(1);
    const [device] = await identified(station, 1);
    expect(device).toMatchObject({ slot: 'sim-1', kind: 'handset', identification: 'at', transport: 'simulated' });
    expect(device!.identity.imei).toMatch(/^35693803\d{7}$/);
    const queued = await dispatch<{ slots: string[] }>(station, 'runs.start', { all: true });
    expect(queued.slots).toEqual(['sim-1']);
    const done = await until(station, () => ended(events, 'sim-1'));
    expect(done).toMatchObject({ state: 'done', result: 'done', errorCode: null, fraction: 1, etaMs: 0, deviceId: device!.id, trigger: 'manual' });
    const states = events.filter((e) => e.run.slot === 'sim-1').map((e) => e.run.state);
    expect(states).toEqual(expect.arrayContaining(['queued', 'identifying', 'bootstrapping', 'first-contact', 'done']));
    expect(events.some((e) => e.run.step !== null)).toBe(true);
    const list = await dispatch<{ slots: RunSlotStatus[]; recent: RunSlotStatus[] }>(station, 'runs.list', undefined);
    expect(list.slots.map((s) => [s.slot, s.result])).toEqual([['sim-1', 'done']]);
    expect(list.recent).toHaveLength(1);
    const audit = await station.services.audit.entries({ offset: 0, limit: 50 });
    expect(audit.entries.map((e) => e.step)).toEqual(expect.arrayContaining(['run.identified', 'run.bootstrap', 'run.finish']));
    // The handset keeps its state for the station run: a second run finds it already done.
    await dispatch(station, 'runs.start', { deviceIds: [device!.id] });
    expect(await until(station, () => ended(events, 'sim-1', 2))).toMatchObject({ result: 'already-done' });
  });

  it('a failed handset (hang-up mid-bootstrap) is retried alone by runs.retryFailed and then passes', async () => {
    const { station, events } = await open(2);
    const devices = await identified(station, 2);
    const [a, b] = [...devices].sort((x, y) => (x.slot < y.slot ? -1 : 1)) as [DeviceSummary, DeviceSummary];
    station.services.simulator.setFaults(b.id, { hangupAt: 400 });
    await dispatch(station, 'runs.start', { all: true });
    const [ra, rb] = await Promise.all([until(station, () => ended(events, a.slot)), until(station, () => ended(events, b.slot))]);
    expect(ra).toMatchObject({ result: 'done' });
    expect(rb).toMatchObject({ result: 'failed', state: 'failed' });
    expect(rb!.errorCode).not.toBeNull();
    station.services.simulator.setFaults(b.id, undefined);
    const mark = events.length;
    const retried = await dispatch<{ slots: string[] }>(station, 'runs.retryFailed', undefined);
    expect(retried.slots).toEqual([b.slot]);
    expect(await until(station, () => ended(events, b.slot, 2))).toMatchObject({ result: 'done', trigger: 'retry' });
    expect(events.slice(mark).filter((e) => e.run.slot === a.slot)).toEqual([]);
  });

  it('auto-run bootstraps a handset plugged in after it is enabled, and concurrency applies live', async () => {
    const { station, events } = await open(0, false);
    await dispatch(station, 'settings.set', { autoRun: true, concurrency: 1 });
    station.services.simulator.attach();
    station.services.simulator.attach();
    const first = await until(station, () => events.find((e) => e.run.state === 'identifying')?.run);
    // One permit: the other handset waits queued until concurrency is raised.
    const other = first.slot === 'sim-1' ? 'sim-2' : 'sim-1';
    await until(station, () => events.find((e) => e.run.slot === other && e.run.state === 'queued'));
    await dispatch(station, 'settings.set', { concurrency: 2 });
    const results = await Promise.all(['sim-1', 'sim-2'].map((s) => until(station, () => ended(events, s))));
    expect(results.map((r) => [r.result, r.trigger])).toEqual([['done', 'auto'], ['done', 'auto']]);
    const list = await dispatch<{ concurrency: number; autoRun: boolean }>(station, 'runs.list', undefined);
    expect(list).toMatchObject({ concurrency: 2, autoRun: true });
  });

  it('cancels a queued run and refuses unknown devices without queuing anything', async () => {
    const { station, events } = await open(2, false);
    const devices = await identified(station, 2);
    await dispatch(station, 'settings.set', { concurrency: 1 });
    const queued = await dispatch<{ slots: string[]; skipped: { deviceId: string }[] }>(station, 'runs.start', { deviceIds: [...devices.map((d) => d.id), 'serial:/dev/nope' as DeviceId] });
    expect(queued.skipped.map((s) => s.deviceId)).toEqual(['serial:/dev/nope']);
    const waiting = devices.find((d) => d.slot === queued.slots[1])!;
    expect(await dispatch(station, 'runs.cancel', { deviceId: waiting.id })).toEqual({ cancelled: true });
    expect(await until(station, () => ended(events, waiting.slot))).toMatchObject({ result: 'cancelled', state: 'cancelled' });
    expect(await until(station, () => ended(events, queued.slots[0]!))).toMatchObject({ result: 'done' });
    expect(await dispatch(station, 'runs.cancel', { deviceId: waiting.id })).toEqual({ cancelled: false });
  });
});
