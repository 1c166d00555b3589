import { z } from 'zod';

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
