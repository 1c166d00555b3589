import { z } from 'zod';
import { NOTIFICATION_ID_ALERT } from '../decisions.js';
import type { DmLimits } from '../limits.js';

/** Session-level alert types (digest §3.13). */
export const SESSION_ALERTS = {
  clientInitiated: 'urn:oma:at:dm:2.0:ClientInitiatedMgmt',
  serverInitiated: 'urn:oma:at:dm:2.0:ServerInitiatedMgmt',
  bootstrapComplete: 'urn:oma:at:dm:2.0:BootstrapComplete',
} as const;

/** Alert severities (`Mark`). */
export const ALERT_MARKS = ['fatal', 'critical', 'minor', 'warning', 'informational', 'harmless', 'indeterminate'] as const;

/** One alert severity. */
export type AlertMark = (typeof ALERT_MARKS)[number];

/** A Generic Alert (client → server, in Package#1 or #3). `Data` is free-form JSON. */
export interface GenericAlert {
  readonly AlertType: string;
  readonly SourceURI?: string;
  readonly TargetURI?: string;
  readonly Mark?: AlertMark;
  readonly DataType?: string;
  readonly Data?: Readonly<Record<string, unknown>>;
}

/** Zod schema of a Generic Alert under the given limits. */
export function genericAlertSchema(limits: DmLimits): z.ZodType<GenericAlert> {
  const str = z.string().max(limits.maxStringLength);
  return z.object({
    AlertType: str.min(1),
    SourceURI: str.optional(),
    TargetURI: str.optional(),
    Mark: z.enum(ALERT_MARKS).optional(),
    DataType: str.optional(),
    Data: z.record(z.string(), z.unknown()).optional(),
  }) as unknown as z.ZodType<GenericAlert>;
}

/** The session alert of a client-initiated session. */
export function clientInitiatedAlert(): GenericAlert {
  return { AlertType: SESSION_ALERTS.clientInitiated };
}

/** The session alert answering a Package#0; carries its NOTIFICATION-ID (layout: decisions.ts). */
export function serverInitiatedAlert(notificationId: number): GenericAlert {
  return { AlertType: SESSION_ALERTS.serverInitiated, DataType: NOTIFICATION_ID_ALERT.dataType, Data: { [NOTIFICATION_ID_ALERT.dataKey]: notificationId } };
}

/** The session alert after a successful bootstrap. */
export function bootstrapCompleteAlert(): GenericAlert {
  return { AlertType: SESSION_ALERTS.bootstrapComplete };
}

/** The NOTIFICATION-ID a ServerInitiatedMgmt alert carries, if it is one and carries it. */
export function notificationIdOf(alert: GenericAlert): number | undefined {
  if (alert.AlertType !== SESSION_ALERTS.serverInitiated) return undefined;
  const data = alert.Data;
  const v = data !== undefined && Object.hasOwn(data, NOTIFICATION_ID_ALERT.dataKey) ? data[NOTIFICATION_ID_ALERT.dataKey] : undefined;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffff ? v : undefined;
}
