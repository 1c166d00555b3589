import { ProvisioningError } from '../../errors/index.js';
import { RESERVED_NODE_NAMES } from './decisions.js';

/** Throws the decoders' error: a peer sent something that is not valid DM data. */
export function violation(message: string, details?: Readonly<Record<string, string | number>>): ProvisioningError {
  return new ProvisioningError('PROTOCOL_VIOLATION', message, details === undefined ? {} : { details });
}

/**
 * `JSON.parse` behind a size limit; malformed text becomes PROTOCOL_VIOLATION.
 *
 * The limit is checked before parsing so a hostile peer cannot make us parse megabytes.
 */
export function parseJsonText(text: string, maxChars: number, what: string): unknown {
  if (typeof text !== 'string') throw violation(`${what}: not text`);
  if (text.length > maxChars) throw violation(`${what}: ${text.length} characters exceeds the limit of ${maxChars}`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw violation(`${what}: not valid JSON`);
  }
}

const FORBIDDEN_KEYS = new Set(RESERVED_NODE_NAMES.filter((n) => n.length > 2));

/**
 * Checks an already parsed JSON value before schema validation: nesting depth, total array and
 * object entries, string and key lengths, and keys that could touch prototypes (`__proto__`, `constructor`,
 * `prototype`). Iterative, so hostile nesting cannot exhaust the stack.
 */
export function guardJsonShape(value: unknown, limits: { readonly maxDepth: number; readonly maxEntries: number; readonly maxStringLength?: number }, what: string): void {
  const maxString = limits.maxStringLength ?? Number.POSITIVE_INFINITY;
  const stack: Array<[unknown, number]> = [[value, 0]];
  let entries = 0;
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v === 'string' && v.length > maxString) throw violation(`${what}: a string is longer than ${maxString}`);
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limits.maxDepth) throw violation(`${what}: nesting deeper than ${limits.maxDepth}`);
    if (Array.isArray(v)) {
      entries += v.length;
      if (entries > limits.maxEntries) throw violation(`${what}: more than ${limits.maxEntries} entries`);
      for (const item of v) stack.push([item, depth + 1]);
    } else {
      for (const key of Object.keys(v)) {
        if (FORBIDDEN_KEYS.has(key)) throw violation(`${what}: forbidden key ${JSON.stringify(key)}`);
        if (key.length > maxString) throw violation(`${what}: a key is longer than ${maxString}`);
        if (++entries > limits.maxEntries) throw violation(`${what}: more than ${limits.maxEntries} entries`);
        stack.push([(v as Record<string, unknown>)[key], depth + 1]);
      }
    }
  }
}
