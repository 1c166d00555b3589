/**
 * Mobile termination error codes of 3GPP TS 27.007 §9.2 (`+CME ERROR: <err>`).
 *
 * The verbose texts are the spec's; modems in verbose mode (`AT+CMEE=2`) send the text instead of
 * the number, so the table is searched both ways.
 */
export const CME_ERRORS: Readonly<Record<number, string>> = {
  0: 'phone failure',
  1: 'no connection to phone',
  2: 'phone-adaptor link reserved',
  3: 'operation not allowed',
  4: 'operation not supported',
  5: 'PH-SIM PIN required',
  6: 'PH-FSIM PIN required',
  7: 'PH-FSIM PUK required',
  10: 'SIM not inserted',
  11: 'SIM PIN required',
  12: 'SIM PUK required',
  13: 'SIM failure',
  14: 'SIM busy',
  15: 'SIM wrong',
  16: 'incorrect password',
  17: 'SIM PIN2 required',
  18: 'SIM PUK2 required',
  20: 'memory full',
  21: 'invalid index',
  22: 'not found',
  23: 'memory failure',
  24: 'text string too long',
  25: 'invalid characters in text string',
  26: 'dial string too long',
  27: 'invalid characters in dial string',
  30: 'no network service',
  31: 'network timeout',
  32: 'network not allowed - emergency calls only',
  40: 'network personalization PIN required',
  41: 'network personalization PUK required',
  42: 'network subset personalization PIN required',
  43: 'network subset personalization PUK required',
  44: 'service provider personalization PIN required',
  45: 'service provider personalization PUK required',
  46: 'corporate personalization PIN required',
  47: 'corporate personalization PUK required',
  48: 'hidden key required',
  49: 'EAP method not supported',
  50: 'Incorrect parameters',
  51: 'command implemented but currently disabled',
  52: 'command aborted by user',
  53: 'not attached to network due to MT functionality restrictions',
  54: 'modem not allowed - MT restricted to emergency calls only',
  55: 'operation not allowed because of MT functionality restrictions',
  56: 'fixed dial number only allowed - called number is not a fixed dial number',
  57: 'temporarily out of service due to other MT usage',
  58: 'language/alphabet not supported',
  59: 'unexpected data value',
  60: 'system failure',
  61: 'data missing',
  62: 'call barred',
  63: 'message waiting indication subscription failure',
  100: 'unknown',
  103: 'Illegal MS',
  106: 'Illegal ME',
  107: 'GPRS services not allowed',
  111: 'PLMN not allowed',
  112: 'Location area not allowed',
  113: 'Roaming not allowed in this location area',
  132: 'service option not supported',
  133: 'requested service option not subscribed',
  134: 'service option temporarily out of order',
  148: 'unspecified GPRS error',
  149: 'PDP authentication failure',
  150: 'invalid mobile class',
};

/** What a CME error means for provisioning. */
export type CmeCategory = 'sim-absent' | 'sim-locked' | 'sim-failure' | 'not-supported' | 'network' | 'other';

/** A decoded `+CME ERROR`. */
export interface CmeError {
  /** Numeric code, or undefined when a verbose text was not in the table. */
  readonly code: number | undefined;
  readonly message: string;
  readonly category: CmeCategory;
}

function categoryOf(code: number | undefined): CmeCategory {
  if (code === undefined) return 'other';
  if (code === 10) return 'sim-absent';
  if ([5, 6, 7, 11, 12, 16, 17, 18].includes(code) || (code >= 40 && code <= 48)) return 'sim-locked';
  if (code === 13 || code === 14 || code === 15) return 'sim-failure';
  if (code === 3 || code === 4 || code === 51) return 'not-supported';
  if ((code >= 30 && code <= 32) || code >= 103) return 'network';
  return 'other';
}

const BY_TEXT = new Map(Object.entries(CME_ERRORS).map(([code, text]) => [text.toLowerCase(), Number(code)]));

/** Decodes the argument of `+CME ERROR:` (numeric or verbose). */
export function decodeCmeError(argument: string): CmeError {
  const text = argument.trim();
  if (/^\d{1,5}$/.test(text)) {
    const code = Number(text);
    return { code, message: CME_ERRORS[code] ?? `error ${code}`, category: categoryOf(code) };
  }
  const code = BY_TEXT.get(text.toLowerCase());
  return { code, message: text, category: categoryOf(code) };
}
