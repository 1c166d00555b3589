/**
 * 16-bit sequence-number arithmetic with wrap-around (RFC 1982 serial numbers).
 *
 * Windows are far below 2^15, so "a before b" is well defined for every pair the link compares.
 */

/** Size of the sequence space. */
export const SEQ_MODULO = 0x1_0000;

/** `seq + n` modulo 2^16. */
export function seqAdd(seq: number, n: number): number {
  return (seq + n) & 0xffff;
}

/** Signed distance from `a` to `b` in the range [-2^15, 2^15). */
export function seqDiff(b: number, a: number): number {
  const d = (b - a) & 0xffff;
  return d >= 0x8000 ? d - SEQ_MODULO : d;
}

/** True when `a` comes strictly before `b`. */
export function seqLt(a: number, b: number): boolean {
  return seqDiff(b, a) > 0;
}
