import { canonicalJson, type CanonicalValue } from '../audit/canonical-json.js';
import { jsonPointer } from './validate-profile.js';

/** One difference between two documents. */
export type ProfileChange =
  | { readonly kind: 'added'; readonly pointer: string; readonly after: unknown }
  | { readonly kind: 'removed'; readonly pointer: string; readonly before: unknown }
  | { readonly kind: 'changed'; readonly pointer: string; readonly before: unknown; readonly after: unknown };

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const same = (a: unknown, b: unknown): boolean => canonicalJson(a as CanonicalValue) === canonicalJson(b as CanonicalValue);

function walk(a: unknown, b: unknown, path: (string | number)[], out: ProfileChange[]): void {
  if (same(a, b)) return;
  if (isRecord(a) && isRecord(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      if (!(key in b)) out.push({ kind: 'removed', pointer: jsonPointer([...path, key]), before: a[key] });
      else if (!(key in a)) out.push({ kind: 'added', pointer: jsonPointer([...path, key]), after: b[key] });
      else walk(a[key], b[key], [...path, key], out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (i >= b.length) out.push({ kind: 'removed', pointer: jsonPointer([...path, i]), before: a[i] });
      else if (i >= a.length) out.push({ kind: 'added', pointer: jsonPointer([...path, i]), after: b[i] });
      else walk(a[i], b[i], [...path, i], out);
    }
    return;
  }
  out.push({ kind: 'changed', pointer: jsonPointer(path), before: a, after: b });
}

/**
 * Structural diff of two profiles (or any JSON documents): changes by JSON pointer, keys in
 * sorted order, arrays compared by position. Empty when the documents are canonically equal.
 */
export function diffProfiles(before: unknown, after: unknown): ProfileChange[] {
  const out: ProfileChange[] = [];
  walk(before, after, [], out);
  return out;
}
