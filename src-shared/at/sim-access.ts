import { fromHex, toHex } from '../util/bytes.js';
import { err, ok, type Result } from '../util/result.js';
import { infoValue } from './at-outcome.js';

/** A smartcard response APDU: data plus status word. */
export interface ApduResponse {
  readonly data: Uint8Array;
  readonly sw1: number;
  readonly sw2: number;
}

/** `AT+CSIM=<length>,"<hex>"` for a command APDU (TS 27.007 §8.17; length counts hex characters). */
export function csimCommand(apdu: Uint8Array): string {
  return `AT+CSIM=${apdu.length * 2},"${toHex(apdu).toUpperCase()}"`;
}

/** Parses the `+CSIM: <length>,<response>` line of an `OK` answer; returns the reason as an error on failure. */
export function parseCsim(lines: readonly string[]): Result<ApduResponse, string> {
  const line = lines.find((l) => /^\+CSIM:/i.test(l.trim()));
  if (line === undefined) return err('no +CSIM line');
  const m = /^(\d+)\s*,\s*"?([0-9A-Fa-f]*)"?$/.exec(infoValue(line, '+CSIM'));
  if (m === null) return err('malformed +CSIM line');
  const hex = m[2]!;
  if (Number(m[1]) !== hex.length) return err(`+CSIM length ${m[1]} does not match ${hex.length} hex digits`);
  const bytes = fromHex(hex);
  if (bytes === undefined || bytes.length < 2) return err('+CSIM response shorter than a status word');
  return ok({ data: bytes.slice(0, -2), sw1: bytes[bytes.length - 2]!, sw2: bytes[bytes.length - 1]! });
}

/** `+CRSM` commands (TS 27.007 §8.18, values from TS 51.011 / 31.101). */
export const CrsmCommand = { readBinary: 176, readRecord: 178, getResponse: 192, updateBinary: 214, updateRecord: 220, status: 242 } as const;

/** Arguments of a restricted SIM access. */
export interface CrsmRequest {
  readonly command: number;
  readonly fileId?: number;
  readonly p1?: number;
  readonly p2?: number;
  readonly p3?: number;
  readonly data?: Uint8Array;
  /** Path of the file's directory as hex, e.g. `3F007F20`. */
  readonly pathId?: string;
}

/** Formats `AT+CRSM=<command>[,<fileid>[,<P1>,<P2>,<P3>[,<data>[,<pathid>]]]]`. */
export function crsmCommand(request: CrsmRequest): string {
  const parts: string[] = [String(request.command)];
  if (request.fileId !== undefined) {
    parts.push(String(request.fileId));
    if (request.p1 !== undefined || request.p2 !== undefined || request.p3 !== undefined || request.data !== undefined) {
      parts.push(String(request.p1 ?? 0), String(request.p2 ?? 0), String(request.p3 ?? 0));
      if (request.data !== undefined || request.pathId !== undefined) parts.push(`"${toHex(request.data ?? new Uint8Array(0)).toUpperCase()}"`);
      if (request.pathId !== undefined) parts.push(`"${request.pathId.toUpperCase()}"`);
    }
  }
  return `AT+CRSM=${parts.join(',')}`;
}

/** Parses `+CRSM: <sw1>,<sw2>[,<response>]`; returns the reason as an error on failure. */
export function parseCrsm(lines: readonly string[]): Result<ApduResponse, string> {
  const line = lines.find((l) => /^\+CRSM:/i.test(l.trim()));
  if (line === undefined) return err('no +CRSM line');
  const m = /^(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*"?([0-9A-Fa-f]*)"?)?$/.exec(infoValue(line, '+CRSM'));
  if (m === null) return err('malformed +CRSM line');
  const sw1 = Number(m[1]);
  const sw2 = Number(m[2]);
  if (sw1 > 255 || sw2 > 255) return err('+CRSM status word out of range');
  const data = fromHex(m[3] ?? '');
  if (data === undefined) return err('+CRSM response is not whole bytes of hex');
  return ok({ data, sw1, sw2 });
}

/** EF ICCID file id (`2FE2`) as `+CRSM` wants it, in decimal. */
export const EF_ICCID = 0x2fe2;

/**
 * Decodes the EF ICCID content: BCD with swapped nibbles, padded with `F` (TS 102 221 §13.2).
 *
 * Returns undefined when a nibble other than the trailing padding is not a decimal digit.
 */
export function decodeIccidBcd(bytes: Uint8Array): string | undefined {
  let digits = '';
  let padding = false;
  for (const b of bytes) {
    for (const nibble of [b & 0x0f, b >> 4]) {
      if (nibble === 0x0f) padding = true;
      else if (padding || nibble > 9) return undefined;
      else digits += String(nibble);
    }
  }
  return digits.length > 0 ? digits : undefined;
}
