import { RESERVED_NODE_NAMES } from '../decisions.js';

const XNAME = /^\([A-Za-z]\)$/;

/** Longest node name or MIID accepted. */
export const MAX_NAME_LENGTH = 255;

/**
 * Why a node name or MIID is not acceptable, or undefined when it is.
 *
 * Names must be addressable by a ClientURI: non-empty, at most {@link MAX_NAME_LENGTH} chars,
 * without `/ ? & #`, not `*`, not parenthesized like an x-name `(x)`, and not a reserved name (see decisions.ts).
 */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0) return 'empty name';
  if (name.length > MAX_NAME_LENGTH) return 'name too long';
  if (/[/?&#]/.test(name)) return 'name contains / ? & or #';
  if (name === '*' || /^\(.*\)$/s.test(name)) return 'name is a wildcard or x-name';
  if (RESERVED_NODE_NAMES.includes(name)) return `reserved name ${JSON.stringify(name)}`;
  return undefined;
}

/** True when `name` is acceptable as a node name or MIID. */
export function isValidName(name: string): boolean {
  return nameProblem(name) === undefined;
}

/** True when `text` is an x-name such as `(x)`. */
export function isXName(text: string): boolean {
  return XNAME.test(text);
}
