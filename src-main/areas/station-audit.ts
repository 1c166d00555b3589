import type { AuditResult } from '../../src-shared/audit/audit-entry.js';
import type { DeviceId } from '../../src-shared/domain/device.js';
import { stationCaSigner } from '../audit/station-signer.js';
import { stationId } from '../platform/station-id.js';
import type { AreaContext } from './area.js';

/** How one step of station work on a device ended, for the audit log. */
export interface StationStepOutcome {
  readonly result: AuditResult;
  readonly error: string | null;
  readonly fingerprints?: readonly string[];
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * Appends one step of work on a device that is not part of a run (a tree edit, a certificate
 * push) to the station's audit log, with the device's identity and slot; the checkpoint is signed
 * when the CA is unlocked. A log that cannot be written is reported, never thrown at the caller:
 * the device work has already happened.
 */
export async function auditDeviceStep(ctx: AreaContext, deviceId: DeviceId, step: string, startedMs: number, outcome: StationStepOutcome): Promise<void> {
  try {
    const device = ctx.services.registry.list().find((d) => d.id === deviceId);
    const ids = device?.identity ?? {};
    const signer = await ctx.services.certificates.unlockedCa().then(
      (u) => stationCaSigner(u.signer),
      () => undefined,
    );
    await ctx.services.audit.append(
      {
        who: 'station',
        station: stationId(),
        slot: device?.slot ?? null,
        profileVersion: null,
        model: ids.model ?? null,
        deviceIds: { ...(ids.imei === undefined ? {} : { imei: ids.imei }), ...(ids.imsi === undefined ? {} : { imsi: ids.imsi }), ...(ids.iccid === undefined ? {} : { iccid: ids.iccid }) },
        fingerprints: [...(outcome.fingerprints ?? [])],
        step,
        result: outcome.result,
        error: outcome.error,
        timings: { startMs: startedMs, durationMs: Math.max(0, ctx.clock.nowMs() - startedMs) },
        data: { ...outcome.data },
      },
      signer,
    );
  } catch (error) {
    ctx.report(error, { command: `${step} audit`, via: 'station' });
  }
}
