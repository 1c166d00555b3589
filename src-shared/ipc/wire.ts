import { z } from 'zod';
import { ERROR_CODES, type SerializedError } from '../errors/provisioning-error.js';
import type { Envelope } from './envelope.js';

/**
 * Messages of the web-station WebSocket protocol (JSON text frames).
 *
 * Client → station: `invoke`. Station → client: `result` (answers one invoke by id), `event`
 * (a contract event), `refused` (the connection itself was refused: bad token or Origin; the
 * station closes it right after).
 */
export const WsClientMessage = z.strictObject({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  name: z.string().max(100),
  input: z.unknown().optional(),
});
export type WsClientMessage = z.output<typeof WsClientMessage>;

/** Close codes the station uses when it refuses a connection. */
export const WS_CLOSE_FORBIDDEN = 4403;

/** Largest accepted client frame in bytes. */
export const WS_MAX_FRAME_BYTES = 1024 * 1024;

/**
 * WebSocket subprotocol of the web station.
 *
 * A client offers two subprotocols: this one and `token.<token>` (see {@link WS_TOKEN_PREFIX}). The
 * station selects this one; the token never appears in a URL, so it stays out of logs and history.
 */
export const WS_SUBPROTOCOL = 'bootbench.v1';

/** Prefix of the subprotocol entry that carries the per-run token: `token.<base64url token>`. */
export const WS_TOKEN_PREFIX = 'token.';

/** Path of the station's WebSocket endpoint. */
export const WS_PATH = '/ws';

const WireErrorDetails = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string()).readonly()]));

/** A {@link SerializedError} as it arrives over the wire (parsed, never trusted). */
export const WireError = z
  .object({ code: z.enum(ERROR_CODES), message: z.string().max(10_000), retryable: z.boolean(), details: WireErrorDetails.optional() })
  .transform(
    ({ code, message, retryable, details }): SerializedError =>
      details === undefined ? { code, message, retryable } : { code, message, retryable, details },
  );

const WsResultSchema = z.object({
  type: z.literal('result'),
  id: z.number().int().nonnegative().nullable(),
  envelope: z.union([z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: WireError })]),
});
const WsEventSchema = z.object({ type: z.literal('event'), name: z.string().max(100), payload: z.unknown() });
const WsRefusedSchema = z.object({ type: z.literal('refused'), error: WireError });

/** Schema of every station → client message (the client parses with {@link parseWsServerMessage}). */
export const WsServerMessageSchema = z.discriminatedUnion('type', [WsResultSchema, WsEventSchema, WsRefusedSchema]);

/**
 * Station → client messages.
 *
 * `result` answers one `invoke` (id is null when the frame was too broken to carry one); `event`
 * carries a contract event (the receiver checks the payload against `events[name]`); `refused`
 * says the connection itself is refused (bad Origin or token) and is followed by a close.
 */
export type WsServerMessage =
  | { readonly type: 'result'; readonly id: number | null; readonly envelope: Envelope<unknown> }
  | { readonly type: 'event'; readonly name: string; readonly payload: unknown }
  | { readonly type: 'refused'; readonly error: SerializedError };

/** Parses one station → client message from JSON text; `undefined` when it is not one. */
export function parseWsServerMessage(text: string): WsServerMessage | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = WsServerMessageSchema.safeParse(json);
  // zod types `value: z.unknown()` as an optional key; the schema has checked the shape.
  return parsed.success ? (parsed.data as WsServerMessage) : undefined;
}
