import { decodeCmeError, type CmeError } from './cme-errors.js';

/** A final result code that ends a command (TS 27.007 §4.1, V.250 §5.7). */
export type AtFinalResult =
  | { readonly kind: 'ok' }
  | { readonly kind: 'error' }
  | { readonly kind: 'cme-error'; readonly error: CmeError }
  | { readonly kind: 'cms-error'; readonly code: number | undefined; readonly message: string }
  | { readonly kind: 'call-failed'; readonly text: 'NO CARRIER' | 'BUSY' | 'NO ANSWER' | 'NO DIALTONE' };

const CALL_FAILURES = ['NO CARRIER', 'BUSY', 'NO ANSWER', 'NO DIALTONE'] as const;

/** Classifies a line as a final result code, or undefined for information/URC lines. */
export function parseFinalResult(line: string): AtFinalResult | undefined {
  const text = line.trim();
  const upper = text.toUpperCase();
  if (upper === 'OK') return { kind: 'ok' };
  if (upper === 'ERROR') return { kind: 'error' };
  if (upper.startsWith('+CME ERROR:')) return { kind: 'cme-error', error: decodeCmeError(text.slice(11)) };
  if (upper.startsWith('+CMS ERROR:')) {
    const arg = text.slice(11).trim();
    return /^\d{1,5}$/.test(arg) ? { kind: 'cms-error', code: Number(arg), message: `SMS error ${arg}` } : { kind: 'cms-error', code: undefined, message: arg };
  }
  const call = CALL_FAILURES.find((c) => c === upper);
  return call === undefined ? undefined : { kind: 'call-failed', text: call };
}

/** Unsolicited result codes with a `+NAME:` prefix that modems send on their own. */
const URC_PREFIXES = new Set([
  '+CREG', '+CGREG', '+CEREG', '+C5GREG', '+CMTI', '+CMT', '+CBM', '+CDS', '+CDSI', '+CLIP', '+CRING', '+CUSD', '+CCWA',
  '+CSSI', '+CSSU', '+CIEV', '+CTZV', '+CTZE', '+CTZR', '+CGEV', '+CPIN', '+CMTE', '+QIND', '+QUSIM', '+STIN', '^SYSSTART', '^MODE', '^RSSI', '^BOOT',
]);
/** Unsolicited result codes without arguments. */
const URC_WORDS = new Set(['RING', 'RDY', '+PACSP0', '+PACSP1', 'CALL READY', 'SMS READY', 'PB DONE']);

/** `+CREG: 1,2` → `+CREG`; undefined when the line has no `+NAME:`/`^NAME:` prefix. */
export function prefixOf(line: string): string | undefined {
  const m = /^([+^][A-Za-z0-9]+):/.exec(line.trim());
  return m?.[1]?.toUpperCase();
}

/**
 * True when `line` is unsolicited while `commandName` (e.g. `+CREG` for `AT+CREG?`) runs.
 *
 * A line prefixed with the running command's own name is its answer, not a URC.
 */
export function isUnsolicited(line: string, commandName: string | undefined): boolean {
  const text = line.trim().toUpperCase();
  if (URC_WORDS.has(text)) return true;
  const prefix = prefixOf(text);
  return prefix !== undefined && prefix !== commandName && URC_PREFIXES.has(prefix);
}
