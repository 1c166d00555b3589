import type { ErrorCode } from '../../src-shared/errors/index.js';

/** Human text for one error code. */
export interface ErrorMessage {
  /** Short headline, sentence case, no trailing period. */
  readonly title: string;
  /** What happened, in the user's terms. */
  readonly description: string;
  /** What to do next. */
  readonly action: string;
}

/**
 * The one catalog of user-facing error text, keyed by every {@link ErrorCode}.
 *
 * Features handle specific codes first and fall back to this catalog. The `Record` type makes a
 * missing code a compile error; a test checks it at run time too.
 */
export const ERROR_MESSAGES: Readonly<Record<ErrorCode, ErrorMessage>> = {
  DEVICE_NOT_FOUND: {
    title: 'Device not found',
    description: 'The device is no longer attached to this station.',
    action: 'Check the cable and wait for the device to appear on the Bench again.',
  },
  DEVICE_DISCONNECTED: {
    title: 'Device disconnected',
    description: 'The device went away while the station was talking to it.',
    action: 'Reconnect the device and retry.',
  },
  DEVICE_BUSY: {
    title: 'Device busy',
    description: 'Another program or run is using this device or port.',
    action: 'Close the other program or wait for the current run to finish, then retry.',
  },
  TRANSPORT_TIMEOUT: {
    title: 'No answer from the device',
    description: 'The device did not answer in time.',
    action: 'Check that the device is switched on and in the right mode, then retry.',
  },
  PROTOCOL_VIOLATION: {
    title: 'Unexpected answer',
    description: 'The other side sent something the protocol does not allow.',
    action: 'Retry once; if it happens again, save the trace and report it.',
  },
  AUTH_FAILED: {
    title: 'Not authorised',
    description: 'The credentials or the station token were not accepted.',
    action: 'Open the address printed by `bootbench serve` again (it holds this run’s token), or check the credentials.',
  },
  CARD_ABSENT: {
    title: 'No card in the reader',
    description: 'The smartcard reader is empty or the card was removed.',
    action: 'Insert the card and retry.',
  },
  CARD_PIN_BLOCKED: {
    title: 'Card PIN blocked',
    description: 'Too many wrong PIN attempts: the card has blocked the PIN.',
    action: 'Unblock the card with its PUK or use another card.',
  },
  CERT_INVALID: {
    title: 'Certificate not valid',
    description: 'The certificate is malformed, expired or not issued by a trusted authority.',
    action: 'Check the certificate and its chain in Certificates.',
  },
  INVALID_REQUEST: {
    title: 'Request not accepted',
    description: 'The station refused the request because some of its values are not valid.',
    action: 'Check the values you entered and try again.',
  },
  FORBIDDEN_SENDER: {
    title: 'Page not allowed',
    description: 'The station accepts requests only from its own page.',
    action: 'Open the address printed by `bootbench serve` in this browser.',
  },
  UNKNOWN_COMMAND: {
    title: 'Not supported by this station',
    description: 'The station does not know this request; the UI and the station may be different versions.',
    action: 'Reload the page; if it persists, update Bootbench.',
  },
  NOT_FOUND: {
    title: 'Not found',
    description: 'The item you asked for does not exist (any more).',
    action: 'Refresh the view and pick it again.',
  },
  CANCELLED: {
    title: 'Cancelled',
    description: 'The operation was cancelled.',
    action: 'Start it again when you are ready.',
  },
  INTERNAL: {
    title: 'Something went wrong',
    description: 'The station hit an unexpected problem. Nothing was changed on the device.',
    action: 'Retry; if it happens again, export the diagnostics and report it.',
  },
  STATION_UNREACHABLE: {
    title: 'Station not reachable',
    description: 'The page lost its connection to the Bootbench station.',
    action: 'Wait while it reconnects, or check that `bootbench serve` is still running.',
  },
  TREE_CHANGED: {
    title: 'The device changed',
    description: "The device's management tree changed after the changes were previewed, so nothing was applied.",
    action: 'Read the tree again, check the pending changes and preview them once more.',
  },
};

/** The catalog entry for a code. */
export function messageFor(code: ErrorCode): ErrorMessage {
  return ERROR_MESSAGES[code];
}
