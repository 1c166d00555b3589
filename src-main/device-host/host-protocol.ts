import { z } from 'zod';
import { events, isEventName, type EventName, type Payload } from '../../src-shared/ipc/contract.js';
import type { Envelope } from '../../src-shared/ipc/envelope.js';
import { ERROR_CODES, type SerializedError } from '../../src-shared/errors/index.js';

/**
 * Messages between the main process and the device-host child process.
 *
 * Both directions carry structured-clone data (Electron `utilityProcess` ports and Node's
 * `fork(..., { serialization: 'advanced' })` clone the same way) and both ends parse every
 * message from `unknown` with these schemas before acting on it.
 *
 * Parent → host: `invoke` (one contract call), `cancel` (the caller went away), `shutdown`.
 * Host → parent: `ready` (once, after the station started), `result` (answers one invoke by id),
 * `event` (a contract event).
 */
const CallId = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** A call from the parent. `name` and `input` are still untrusted: the host's gate checks them. */
export const HostInvoke = z.strictObject({
  type: z.literal('invoke'),
  id: CallId,
  name: z.string().max(100),
  input: z.unknown(),
});

/** Parent → host messages. */
export const ParentToHost = z.discriminatedUnion('type', [
  HostInvoke,
  z.strictObject({ type: z.literal('cancel'), id: CallId }),
  z.strictObject({ type: z.literal('shutdown') }),
]);
export type ParentToHost = z.output<typeof ParentToHost>;

const ErrorDetailValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);

/** The wire form of {@link SerializedError}. */
export const SerializedErrorSchema = z.strictObject({
  code: z.enum(ERROR_CODES),
  message: z.string().max(10_000),
  retryable: z.boolean(),
  details: z.record(z.string(), ErrorDetailValue).optional(),
});

const EnvelopeSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ ok: z.literal(false), error: SerializedErrorSchema }),
]);

/** Host → parent messages (event payloads are checked separately against the contract). */
export const HostToParent = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready'), pid: z.number().int().positive() }),
  z.strictObject({ type: z.literal('result'), id: CallId, envelope: EnvelopeSchema }),
  z.strictObject({ type: z.literal('event'), name: z.string().max(100), payload: z.unknown() }),
]);

/** A host → parent message whose envelope has the precise {@link Envelope} type. */
export type HostToParent =
  | { readonly type: 'ready'; readonly pid: number }
  | { readonly type: 'result'; readonly id: number; readonly envelope: Envelope<unknown> }
  | { readonly type: 'event'; readonly name: string; readonly payload: unknown };

/** A contract event that crossed from the host and passed its schema. */
export interface HostEvent {
  readonly name: EventName;
  readonly payload: Payload<EventName>;
}

/** Parses a message received by the host; `undefined` when it is not a protocol message. */
export function parseParentMessage(raw: unknown): ParentToHost | undefined {
  const parsed = ParentToHost.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** Parses a message received by the parent; `undefined` when it is not a protocol message. */
export function parseHostMessage(raw: unknown): HostToParent | undefined {
  const parsed = HostToParent.safeParse(raw);
  if (!parsed.success) return undefined;
  const message = parsed.data;
  if (message.type !== 'result') return message;
  const { envelope } = message;
  return { type: 'result', id: message.id, envelope: envelope.ok ? envelope : { ok: false, error: toSerialized(envelope.error) } };
}

/** Checks an event that crossed from the host against the contract; `undefined` if it does not conform. */
export function parseHostEvent(name: string, payload: unknown): HostEvent | undefined {
  if (!isEventName(name)) return undefined;
  const parsed = events[name].safeParse(payload);
  return parsed.success ? { name, payload: parsed.data } : undefined;
}

function toSerialized(error: z.output<typeof SerializedErrorSchema>): SerializedError {
  const { details, ...rest } = error;
  return details === undefined ? rest : { ...rest, details };
}
