/**
 * The one error type that crosses layers and processes.
 *
 * Codes describe what failed for the user, never which library failed; library detail goes in
 * `cause` / `details`. The human text for each code lives in the renderer's error catalog.
 */
export const ERROR_CODES = [
  'DEVICE_NOT_FOUND',
  'DEVICE_DISCONNECTED',
  'DEVICE_BUSY',
  'TRANSPORT_TIMEOUT',
  'PROTOCOL_VIOLATION',
  'AUTH_FAILED',
  'CARD_ABSENT',
  'CARD_PIN_BLOCKED',
  'CERT_INVALID',
  'INVALID_REQUEST',
  'FORBIDDEN_SENDER',
  'UNKNOWN_COMMAND',
  'NOT_FOUND',
  'CANCELLED',
  'INTERNAL',
  /** The UI lost its connection to the station (web station stopped, connection dropped). */
  'STATION_UNREACHABLE',
  /** A device's management tree changed after a diff was previewed; nothing was applied. */
  'TREE_CHANGED',
] as const;

/** Closed union of error codes. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** JSON-safe detail values attached to an error (never secrets). */
export type ErrorDetails = Readonly<Record<string, string | number | boolean | null | readonly string[]>>;

/** Options bag for {@link ProvisioningError}. */
export interface ProvisioningErrorOptions {
  readonly cause?: unknown;
  readonly retryable?: boolean;
  readonly details?: ErrorDetails;
}

/** The error form that survives structured clone and JSON. */
export interface SerializedError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly retryable: boolean;
  readonly details?: ErrorDetails;
}

/** Error with a closed code, an optional cause chain and JSON-safe details. */
export class ProvisioningError extends Error {
  override readonly name = 'ProvisioningError';
  readonly retryable: boolean;
  readonly details: ErrorDetails | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: ProvisioningErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }

  /** Plain-data form for envelopes. */
  toSerialized(): SerializedError {
    return this.details === undefined
      ? { code: this.code, message: this.message, retryable: this.retryable }
      : { code: this.code, message: this.message, retryable: this.retryable, details: this.details };
  }

  /** Rebuilds an error received from another process. */
  static fromSerialized(error: SerializedError): ProvisioningError {
    return new ProvisioningError(error.code, error.message, {
      retryable: error.retryable,
      ...(error.details === undefined ? {} : { details: error.details }),
    });
  }
}

/** True when `value` is one of {@link ERROR_CODES}. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/**
 * Turns anything thrown into a serializable error.
 *
 * Non-ProvisioningErrors become `INTERNAL` with a generic message: their text may carry paths or
 * library internals that do not belong in the UI.
 */
export function toSerializedError(error: unknown): SerializedError {
  if (error instanceof ProvisioningError) return error.toSerialized();
  return { code: 'INTERNAL', message: 'Internal error', retryable: false };
}
