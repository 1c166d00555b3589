import { ProvisioningError } from '../errors/index.js';
import { MAX_SHORT_LC } from './apdu.js';

/** Length of a UICC PIN block (ETSI TS 102 221 §9.5.1): the digits, then FF up to 8 bytes. */
export const PIN_BLOCK_BYTES = 8;
/** Fewest and most digits of a PIN. */
export const MIN_PIN_DIGITS = 4;
export const MAX_PIN_DIGITS = 8;

/**
 * True for the PIN references of ETSI TS 102 221 §9.5.1: 01–08 (universal and application PINs)
 * and 81–88 (second application PINs). ADM and key references (0A–0E, …) are not PINs.
 */
export function isPinReference(ref: number): boolean {
  return (ref >= 0x01 && ref <= 0x08) || (ref >= 0x81 && ref <= 0x88);
}

function isAsciiDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}

/**
 * Throws when `code` cannot be presented to `ref`; never echoes the code.
 *
 * A PIN (see {@link isPinReference}) is 4 to 8 ASCII digits. Any other reference takes its bytes as
 * the operator gave them: 1 to 255 bytes (an empty VERIFY would be the retry-counter query, and a
 * short APDU carries at most 255).
 *
 * @throws ProvisioningError `INVALID_REQUEST`
 */
export function checkCode(ref: number, code: Uint8Array): void {
  if (isPinReference(ref)) {
    if (code.length < MIN_PIN_DIGITS || code.length > MAX_PIN_DIGITS || !code.every(isAsciiDigit)) {
      throw new ProvisioningError('INVALID_REQUEST', `a PIN is 4 to 8 digits (VERIFY reference ${hexByte(ref)}); the code given is not`);
    }
    return;
  }
  if (code.length === 0 || code.length > MAX_SHORT_LC) {
    throw new ProvisioningError('INVALID_REQUEST', `a code for VERIFY reference ${hexByte(ref)} is 1 to ${MAX_SHORT_LC} bytes; the code given has ${code.length}`);
  }
}

/**
 * The VERIFY data field (INS 20) presenting `code` to reference `ref` (P2).
 *
 * For a PIN reference: the 4–8 ASCII digits padded with FF to 8 bytes (ETSI TS 102 221 §9.5.1;
 * `1234` → `31323334FFFFFFFF`), a new array the caller must zero after use. For any other reference
 * (ADM, keys): `code` itself, unchanged — check `result !== code` before zeroing.
 *
 * @throws ProvisioningError `INVALID_REQUEST` as {@link checkCode}
 */
export function verifyData(ref: number, code: Uint8Array): Uint8Array {
  checkCode(ref, code);
  if (!isPinReference(ref)) return code;
  const block = new Uint8Array(PIN_BLOCK_BYTES).fill(0xff);
  block.set(code);
  return block;
}

function hexByte(value: number): string {
  return value.toString(16).toUpperCase().padStart(2, '0');
}
