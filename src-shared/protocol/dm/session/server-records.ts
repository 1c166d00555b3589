/**
 * How the server keeps per-device records in a {@link SessionStore}: the device's IDLE/NOTIFIED
 * state with its open session, the session states, and the queue of commands the server app
 * wants sent in the device's next Package#2.
 */
import { commandToRaw, parseCommand, type DmCommand } from '../packages/commands.js';
import type { ServerSessionState } from './server-session.js';
import type { JsonValue, SessionStore, Versioned } from './session-store.js';
import { z } from 'zod';
import { ProvisioningError } from '../../../errors/index.js';

/** Store key of a session state. */
export const sessionKey = (sessionId: string): string => `session:${sessionId}`;
/** Store key of a device record. */
export const deviceKey = (devId: string): string => `device:${devId}`;
/** Store key of a device's command queue. */
export const queueKey = (devId: string): string => `queue:${devId}`;

/** The per-device record: IDLE or NOTIFIED, and the open session if any. */
export type DeviceRecord = {
  readonly state: Extract<ServerSessionState, { kind: 'idle' | 'notified' }>;
  readonly sessionId: string | null;
};

const MAX_RETRIES = 16;

function isObject(v: JsonValue | undefined): v is { readonly [key: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads a device record (IDLE with no session when absent or unreadable). */
export function deviceRecordOf(devId: string, stored: Versioned<JsonValue> | undefined): DeviceRecord {
  const v = stored?.value;
  if (isObject(v) && isObject(v.state) && (typeof v.sessionId === 'string' || v.sessionId === null)) {
    const s = v.state;
    if (s.kind === 'notified' && typeof s.notificationId === 'number' && typeof s.notifiedAtMs === 'number') {
      return { state: { kind: 'notified', devId, notificationId: s.notificationId, notifiedAtMs: s.notifiedAtMs }, sessionId: v.sessionId };
    }
    return { state: { kind: 'idle', devId }, sessionId: v.sessionId };
  }
  return { state: { kind: 'idle', devId }, sessionId: null };
}

/** Applies `change` to a device record with optimistic concurrency, retrying on conflicts. */
export async function updateDevice(store: SessionStore, devId: string, change: (r: DeviceRecord) => DeviceRecord): Promise<void> {
  for (let i = 0; i < MAX_RETRIES; i++) {
    const stored = await store.load(deviceKey(devId));
    const next = change(deviceRecordOf(devId, stored));
    const r = await store.save(deviceKey(devId), next, stored?.version);
    if (r.ok) return;
  }
  throw new ProvisioningError('DEVICE_BUSY', 'Device record kept changing; gave up after retries', { retryable: true });
}

function rawList(v: JsonValue | undefined): string[][] {
  if (!Array.isArray(v)) return [];
  return (v as JsonValue[]).filter((c): c is string[] => Array.isArray(c) && c.every((s) => typeof s === 'string'));
}

/**
 * Queues commands for a device's next Package#2 (any server sharing the store will send them).
 * The commands go out in order, before whatever the server app adds.
 */
export async function enqueueCommands(store: SessionStore, devId: string, commands: readonly DmCommand[]): Promise<void> {
  const raw = commands.map(commandToRaw);
  for (let i = 0; i < MAX_RETRIES; i++) {
    const stored = await store.load(queueKey(devId));
    const r = await store.save(queueKey(devId), [...rawList(stored?.value), ...raw], stored?.version);
    if (r.ok) return;
  }
  throw new ProvisioningError('DEVICE_BUSY', 'Command queue kept changing; gave up after retries', { retryable: true });
}

/** The queued commands of a device (without removing them). */
export async function peekQueue(store: SessionStore, devId: string): Promise<DmCommand[]> {
  const stored = await store.load(queueKey(devId));
  const out: DmCommand[] = [];
  for (const raw of rawList(stored?.value)) {
    const c = parseCommand(raw);
    if (c.ok) out.push(c.value);
  }
  return out;
}

/** Removes the first `count` queued commands (those just sent), keeping any added meanwhile. */
export async function dropQueued(store: SessionStore, devId: string, count: number): Promise<void> {
  if (count === 0) return;
  for (let i = 0; i < MAX_RETRIES; i++) {
    const stored = await store.load(queueKey(devId));
    const rest = rawList(stored?.value).slice(count);
    const r = await store.save(queueKey(devId), rest, stored?.version);
    if (r.ok) return;
  }
  throw new ProvisioningError('DEVICE_BUSY', 'Command queue kept changing; gave up after retries', { retryable: true });
}

const sessionInfoSchema = z.object({
  sessionId: z.string(),
  devId: z.string(),
  serverId: z.string(),
  trigger: z.enum(['client-initiated', 'server-initiated', 'bootstrap-complete', 'unannounced']),
  notificationId: z.number().int().nullable(),
  round: z.number().int().nonnegative(),
  openedAtMs: z.number(),
  lastActivityMs: z.number(),
  pinned: z.boolean(),
  peer: z.string(),
});

const jsonSchema: z.ZodType<JsonValue> = z.lazy(() => z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(jsonSchema), z.record(z.string(), jsonSchema)]));

const waitP3Schema = z.object({
  kind: z.literal('wait-p3'),
  session: sessionInfoSchema,
  appState: jsonSchema,
  outstanding: z.array(z.array(z.string())),
  internal: z.array(z.number().int().nonnegative()),
});

/**
 * Reads a stored session state awaiting Package#3 (the only kind the store keeps), or undefined
 * when the stored value is not one (a corrupt or foreign record is never trusted).
 */
export function parseStoredSession(value: JsonValue): Extract<ServerSessionState, { kind: 'wait-p3' }> | undefined {
  const r = waitP3Schema.safeParse(value);
  return r.success ? (r.data as Extract<ServerSessionState, { kind: 'wait-p3' }>) : undefined;
}
