import { z } from 'zod';
import { genericAlertSchema, type GenericAlert } from './alerts.js';
import { decodeTextWith, decodeWith, limitsOf, schemaCache, type PackageDecodeOptions } from './codec.js';
import type { DmLimits } from '../limits.js';

/** One supported-MO entry of Package#1: DDF link, MOID and the MIIDs this server may see. */
export interface MosEntry {
  readonly DDF?: string;
  readonly MOID?: string;
  readonly MIID: readonly string[];
}

/** Package#1 (client → server): the MO list and alerts (digest §2.3). */
export interface Package1 {
  readonly MOS?: readonly MosEntry[];
  readonly Alert?: readonly GenericAlert[];
}

const schema = schemaCache((limits: DmLimits) => {
  const str = z.string().max(limits.maxStringLength);
  const arr = <T extends z.ZodType>(t: T) => z.array(t).max(limits.maxArrayLength);
  return z.object({
    MOS: arr(z.object({ DDF: str.optional(), MOID: str.optional(), MIID: arr(str) })).optional(),
    Alert: arr(genericAlertSchema(limits)).optional(),
  });
});

/** Validates a parsed Package#1; throws PROTOCOL_VIOLATION when malformed. */
export function decodePackage1(value: unknown, options: PackageDecodeOptions = {}): Package1 {
  const limits = limitsOf(options);
  return decodeWith(schema(limits), value, 'Package#1', limits) as Package1;
}

/** Parses Package#1 text (size-limited); throws PROTOCOL_VIOLATION when malformed. */
export function parsePackage1Json(text: string, options: PackageDecodeOptions = {}): Package1 {
  const limits = limitsOf(options);
  return decodeTextWith(schema(limits), text, 'Package#1', limits) as Package1;
}

/** Package#1 JSON text. */
export function encodePackage1(p: Package1): string {
  return JSON.stringify(p);
}
