import { z } from 'zod';

/** Opaque, stable identifier of an attached device within one station run. */
export const DeviceId = z.string().min(1).max(200).brand<'DeviceId'>();
export type DeviceId = z.output<typeof DeviceId>;

/** How the station reaches a device. */
export const DeviceTransport = z.enum(['serial', 'usb', 'tcp', 'pcsc', 'simulated']);
export type DeviceTransport = z.output<typeof DeviceTransport>;

/** What a device is, as far as the station could tell. */
export const DeviceKind = z.enum(['handset', 'modem', 'card-reader', 'unknown']);
export type DeviceKind = z.output<typeof DeviceKind>;

/** Identity facts read from a device (all optional: identification may be partial). */
export const DeviceIdentity = z
  .object({
    manufacturer: z.string().max(200),
    model: z.string().max(200),
    firmware: z.string().max(200),
    imei: z.string().max(32),
    imsi: z.string().max(32),
    iccid: z.string().max(32),
    serialNumber: z.string().max(200),
    vendorId: z.string().max(8),
    productId: z.string().max(8),
  })
  .partial();
export type DeviceIdentity = z.output<typeof DeviceIdentity>;

/** One device as the UI and CLI see it. Plain data only. */
export const DeviceSummary = z.object({
  id: DeviceId,
  /** Stable slot name of the physical port (tty path, USB port path or user-given name). */
  slot: z.string().min(1).max(200),
  label: z.string().max(200),
  transport: DeviceTransport,
  kind: DeviceKind,
  /** Operating-system path of the port, when there is one. */
  path: z.string().max(500).optional(),
  identity: DeviceIdentity,
  attachedAtMs: z.number().int().nonnegative(),
});
export type DeviceSummary = z.output<typeof DeviceSummary>;
