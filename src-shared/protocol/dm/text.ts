/**
 * UTF-8 and base64 codecs for sans-I/O code.
 *
 * `src-shared` compiles with `lib: ES2022` only, so `TextEncoder`, `atob` and `Buffer` are not
 * available; these small, strict codecs fill the gap. Decoders return `undefined` on malformed
 * input so each edge can raise its own typed error.
 */

/** Encodes a string as UTF-8 (lone surrogates become U+FFFD, as with `TextEncoder`). */
export function utf8Encode(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else c = 0xfffd;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Uint8Array.from(out);
}

/** Strictly decodes UTF-8 (no overlongs, no surrogates, no truncation); undefined when malformed. */
export function utf8Decode(bytes: Uint8Array): string | undefined {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b0 = bytes[i]!;
    let cp: number;
    let need: number;
    let min: number;
    if (b0 < 0x80) {
      out += String.fromCharCode(b0);
      i++;
      continue;
    } else if (b0 >= 0xc2 && b0 <= 0xdf) [cp, need, min] = [b0 & 0x1f, 1, 0x80];
    else if (b0 >= 0xe0 && b0 <= 0xef) [cp, need, min] = [b0 & 0x0f, 2, 0x800];
    else if (b0 >= 0xf0 && b0 <= 0xf4) [cp, need, min] = [b0 & 0x07, 3, 0x10000];
    else return undefined;
    for (let k = 1; k <= need; k++) {
      const b = bytes[i + k];
      if (b === undefined || (b & 0xc0) !== 0x80) return undefined;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}



/** A short quoted excerpt of untrusted text for error messages (bounded even after escaping). */
export function quoteShort(text: string, max = 40): string {
  const q = JSON.stringify(text.slice(0, max));
  return q.length > max * 2 ? `${q.slice(0, max * 2)}…"` : q;
}
