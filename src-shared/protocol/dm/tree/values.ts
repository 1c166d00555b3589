import { fromBase64 as base64Decode, toBase64 as base64Encode } from '../../../util/base64.js';
import type { LeafFormat, LeafNode, LeafValue } from './types.js';
import { assertNever } from '../../../util/assert-never.js';

const INT = /^-?(0|[1-9][0-9]*)$/;
const FLOAT = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/;

/**
 * The text form of a leaf value, as written in MOData and compared by `nv` conditions.
 *
 * int/float as JS decimal, bool as `true`/`false`, bin as base64, null as the empty string.
 */
export function leafText(leaf: LeafValue): string {
  switch (leaf.format) {
    case 'chr':
    case 'date':
    case 'time':
    case 'b64':
    case 'xml':
      return leaf.value;
    case 'int':
    case 'float':
      return String(leaf.value);
    case 'bool':
      return leaf.value ? 'true' : 'false';
    case 'bin':
      return base64Encode(leaf.value);
    case 'null':
      return '';
    default:
      return assertNever(leaf, 'unknown leaf format');
  }
}

/** Parses the text form of a value of `format`; undefined when the text is not valid for it. */
export function parseLeafText(format: LeafFormat, text: string): LeafValue | undefined {
  switch (format) {
    case 'chr':
    case 'date':
    case 'time':
    case 'b64':
    case 'xml':
      return { format, value: text };
    case 'int': {
      if (!INT.test(text)) return undefined;
      const n = Number(text);
      return Number.isSafeInteger(n) ? { format, value: n } : undefined;
    }
    case 'float': {
      if (!FLOAT.test(text)) return undefined;
      const n = Number(text);
      return Number.isFinite(n) ? { format, value: n } : undefined;
    }
    case 'bool':
      return text === 'true' ? { format, value: true } : text === 'false' ? { format, value: false } : undefined;
    case 'bin': {
      const bytes = base64Decode(text);
      return bytes === undefined ? undefined : { format, value: bytes };
    }
    case 'null':
      return text === '' ? { format, value: null } : undefined;
    default:
      return assertNever(format, 'unknown leaf format');
  }
}

/** Builds a leaf node. */
export function makeLeaf(value: LeafValue, permanent = false): LeafNode {
  return { kind: 'leaf', permanent, ...value } as LeafNode;
}

/** Structural equality of two leaf values (bytes compared by content). */
export function leafValuesEqual(a: LeafValue, b: LeafValue): boolean {
  if (a.format !== b.format) return false;
  if (a.format === 'bin' && b.format === 'bin') {
    if (a.value.length !== b.value.length) return false;
    for (let i = 0; i < a.value.length; i++) if (a.value[i] !== b.value[i]) return false;
    return true;
  }
  return a.value === b.value;
}
