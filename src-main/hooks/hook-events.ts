import { z } from 'zod';
import { DeviceSummary } from '../../src-shared/domain/device.js';
import { RunProgressed } from '../../src-shared/runs/run-status.js';
import type { HookFacts } from './hook-types.js';
import type { HookRunner } from './hook-runner.js';

/** The facts of a device summary (identity only; summaries carry no secrets). */
export function factsOfDevice(d: DeviceSummary): HookFacts {
  const i = d.identity;
  return {
    slot: d.slot,
    deviceId: d.id,
    transport: d.transport,
    ...(i.imei === undefined ? {} : { imei: i.imei }),
    ...(i.imsi === undefined ? {} : { imsi: i.imsi }),
    ...(i.iccid === undefined ? {} : { iccid: i.iccid }),
    ...(i.model === undefined ? {} : { model: i.model }),
    ...(i.manufacturer === undefined ? {} : { manufacturer: i.manufacturer }),
    ...(i.serialNumber === undefined ? {} : { serialNumber: i.serialNumber }),
  };
}

const Detached = z.object({ deviceId: z.string(), slot: z.string() });

/**
 * Turns station events into hook runs, for a subscriber of the station's event bus (or a
 * backend's `subscribe`):
 * - `device.attached` (an upsert) fires `attach` once per device, when identification has settled
 *   (not `pending`), so the hook sees the IMEI the handset reported;
 * - `device.detached` fires `detach` for a device that was announced, with its last facts;
 * - `run.progressed` with a result fires `success` (done, already done) or `failure` (failed,
 *   cancelled) once per run, with the run id, the DM DevID and the error code, plus the facts of
 *   the run's device.
 * Payloads are parsed again here (a hook runner may be fed by other sources than the typed bus).
 */
export function hookListener(runner: HookRunner): (name: string, payload: unknown) => void {
  const devices = new Map<string, DeviceSummary>();
  const fired = new Set<string>();
  const ended = new Set<string>();
  const bySlot = (slot: string): HookFacts => {
    for (const d of devices.values()) if (d.slot === slot) return factsOfDevice(d);
    return { slot };
  };
  return (name, payload) => {
    if (name === 'device.attached') {
      const d = DeviceSummary.safeParse(payload);
      if (!d.success) return;
      devices.set(d.data.id, d.data);
      if (d.data.identification !== 'pending' && !fired.has(d.data.id)) {
        fired.add(d.data.id);
        void runner.fire('attach', factsOfDevice(d.data));
      }
    } else if (name === 'device.detached') {
      const d = Detached.safeParse(payload);
      if (!d.success) return;
      const known = devices.get(d.data.deviceId);
      devices.delete(d.data.deviceId);
      const announced = fired.delete(d.data.deviceId);
      if (known !== undefined || announced) void runner.fire('detach', known === undefined ? { slot: d.data.slot, deviceId: d.data.deviceId } : factsOfDevice(known));
    } else if (name === 'run.progressed') {
      const p = RunProgressed.safeParse(payload);
      if (!p.success) return;
      const r = p.data.run;
      // A run has ended once it has a result; every change re-sends the whole status, so one hook per run.
      if (r.result === null) return;
      const key = `${r.slot}\u0000${r.runId ?? ''}\u0000${r.queuedAtMs}`;
      if (ended.has(key)) return;
      ended.add(key);
      const device = r.deviceId === null ? undefined : devices.get(r.deviceId);
      void runner.fire(r.result === 'done' || r.result === 'already-done' ? 'success' : 'failure', {
        ...(device === undefined ? bySlot(r.slot) : factsOfDevice(device)),
        slot: r.slot,
        ...(r.runId === null ? {} : { runId: r.runId }),
        ...(r.devId === null ? {} : { devId: r.devId }),
        ...(r.errorCode === null ? {} : { errorCode: r.errorCode }),
        ...(r.errorMessage === null ? {} : { errorMessage: r.errorMessage }),
      });
    }
  };
}
