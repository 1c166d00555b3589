import { ProvisioningError } from '../errors/index.js';
import { concatBytes } from '../util/bytes.js';
import { err, ok, type Result } from '../util/result.js';

/**
 * A command APDU (ISO 7816-4 §5.1), short form only.
 *
 * `data` absent or empty means no Lc field; `le` absent means no Le field (case 1 or 3).
 * `le` counts expected bytes 1..256; 256 is encoded as `00`.
 */
export interface CommandApdu {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  readonly data?: Uint8Array;
  readonly le?: number;
}

/** A response APDU: body plus the two status bytes as one number (`0x9000`). */
export interface ResponseApdu {
  readonly data: Uint8Array;
  readonly sw: number;
}

/** Largest data field of a short APDU. */
export const MAX_SHORT_LC = 255;
/** Largest response body of a short APDU (`Le = 00`). */
export const MAX_SHORT_LE = 256;

function isByte(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 0xff;
}

/**
 * Encodes a command APDU into bytes (cases 1–4, short Lc/Le).
 *
 * Throws `INVALID_REQUEST` for out-of-range header bytes, a data field over 255 bytes or an Le
 * outside 1..256: such an APDU is a programming error of the caller, never a card answer.
 */
export function encodeCommandApdu(apdu: CommandApdu): Uint8Array {
  for (const [name, v] of [['CLA', apdu.cla], ['INS', apdu.ins], ['P1', apdu.p1], ['P2', apdu.p2]] as const) {
    if (!isByte(v)) throw new ProvisioningError('INVALID_REQUEST', `APDU ${name} ${v} is not a byte`);
  }
  const data = apdu.data ?? new Uint8Array(0);
  if (data.length > MAX_SHORT_LC) throw new ProvisioningError('INVALID_REQUEST', `APDU data of ${data.length} bytes exceeds ${MAX_SHORT_LC}`);
  const header = Uint8Array.of(apdu.cla, apdu.ins, apdu.p1, apdu.p2);
  const lc = data.length > 0 ? Uint8Array.of(data.length) : new Uint8Array(0);
  let le = new Uint8Array(0);
  if (apdu.le !== undefined) {
    if (!Number.isInteger(apdu.le) || apdu.le < 1 || apdu.le > MAX_SHORT_LE) {
      throw new ProvisioningError('INVALID_REQUEST', `APDU Le ${apdu.le} is outside 1..256`);
    }
    le = Uint8Array.of(apdu.le & 0xff);
  }
  return concatBytes([header, lc, data, le]);
}

/**
 * Parses command APDU bytes (short form) — the card side of {@link encodeCommandApdu}.
 *
 * Returns an error string instead of throwing: card models answer `6700` on malformed input.
 */
export function parseCommandApdu(bytes: Uint8Array): Result<CommandApdu, string> {
  if (bytes.length < 4) return err(`APDU of ${bytes.length} bytes is shorter than a header`);
  const head = { cla: bytes[0]!, ins: bytes[1]!, p1: bytes[2]!, p2: bytes[3]! };
  if (bytes.length === 4) return ok(head);
  const b4 = bytes[4]!;
  if (bytes.length === 5) return ok({ ...head, le: b4 === 0 ? 256 : b4 });
  if (b4 === 0) return err('extended-length APDUs are not supported');
  const dataEnd = 5 + b4;
  if (bytes.length === dataEnd) return ok({ ...head, data: bytes.slice(5, dataEnd) });
  if (bytes.length === dataEnd + 1) {
    const le = bytes[dataEnd]!;
    return ok({ ...head, data: bytes.slice(5, dataEnd), le: le === 0 ? 256 : le });
  }
  return err(`APDU length ${bytes.length} does not match Lc ${b4}`);
}

/**
 * Splits response bytes into body and status word.
 *
 * Returns an error for fewer than two bytes (a reader or card protocol violation).
 */
export function parseResponseApdu(bytes: Uint8Array): Result<ResponseApdu, string> {
  if (bytes.length < 2) return err(`response of ${bytes.length} bytes has no status word`);
  return ok({ data: bytes.slice(0, -2), sw: (bytes[bytes.length - 2]! << 8) | bytes[bytes.length - 1]! });
}

/** Encodes a response (card side): body followed by SW1 SW2. */
export function encodeResponseApdu(response: ResponseApdu): Uint8Array {
  return concatBytes([response.data, Uint8Array.of((response.sw >> 8) & 0xff, response.sw & 0xff)]);
}

/** Formats a status word as four upper-case hex digits (`6A82`). */
export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}
