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
    /** A smartcard's Answer To Reset, hex (card-reader slots: present while a card is in the reader). */
    atr: z.string().regex(/^[0-9a-f]{0,66}$/),
    serialNumber: z.string().max(200),
    vendorId: z.string().max(8),
    productId: z.string().max(8),
  })
  .partial();
export type DeviceIdentity = z.output<typeof DeviceIdentity>;

/**
 * How far identification of a port got: still `pending`, answered a link HELLO (`link`), answered
 * AT identity commands (`at`), or answered neither (`none`: an unidentified port).
 */
export const IdentificationState = z.enum(['pending', 'link', 'at', 'none']);
export type IdentificationState = z.output<typeof IdentificationState>;

/** A user-given slot name (trimmed, 1–80 characters). */
export const SlotName = z.string().trim().min(1).max(80);

/** One device as the UI and CLI see it. Plain data only. */
export const DeviceSummary = z.object({
  id: DeviceId,
  /** Stable key of the physical port: tty path, `usb:<bus>-<port path>` or `tcp:<host>:<port>`. */
  slot: z.string().min(1).max(200),
  /** The user's name for the slot (`slots.rename`); the slot itself stays the physical key. */
  slotName: SlotName.optional(),
  label: z.string().max(200),
  transport: DeviceTransport,
  kind: DeviceKind,
  /** Operating-system path of the port, when there is one. */
  path: z.string().max(500).optional(),
  identity: DeviceIdentity,
  /** Where discovery stands for this port (absent for devices that need no probing). */
  identification: IdentificationState.optional(),
  attachedAtMs: z.number().int().nonnegative(),
});
export type DeviceSummary = z.output<typeof DeviceSummary>;
