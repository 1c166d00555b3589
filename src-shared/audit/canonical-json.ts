import { ProvisioningError } from '../errors/provisioning-error.js';
import { utf8Encode } from '../protocol/dm/text.js';

/** A value that has exactly one canonical JSON text. */
export type CanonicalValue = null | boolean | number | string | readonly CanonicalValue[] | { readonly [key: string]: CanonicalValue | undefined };

/**
 * Serializes a value to canonical JSON: object keys sorted by UTF-16 code unit, no whitespace,
 * `undefined` members dropped, numbers in ECMAScript shortest form (the RFC 8785 number rule).
 *
 * The same value always yields the same text, so the text can be hashed and signed. Non-finite
 * numbers have no JSON form and are refused with INVALID_REQUEST instead of silently becoming `null`.
 */
export function canonicalJson(value: CanonicalValue): string {
  // JSON.stringify already emits the canonical forms of strings (ES2019 well-formed escapes) and
  // numbers (shortest round-trip, which RFC 8785 adopts); the replacer only sorts keys and refuses
  // what JSON would silently change (non-finite numbers, which become null).
  // One exception: integer-like keys ("7", "10") always enumerate first in numeric order, which is
  // not code-unit order, so objects holding them take the slower hand-written path.
  integerKeySeen = false;
  const fast = JSON.stringify(value, sortKeys) ?? 'null';
  if (!integerKeySeen) return fast;
  const parts: string[] = [];
  writeSlow(value, parts);
  return parts.join('');
}

let integerKeySeen = false;
const INTEGER_KEY = /^(?:0|[1-9][0-9]*)$/;

function writeSlow(value: CanonicalValue, out: string[]): void {
  if (value === null || typeof value !== 'object') {
    out.push(JSON.stringify(value, sortKeys));
  } else if (Array.isArray(value)) {
    out.push('[');
    (value as readonly CanonicalValue[]).forEach((item, i) => {
      if (i > 0) out.push(',');
      writeSlow(item ?? null, out);
    });
    out.push(']');
  } else {
    const record = value as { readonly [key: string]: CanonicalValue | undefined };
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    out.push('{');
    keys.forEach((key, i) => {
      if (i > 0) out.push(',');
      out.push(JSON.stringify(key), ':');
      writeSlow(record[key]!, out);
    });
    out.push('}');
  }
}

function sortKeys(this: unknown, _key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new ProvisioningError('INVALID_REQUEST', 'Canonical JSON has no form for a non-finite number');
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  for (const k of keys) {
    const c = k.charCodeAt(0);
    if (c >= 0x30 && c <= 0x39 && INTEGER_KEY.test(k)) integerKeySeen = true;
  }
  let sorted = true;
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) sorted = false;
  if (sorted) return value;
  // A null-prototype object: on `{}`, assigning "__proto__" would set the prototype and drop the member
  // from the text (and so from the hash).
  const out = Object.create(null) as Record<string, unknown>;
  for (const k of keys.sort()) out[k] = record[k];
  return out;
}

/** UTF-8 bytes of the canonical JSON text of a value (what gets hashed or signed). */
export function canonicalBytes(value: CanonicalValue): Uint8Array {
  const text = canonicalJson(value);
  // Fast path for ASCII text (the common case for audit entries): one byte per UTF-16 unit.
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return utf8Encode(text);
    out[i] = c;
  }
  return out;
}
