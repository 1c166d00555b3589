import type { z } from 'zod';
import { guardJsonShape, parseJsonText, violation } from '../json.js';
import { DEFAULT_LIMITS, type DmLimits } from '../limits.js';

/** Options shared by the package decoders. */
export interface PackageDecodeOptions {
  readonly limits?: Partial<DmLimits>;
}

/** Effective limits for a decode call. */
export function limitsOf(options: PackageDecodeOptions): DmLimits {
  return { ...DEFAULT_LIMITS, ...options.limits };
}

/**
 * Validates an already-parsed value against a schema after the shape guard (depth, entry count,
 * prototype keys). Failures become PROTOCOL_VIOLATION naming the first offending path.
 */
export function decodeWith<S extends z.ZodType>(schema: S, value: unknown, what: string, limits: DmLimits): z.output<S> {
  guardJsonShape(value, { maxDepth: limits.maxDepth, maxEntries: limits.maxNodes, maxStringLength: limits.maxStringLength }, what);
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const at = issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.map(String).join('.')}`;
    throw violation(`${what}: invalid${at}: ${issue?.message ?? 'schema mismatch'}`);
  }
  return r.data;
}

/** Parses package text behind the package size limit, then {@link decodeWith}. */
export function decodeTextWith<S extends z.ZodType>(schema: S, text: string, what: string, limits: DmLimits): z.output<S> {
  return decodeWith(schema, parseJsonText(text, limits.packageMaxChars, what), what, limits);
}

/**
 * Memoizes a schema factory per distinct limits (building zod schemas costs far more than using
 * them, and decoders run once per package).
 */
export function schemaCache<S>(build: (limits: DmLimits) => S): (limits: DmLimits) => S {
  const cache = new Map<string, S>();
  return (limits) => {
    const key = JSON.stringify(limits);
    let s = cache.get(key);
    if (s === undefined) {
      if (cache.size > 32) cache.clear();
      s = build(limits);
      cache.set(key, s);
    }
    return s;
  };
}
