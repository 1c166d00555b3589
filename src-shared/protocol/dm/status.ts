/**
 * DM 2.0 status codes (HTTP-style `sc` values in Package#3) with their names.
 *
 * Digest §13: the complete DM 2.0 table is UNKNOWN; these are the codes tied to DM 2.0 behaviour
 * plus our recommended defaults for the rest (see `decisions.ts`).
 */
export const STATUS = {
  ok: 200,
  accepted: 202,
  noContent: 204,
  notModified: 304,
  badRequest: 400,
  unauthorized: 401,
  forbidden: 403,
  notFound: 404,
  commandNotAllowed: 405,
  notAcceptable: 406,
  conflict: 409,
  payloadTooLarge: 413,
  uriTooLong: 414,
  unsupportedMediaType: 415,
  commandFailed: 500,
  notImplemented: 501,
} as const;

/** One of the status codes this engine produces. */
export type StatusCode = (typeof STATUS)[keyof typeof STATUS];

const NAMES: Readonly<Record<StatusCode, string>> = {
  200: 'OK',
  202: 'Accepted',
  204: 'No Content',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Command Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  500: 'Command Failed',
  501: 'Not Implemented',
};

/** Human name of a status code; `Status <n>` for codes outside the table (peers may send any). */
export function statusName(sc: number): string {
  return Object.hasOwn(NAMES, sc) ? NAMES[sc as StatusCode] : `Status ${sc}`;
}

/** True for 2xx and 304 (the command did what was asked). */
export function isSuccessStatus(sc: number): boolean {
  return (sc >= 200 && sc < 300) || sc === STATUS.notModified;
}

/**
 * The result of a DM operation: a value, or the device's "no" as data (STYLE C6.1).
 */
export type DmResult<T> =
  | { readonly status: 'ok'; readonly value: T }
  | { readonly status: 'rejected'; readonly code: StatusCode; readonly detail: string };

/** Success constructor for {@link DmResult}. */
export const dmOk = <T>(value: T): DmResult<T> => ({ status: 'ok', value });

/** Rejection constructor for {@link DmResult}. */
export const dmReject = <T = never>(code: StatusCode, detail: string): DmResult<T> => ({ status: 'rejected', code, detail });
