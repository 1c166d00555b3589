/**
 * Base64 (RFC 4648) for the pure layer, where neither `Buffer` nor `btoa` exists.
 *
 * The one implementation in the project: `toBase64` and the strict `fromBase64` serve MOData `bin`
 * leaves and wire formats; `fromBase64Loose` is the forgiving reader for pasted credentials (PEM
 * bodies, base64 text).
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Char code → 6-bit value; 255 marks characters outside the alphabet (both standard and URL-safe accepted). */
const LOOKUP = new Uint8Array(128).fill(255);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;
LOOKUP[0x2d] = 62; // '-'
LOOKUP[0x5f] = 63; // '_'

/** Encodes bytes as padded base64 (standard alphabet). */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    out += b === undefined ? '=' : ALPHABET[(n >> 6) & 63]!;
    out += c === undefined ? '=' : ALPHABET[n & 63]!;
  }
  return out;
}

/**
 * Decodes base64 leniently: whitespace ignored, padding optional, `-_` URL alphabet accepted.
 *
 * Returns undefined for characters outside the alphabet or an impossible length, so the caller at
 * an edge chooses the typed error.
 */
export function fromBase64Loose(text: string): Uint8Array | undefined {
  let end = text.length;
  while (end > 0 && /[=\s]/.test(text[end - 1]!)) end--;
  const out = new Uint8Array(Math.ceil((end * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  let count = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    const v = c < 128 ? LOOKUP[c]! : 255;
    if (v === 255) return undefined;
    count++;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if (count % 4 === 1) return undefined;
  return out.slice(0, o);
}

/**
 * Decodes canonical padded base64 (standard alphabet, no whitespace); undefined for anything else.
 *
 * Strict: length a multiple of 4, padding only at the end, and unused trailing bits zero, so every
 * byte string has exactly one accepted encoding (MOData `bin` leaves compare by text).
 */
export function fromBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const ch = text.charCodeAt(i + k);
      if (last && ch === 61 && k >= 4 - pad) {
        n <<= 6;
        continue;
      }
      const v = ch < 128 && ch !== 0x2d && ch !== 0x5f ? LOOKUP[ch]! : 255;
      if (v === 255) return undefined;
      n = (n << 6) | v;
    }
    const bytes = last ? 3 - pad : 3;
    if (last && pad === 2 && (n & 0xffff) !== 0) return undefined;
    if (last && pad === 1 && (n & 0xff) !== 0) return undefined;
    if (bytes > 0) out[o++] = (n >> 16) & 0xff;
    if (bytes > 1) out[o++] = (n >> 8) & 0xff;
    if (bytes > 2) out[o++] = n & 0xff;
  }
  return out;
}
