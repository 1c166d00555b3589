import { z } from 'zod';
import { DeviceId, DeviceSummary } from '../domain/device.js';
import { StationInfo } from '../domain/station.js';

/**
 * Renderer → main request/response table. Names are `<area>.<verb>`; one entry per use case.
 *
 * Every type used by the handler, the preload bridge, the WebSocket bridge and the renderer is
 * derived from this table; nothing is written twice.
 */
export const commands = {
  'station.info': { input: z.void(), output: StationInfo },
  'devices.list': { input: z.void(), output: z.array(DeviceSummary) },
  'simulator.attach': {
    input: z.strictObject({ label: z.string().min(1).max(80).optional() }),
    output: DeviceSummary,
  },
  'simulator.detach': { input: z.strictObject({ deviceId: DeviceId }), output: z.null() },
  /** Identifies a device again (link HELLO, else AT); resolves with its updated record. */
  'devices.identify': { input: z.strictObject({ deviceId: DeviceId }), output: DeviceSummary },
  /**
   * Names a physical slot ("Bay 3"); a blank name clears it. The name survives restarts, and
   * every device in the slot is re-announced (`device.attached`) with `slotName`.
   */
  'slots.rename': {
    input: z.strictObject({ slot: z.string().min(1).max(200), name: z.string().max(80) }),
    output: z.strictObject({ slot: z.string(), name: z.string().nullable() }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

/**
 * Main → renderer pushes. Names are `<noun>.<past-tense verb>`.
 *
 * `device.attached` is an upsert: it is sent again for the same id when identification finishes
 * or the slot is renamed.
 */
export const events = {
  'device.attached': DeviceSummary,
  'device.detached': z.strictObject({ deviceId: DeviceId, slot: z.string() }),
} as const satisfies Record<string, z.ZodType>;

export type CommandName = keyof typeof commands;
export type EventName = keyof typeof events;
export type Input<C extends CommandName> = z.input<(typeof commands)[C]['input']>;
export type ParsedInput<C extends CommandName> = z.output<(typeof commands)[C]['input']>;
export type Output<C extends CommandName> = z.output<(typeof commands)[C]['output']>;
export type Payload<E extends EventName> = z.output<(typeof events)[E]>;

/** All command names, in table order. */
export const commandNames = Object.keys(commands) as CommandName[];
/** All event names, in table order. */
export const eventNames = Object.keys(events) as EventName[];

/** True when `name` is a command of the contract (own property only: `__proto__` is not a command). */
export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commands, name);
}

/** True when `name` is an event of the contract. */
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** The Electron IPC channel of a command or event. */
export const channelOf = (name: CommandName | EventName) => `bb:${name}` as const;
