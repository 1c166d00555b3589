/**
 * Time source for sans-I/O code.
 *
 * `nowMs` is wall-clock milliseconds since the Unix epoch; `monotonicMs` only ever increases and is
 * what timeouts are measured against. Timers are not part of the port: engines return deadlines and
 * the adapter that owns the event loop schedules them.
 */
export interface Clock {
  nowMs(): number;
  monotonicMs(): number;
}

/** Source of randomness (a CSPRNG in production, seeded in tests). */
export interface Random {
  /** Fills and returns `length` random bytes. */
  bytes(length: number): Uint8Array;
}

/** Structured logger. Implementations must never receive secrets; callers redact first. */
export interface Logger {
  debug(message: string, fields?: Readonly<Record<string, unknown>>): void;
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}
