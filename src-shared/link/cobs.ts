/**
 * Consistent Overhead Byte Stuffing (Cheshire & Baker, 1999).
 *
 * COBS rewrites a block so it contains no 0x00 byte, which then delimits frames on the wire. The
 * overhead is at most one byte per 254 bytes plus one, so a receiver that lost sync finds the next
 * frame at the next 0x00.
 */

/** Maximum encoded length of `length` raw bytes (without the trailing delimiter). */
export function cobsMaxEncodedLength(length: number): number {
  return length + Math.floor(length / 254) + 1;
}

/** Encodes `data` with COBS; the result contains no 0x00 and has no delimiter appended. */
export function cobsEncode(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(cobsMaxEncodedLength(data.length));
  let codeAt = 0;
  let write = 1;
  let code = 1;
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!;
    if (b === 0) {
      out[codeAt] = code;
      codeAt = write++;
      code = 1;
      continue;
    }
    out[write++] = b;
    code++;
    if (code === 0xff) {
      out[codeAt] = code;
      codeAt = write++;
      code = 1;
    }
  }
  out[codeAt] = code;
  return out.subarray(0, write);
}

/**
 * Decodes one COBS block (without its delimiter).
 *
 * Returns undefined for malformed input (a 0x00 inside the block or a code that runs past the
 * end): the caller counts it as a damaged frame.
 */
export function cobsDecode(block: Uint8Array): Uint8Array | undefined {
  const out = new Uint8Array(block.length);
  let read = 0;
  let write = 0;
  while (read < block.length) {
    const code = block[read]!;
    if (code === 0 || read + code > block.length) return undefined;
    read++;
    for (let i = 1; i < code; i++) {
      const b = block[read++]!;
      if (b === 0) return undefined;
      out[write++] = b;
    }
    if (code !== 0xff && read < block.length) out[write++] = 0;
  }
  return out.subarray(0, write);
}
