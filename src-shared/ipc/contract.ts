import { z } from 'zod';
import { DeviceId, DeviceSummary } from '../domain/device.js';
import { StationInfo } from '../domain/station.js';
import { AuditEntry, AuditResult } from '../audit/audit-entry.js';
import { InspectionRefusal, InspectionReport } from '../pki/inspection.js';
import { CaEntry, CaStatus, IssuedRecord } from '../pki/registry-record.js';
import { interactionCommands, interactionEvents } from './areas/interaction.js';
import { profilesCommands, profilesEvents } from './areas/profiles.js';
import { runsCommands, runsEvents } from './areas/runs.js';
import { traceCommands, traceEvents } from './areas/trace.js';
import { treeCommands, treeEvents } from './areas/tree.js';
import type { CommandTable, EventTable } from './table.js';

/** A CA passphrase: inbound only, never echoed back or logged. */
const Passphrase = z.string().min(8).max(1024);

/** Result of `audit.verify` (mirrors `AuditVerdict`): intact, or the first bad index and why. */
const AuditVerdictSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), entries: z.number().int().nonnegative(), checkpoints: z.number().int().nonnegative(), unsealedTail: z.number().int().nonnegative() }),
  z.strictObject({
    ok: z.literal(false),
    firstBadIndex: z.number().int(),
    reason: z.enum(['index-mismatch', 'prev-hash-mismatch', 'hash-mismatch', 'checkpoint-signature-invalid', 'checkpoint-hash-mismatch', 'truncated']),
    detail: z.string(),
  }),
]);

const YieldRowSchema = z.strictObject({ key: z.string(), firstPass: z.number().int().nonnegative(), units: z.number().int().nonnegative(), yield: z.number().min(0).max(1) });

/** Result of `audit.stats` (mirrors `AuditStats`). */
const AuditStatsSchema = z.strictObject({
  finishedRuns: z.number().int().nonnegative(),
  passedUnits: z.number().int().nonnegative(),
  unitsPerHour: z.number().nonnegative(),
  yieldByProfile: z.array(YieldRowSchema),
  yieldByModel: z.array(YieldRowSchema),
  yieldByStation: z.array(YieldRowSchema),
  failurePareto: z.array(z.strictObject({ error: z.string(), count: z.number().int().positive(), cumulative: z.number().min(0).max(1) })),
  /** Units passed per UTC hour (`YYYY-MM-DDTHH`), the last 12 hours that had any, oldest first. */
  unitsByHour: z.array(z.strictObject({ hour: z.string(), units: z.number().int().positive() })),
});

const StorageSetting = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('sqlite') }),
  /** A libpq URL without a password (the password lives in $PGPASSWORD or ~/.pgpass). */
  z.strictObject({ kind: z.literal('postgres'), connectionString: z.string().min(1).max(2000) }),
]);

/** The profile version station runs compile per device (an approved library version); null: the demo description. */
const RunProfileSetting = z.strictObject({ name: z.string().min(1).max(64), version: z.string().regex(/^[0-9a-f]{64}$/) }).nullable();

/** Station settings as the UI sees them. */
const SettingsSchema = z.strictObject({ concurrency: z.number().int().min(1).max(64), storage: StorageSetting, autoRun: z.boolean(), runProfile: RunProfileSetting.optional() });

/**
 * Renderer → main request/response table. Names are `<area>.<verb>`; one entry per use case.
 *
 * Every type used by the handler, the preload bridge, the WebSocket bridge and the renderer is
 * derived from this table; nothing is written twice. Larger areas keep their entries in
 * `./areas/<area>.ts` and are joined here.
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
  /** The station CA: active and retired generations, issued count, and whether this run holds the signer. */
  'ca.status': { input: z.void(), output: CaStatus.extend({ unlocked: z.boolean() }) },
  /** Creates the station CA (EC P-256) sealed by the passphrase and unlocks it for this run. */
  'ca.init': { input: z.strictObject({ passphrase: Passphrase, subject: z.string().min(3).max(200).optional() }), output: CaEntry },
  /** Unlocks the active CA for this station run; the signer stays in main. */
  'ca.unlock': { input: z.strictObject({ passphrase: Passphrase }), output: z.strictObject({ unlocked: z.literal(true), caId: z.string() }) },
  /** Issues a device certificate from a pasted CSR (PEM/base64/hex); never returns a private key. */
  'ca.issue': {
    input: z.strictObject({ csr: z.string().min(1).max(65_536), deviceId: z.string().min(1).max(200), validityDays: z.number().int().min(1).max(3650).default(365) }),
    output: z.strictObject({ record: IssuedRecord, certificatePem: z.string() }),
  },
  /** Every certificate the station CA issued, newest first. */
  'certs.issued': { input: z.void(), output: z.array(IssuedRecord) },
  /** Inspects pasted text or dropped bytes (base64); bad input is a refusal value with an explanation. */
  'certs.inspect': {
    input: z.strictObject({ text: z.string().max(1_000_000).optional(), base64: z.base64().max(1_400_000).optional(), password: z.string().max(1024).optional() }),
    output: z.discriminatedUnion('ok', [z.strictObject({ ok: z.literal(true), report: InspectionReport }), z.strictObject({ ok: z.literal(false), refusal: InspectionRefusal })]),
  },
  /** A page of audit entries, newest first, filtered by result and free text. */
  'audit.entries': {
    input: z.strictObject({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(50), result: AuditResult.optional(), text: z.string().max(200).optional() }),
    output: z.strictObject({ total: z.number().int().nonnegative(), entries: z.array(AuditEntry) }),
  },
  /** Walks the hash chain and checks the signed checkpoints. */
  'audit.verify': { input: z.void(), output: AuditVerdictSchema },
  /** The whole log as CSV or JSON text, for a download. */
  'audit.export': { input: z.strictObject({ format: z.enum(['csv', 'json']) }), output: z.strictObject({ format: z.enum(['csv', 'json']), count: z.number().int().nonnegative(), text: z.string() }) },
  /** Units/hour, first-pass yield by profile/model/station, failure Pareto. */
  'audit.stats': { input: z.void(), output: AuditStatsSchema },
  'settings.get': { input: z.void(), output: SettingsSchema },
  /** Saves a partial update; storage changes apply at the next start. */
  'settings.set': { input: SettingsSchema.partial(), output: SettingsSchema },
  ...runsCommands,
  ...treeCommands,
  ...traceCommands,
  ...interactionCommands,
  ...profilesCommands,
} as const satisfies CommandTable;

/**
 * Main → renderer pushes. Names are `<noun>.<past-tense verb>`.
 *
 * `device.attached` is an upsert: it is sent again for the same id when identification finishes
 * or the slot is renamed.
 */
export const events = {
  'device.attached': DeviceSummary,
  'device.detached': z.strictObject({ deviceId: DeviceId, slot: z.string() }),
  ...runsEvents,
  ...treeEvents,
  ...traceEvents,
  ...interactionEvents,
  ...profilesEvents,
} as const satisfies EventTable;

export type CommandName = keyof typeof commands;
/** Commands answered by an area module rather than the core handlers. */
export type AreaCommandName = keyof typeof runsCommands | keyof typeof treeCommands | keyof typeof traceCommands | keyof typeof interactionCommands | keyof typeof profilesCommands;
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
