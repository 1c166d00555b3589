import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ErrorCode } from '../../src-shared/errors/index.js';
import { WS_TOKEN_PREFIX } from '../../src-shared/ipc/wire.js';
import { isAllowedHost } from './http-policy.js';

/** Outcome of checking a WebSocket upgrade request. */
export type HandshakeVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: Extract<ErrorCode, 'FORBIDDEN_SENDER' | 'AUTH_FAILED'>; readonly message: string };

/** What a connection must present to be let in. */
export interface HandshakeExpectation {
  readonly port: number;
  readonly origins: readonly string[];
  readonly token: string;
}

/** Offered subprotocols of an upgrade request, in order. */
export function offeredProtocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  if (typeof header !== 'string') return [];
  return header
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** Constant-time token comparison (hashing first makes the lengths equal). */
export function tokensMatch(offered: string, expected: string): boolean {
  const a = createHash('sha256').update(offered).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Decides whether a WebSocket client may talk to the station.
 *
 * Rules: the Host header must name the station (DNS rebinding); a present Origin must be one of
 * the station's own origins (`FORBIDDEN_SENDER`); the `token.<token>` subprotocol must carry this
 * run's token (`AUTH_FAILED`). A missing Origin is accepted only together with a valid token:
 * browsers always send Origin, so only non-browser clients (scripts, tests) omit it.
 */
export function checkHandshake(req: IncomingMessage, expected: HandshakeExpectation): HandshakeVerdict {
  if (!isAllowedHost(req.headers.host, expected.port)) {
    return { ok: false, code: 'FORBIDDEN_SENDER', message: 'The Host header does not name this station' };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !expected.origins.includes(origin)) {
    return { ok: false, code: 'FORBIDDEN_SENDER', message: 'Connections are accepted only from the station’s own page' };
  }
  const tokens = offeredProtocols(req).filter((p) => p.startsWith(WS_TOKEN_PREFIX));
  if (tokens.length === 0) return { ok: false, code: 'AUTH_FAILED', message: 'No station token was presented' };
  if (tokens.length > 1 || !tokensMatch(tokens[0]!.slice(WS_TOKEN_PREFIX.length), expected.token)) {
    return { ok: false, code: 'AUTH_FAILED', message: 'The station token is not valid for this run' };
  }
  return { ok: true };
}
