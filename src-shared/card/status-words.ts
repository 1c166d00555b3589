import { swHex } from './apdu.js';

/**
 * What a status word means for the caller.
 *
 * - `ok`: 9000 (and 61xx once GET RESPONSE has been handled);
 * - `more-data`: 61xx, `count` bytes wait for GET RESPONSE;
 * - `wrong-le`: 6Cxx, resend with `Le = count`;
 * - `warning`: 62xx/63xx without a counter (the command ran, with a warning);
 * - `retries`: 63Cx, `count` tries left on the referenced code;
 * - `blocked`: 6983, the referenced code is blocked;
 * - `error`: every other status word.
 */
export type SwKind = 'ok' | 'more-data' | 'wrong-le' | 'warning' | 'retries' | 'blocked' | 'error';

/** A decoded status word with a readable message. */
export interface StatusWordInfo {
  readonly sw: number;
  readonly kind: SwKind;
  readonly message: string;
  /** Byte count (61xx, 6Cxx) or tries left (63Cx). */
  readonly count?: number;
}

/** Exact status words of ISO 7816-4 §5.6 (Tables 5–6) and common card practice. */
const EXACT: ReadonlyMap<number, readonly [SwKind, string]> = new Map([
  [0x9000, ['ok', 'Success']],
  [0x6200, ['warning', 'Warning: state of non-volatile memory unchanged']],
  [0x6281, ['warning', 'Warning: part of returned data may be corrupted']],
  [0x6282, ['warning', 'Warning: end of file reached before reading Le bytes']],
  [0x6283, ['warning', 'Warning: selected file deactivated']],
  [0x6284, ['warning', 'Warning: file control information not formatted per ISO 7816-4']],
  [0x6285, ['warning', 'Warning: selected file in termination state']],
  [0x6286, ['warning', 'Warning: no input data available from a sensor']],
  [0x6300, ['warning', 'Verification failed (no counter given) or state of non-volatile memory changed']],
  [0x6381, ['warning', 'Warning: file filled up by the last write']],
  [0x6400, ['error', 'Execution error: state of non-volatile memory unchanged']],
  [0x6401, ['error', 'Execution error: immediate response required by the card']],
  [0x6500, ['error', 'Execution error: state of non-volatile memory changed']],
  [0x6581, ['error', 'Memory failure']],
  [0x6700, ['error', 'Wrong length (Lc or Le)']],
  [0x6800, ['error', 'Functions in CLA not supported']],
  [0x6881, ['error', 'Logical channel not supported']],
  [0x6882, ['error', 'Secure messaging not supported']],
  [0x6883, ['error', 'Last command of the chain expected']],
  [0x6884, ['error', 'Command chaining not supported']],
  [0x6900, ['error', 'Command not allowed']],
  [0x6981, ['error', 'Command incompatible with file structure']],
  [0x6982, ['error', 'Security status not satisfied (PIN/ADM verification required)']],
  [0x6983, ['blocked', 'Authentication method blocked (no tries left)']],
  [0x6984, ['error', 'Reference data not usable']],
  [0x6985, ['error', 'Conditions of use not satisfied']],
  [0x6986, ['error', 'Command not allowed (no current EF)']],
  [0x6987, ['error', 'Expected secure messaging data objects missing']],
  [0x6988, ['error', 'Incorrect secure messaging data objects']],
  [0x6A00, ['error', 'Wrong parameters P1-P2']],
  [0x6A80, ['error', 'Incorrect parameters in the command data field']],
  [0x6A81, ['error', 'Function not supported']],
  [0x6A82, ['error', 'File or application not found']],
  [0x6A83, ['error', 'Record not found']],
  [0x6A84, ['error', 'Not enough memory space in the file']],
  [0x6A85, ['error', 'Nc inconsistent with TLV structure']],
  [0x6A86, ['error', 'Incorrect parameters P1-P2']],
  [0x6A87, ['error', 'Nc inconsistent with parameters P1-P2']],
  [0x6A88, ['error', 'Referenced data or reference data not found']],
  [0x6A89, ['error', 'File already exists']],
  [0x6A8A, ['error', 'DF name already exists']],
  [0x6B00, ['error', 'Wrong parameters P1-P2 (offset outside the EF)']],
  [0x6D00, ['error', 'Instruction code not supported or invalid']],
  [0x6E00, ['error', 'Class not supported']],
  [0x6F00, ['error', 'No precise diagnosis (card error)']],
]);

/** Generic messages for SW1 groups (ISO 7816-4 §5.6). */
const GROUP: ReadonlyMap<number, readonly [SwKind, string]> = new Map([
  [0x62, ['warning', 'Warning: state of non-volatile memory unchanged']],
  [0x63, ['warning', 'Warning: state of non-volatile memory changed']],
  [0x64, ['error', 'Execution error: state of non-volatile memory unchanged']],
  [0x65, ['error', 'Execution error: state of non-volatile memory changed']],
  [0x66, ['error', 'Security-related issue']],
  [0x67, ['error', 'Wrong length']],
  [0x68, ['error', 'Functions in CLA not supported']],
  [0x69, ['error', 'Command not allowed']],
  [0x6a, ['error', 'Wrong parameters P1-P2']],
  [0x6f, ['error', 'No precise diagnosis']],
]);

/**
 * Decodes any 16-bit value as a status word with a readable message.
 *
 * Never throws: values that are not valid status words (SW1 outside 6x/9x) decode as `error` with
 * a message saying so.
 */
export function describeStatusWord(sw: number): StatusWordInfo {
  const value = sw & 0xffff;
  const sw1 = value >> 8;
  const sw2 = value & 0xff;
  const exact = EXACT.get(value);
  if (exact !== undefined) return { sw: value, kind: exact[0], message: exact[1] };
  if (sw1 === 0x61) return { sw: value, kind: 'more-data', message: `${sw2 === 0 ? 256 : sw2} response bytes available (GET RESPONSE)`, count: sw2 === 0 ? 256 : sw2 };
  if (sw1 === 0x6c) return { sw: value, kind: 'wrong-le', message: `Wrong Le: ${sw2 === 0 ? 256 : sw2} bytes available`, count: sw2 === 0 ? 256 : sw2 };
  if (sw1 === 0x63 && (sw2 & 0xf0) === 0xc0) {
    const tries = sw2 & 0x0f;
    return { sw: value, kind: 'retries', message: `Verification failed or counter query: ${tries} ${tries === 1 ? 'try' : 'tries'} left`, count: tries };
  }
  if (sw1 === 0x90 || sw1 === 0x91) return { sw: value, kind: 'ok', message: `Success (${swHex(value)})` };
  if (sw1 === 0x6d) return { sw: value, kind: 'error', message: 'Instruction code not supported or invalid' };
  if (sw1 === 0x6e) return { sw: value, kind: 'error', message: 'Class not supported' };
  const group = GROUP.get(sw1);
  if (group !== undefined) return { sw: value, kind: group[0], message: `${group[1]} (${swHex(value)})` };
  return { sw: value, kind: 'error', message: `Not an ISO 7816-4 status word (${swHex(value)})` };
}

/** True when the command completed normally (9000, 91xx). */
export function isSuccess(sw: number): boolean {
  return describeStatusWord(sw).kind === 'ok';
}
