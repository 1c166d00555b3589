import { toHex } from '../util/bytes.js';
import { swHex } from './apdu.js';
import { describeStatusWord } from './status-words.js';

/** One traced exchange: command (secrets redacted) and response. */
export interface ApduTraceEntry {
  readonly seq: number;
  /** Command APDU as hex, with the data field of secret-carrying commands replaced by `*`. */
  readonly command: string;
  /** Response body as hex (empty for none). */
  readonly response: string;
  readonly sw: string;
  readonly message: string;
  readonly elapsedMs?: number;
}

/** Instructions whose data field carries a PIN, ADM code or PUK (VERIFY, CHANGE REFERENCE DATA, RESET RETRY COUNTER). */
const SECRET_INS: ReadonlySet<number> = new Set([0x20, 0x21, 0x24, 0x2c]);

/**
 * Hex of a command APDU with any secret data replaced by asterisks (one `**` per byte).
 *
 * The header and Lc stay visible so a trace still shows which reference was presented; the code
 * itself never reaches a trace, log or file.
 */
export function redactCommand(apdu: Uint8Array): string {
  const ins = apdu[1];
  if (ins === undefined || !SECRET_INS.has(ins) || apdu.length <= 5) return toHex(apdu);
  return toHex(apdu.slice(0, 5)) + '**'.repeat(apdu.length - 5);
}

/** Builds a trace entry from a raw exchange. */
export function traceEntry(seq: number, command: Uint8Array, response: Uint8Array, elapsedMs?: number): ApduTraceEntry {
  const sw = response.length >= 2 ? (response[response.length - 2]! << 8) | response[response.length - 1]! : -1;
  const base = {
    seq,
    command: redactCommand(command),
    response: toHex(response.slice(0, Math.max(0, response.length - 2))),
    sw: sw < 0 ? '' : swHex(sw),
    message: sw < 0 ? 'no status word' : describeStatusWord(sw).message,
  };
  return elapsedMs === undefined ? base : { ...base, elapsedMs };
}

/** One trace line for humans: `> 00a4040c… < 9000 Success`. */
export function formatTraceEntry(entry: ApduTraceEntry): string {
  const timing = entry.elapsedMs === undefined ? '' : ` (${entry.elapsedMs.toFixed(2)} ms)`;
  return `#${entry.seq} > ${entry.command}\n#${entry.seq} < ${entry.response}${entry.response === '' ? '' : ' '}${entry.sw} ${entry.message}${timing}`;
}
