import { err, ok, type Result } from '../util/result.js';

/** Interface bytes of one group i (ISO 7816-3 §8.2.3). */
export interface AtrInterfaceGroup {
  readonly ta?: number;
  readonly tb?: number;
  readonly tc?: number;
  readonly td?: number;
}

/** A parsed Answer-To-Reset (ISO 7816-3 §8). */
export interface Atr {
  /** `direct` for TS = 3B, `inverse` for TS = 3F. */
  readonly convention: 'direct' | 'inverse';
  readonly t0: number;
  readonly groups: readonly AtrInterfaceGroup[];
  /** Protocols the card offers (T values from TD bytes; T=0 when none). */
  readonly protocols: readonly number[];
  readonly historical: Uint8Array;
  /** Present when a protocol other than T=0 is indicated. */
  readonly tck?: number;
  /** Clock rate conversion factor Fi and baud adjustment Di from TA1 (defaults 372/1). */
  readonly fi: number;
  readonly di: number;
  /** Maximum clock frequency in Hz for TA1's FI (5 MHz default). */
  readonly fMaxHz: number;
}

/** Fi by FI nibble (ISO 7816-3 Table 7); `undefined` is RFU. */
const FI_TABLE: readonly (number | undefined)[] = [372, 372, 558, 744, 1116, 1488, 1860, undefined, undefined, 512, 768, 1024, 1536, 2048, undefined, undefined];
/** f(max) in MHz by FI nibble. */
const FMAX_MHZ: readonly (number | undefined)[] = [4, 5, 6, 8, 12, 16, 20, undefined, undefined, 5, 7.5, 10, 15, 20, undefined, undefined];
/** Di by DI nibble (ISO 7816-3 Table 8); `undefined` is RFU. */
const DI_TABLE: readonly (number | undefined)[] = [undefined, 1, 2, 4, 8, 16, 32, 64, 12, 20, undefined, undefined, undefined, undefined, undefined, undefined];

/** Longest ATR allowed by ISO 7816-3 (TS plus 32 bytes). */
export const MAX_ATR_LENGTH = 33;

/**
 * Parses ATR bytes.
 *
 * Checks TS, the interface-byte chain, the historical-byte count and TCK (XOR of T0..TCK must be
 * zero when present). Returns a readable reason on failure; never throws.
 */
export function parseAtr(bytes: Uint8Array): Result<Atr, string> {
  if (bytes.length < 2) return err('ATR shorter than TS and T0');
  if (bytes.length > MAX_ATR_LENGTH) return err(`ATR of ${bytes.length} bytes exceeds ${MAX_ATR_LENGTH}`);
  const ts = bytes[0]!;
  if (ts !== 0x3b && ts !== 0x3f) return err(`TS ${ts.toString(16)} is neither 3B (direct) nor 3F (inverse)`);
  const t0 = bytes[1]!;
  const k = t0 & 0x0f;
  let y = t0 >> 4;
  let pos = 2;
  const groups: AtrInterfaceGroup[] = [];
  const protocols: number[] = [];
  for (;;) {
    const group: { ta?: number; tb?: number; tc?: number; td?: number } = {};
    for (const [bit, key] of [[1, 'ta'], [2, 'tb'], [4, 'tc'], [8, 'td']] as const) {
      if ((y & bit) === 0) continue;
      const b = bytes[pos];
      if (b === undefined) return err(`ATR truncated in interface bytes of group ${groups.length + 1}`);
      group[key] = b;
      pos += 1;
    }
    groups.push(group);
    if (group.td === undefined) break;
    const t = group.td & 0x0f;
    if (!protocols.includes(t)) protocols.push(t);
    y = group.td >> 4;
    if (groups.length > 16) return err('ATR has too many interface groups');
  }
  if (protocols.length === 0) protocols.push(0);
  if (pos + k > bytes.length) return err(`ATR announces ${k} historical bytes but only ${bytes.length - pos} remain`);
  const historical = bytes.slice(pos, pos + k);
  pos += k;
  const needsTck = protocols.some((t) => t !== 0);
  let tck: number | undefined;
  if (needsTck) {
    tck = bytes[pos];
    if (tck === undefined) return err('ATR lacks TCK although a protocol other than T=0 is indicated');
    let x = 0;
    for (let i = 1; i <= pos; i++) x ^= bytes[i]!;
    if (x !== 0) return err('ATR TCK check failed');
    pos += 1;
  }
  if (pos !== bytes.length) return err(`ATR has ${bytes.length - pos} unexpected trailing bytes`);
  const ta1 = groups[0]?.ta;
  const fiCode = ta1 === undefined ? 1 : ta1 >> 4;
  const diCode = ta1 === undefined ? 1 : ta1 & 0x0f;
  const fi = FI_TABLE[fiCode];
  const di = DI_TABLE[diCode];
  const fMax = FMAX_MHZ[fiCode];
  if (fi === undefined || di === undefined || fMax === undefined) return err(`TA1 ${(ta1 ?? 0).toString(16)} uses RFU FI/DI values`);
  const atr = { convention: ts === 0x3b ? 'direct' : 'inverse', t0, groups, protocols, historical, fi, di, fMaxHz: fMax * 1_000_000 } as const;
  return ok(tck === undefined ? atr : { ...atr, tck });
}

/** Baud rate of the line for a clock frequency and Fi/Di: `f × Di / Fi` (ISO 7816-3 §7.1). */
export function baudRate(clockHz: number, fi: number, di: number): number {
  return (clockHz * di) / fi;
}

/**
 * Builds a PPS request (ISO 7816-3 §9): PPSS FF, PPS0 with PPS1 present, PPS1 = TA1, PCK.
 *
 * `fiDi` is TA1's byte (FI high nibble, DI low nibble); `protocol` the T value (0 or 1).
 */
export function buildPpsRequest(protocol: number, fiDi: number): Uint8Array {
  const pps0 = 0x10 | (protocol & 0x0f);
  const pck = 0xff ^ pps0 ^ fiDi;
  return Uint8Array.of(0xff, pps0, fiDi & 0xff, pck);
}

/**
 * Checks a PPS response against the request.
 *
 * Returns `accepted` when the card echoes PPS1 (the new Fi/Di apply), `declined` when it answers
 * without PPS1 (keep the default 372/1), or an error for a malformed answer (the caller must reset).
 */
export function verifyPpsResponse(request: Uint8Array, response: Uint8Array): Result<'accepted' | 'declined', string> {
  if (response.length < 3) return err('PPS response too short');
  if (response[0] !== 0xff) return err('PPS response does not start with PPSS FF');
  let x = 0;
  for (const b of response) x ^= b;
  if (x !== 0) return err('PPS response PCK check failed');
  const pps0 = response[1]!;
  if ((pps0 & 0x0f) !== (request[1]! & 0x0f)) return err('PPS response changes the protocol');
  const hasPps1 = (pps0 & 0x10) !== 0;
  const expectedLength = 3 + (hasPps1 ? 1 : 0) + ((pps0 & 0x20) !== 0 ? 1 : 0) + ((pps0 & 0x40) !== 0 ? 1 : 0);
  if (response.length !== expectedLength) return err('PPS response length does not match PPS0');
  if (!hasPps1) return ok('declined');
  if (response[2] !== request[2]) return err('PPS response PPS1 differs from the request');
  return ok('accepted');
}
