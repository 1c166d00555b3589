import { z } from 'zod';
import { GET_RESULTS_MEMBER } from '../decisions.js';
import { decodeMoSerialization, encodeMoSerialization, type MoEntry } from '../serialization.js';
import { genericAlertSchema, type GenericAlert } from './alerts.js';
import { decodeTextWith, decodeWith, limitsOf, schemaCache, type PackageDecodeOptions } from './codec.js';
import type { DmLimits } from '../limits.js';

/**
 * One Status element of Package#3: `sc`, the ClientURIs concerned, and GET results (our
 * extension member, see decisions.ts `GET_RESULTS_MEMBER`).
 */
export interface StatusItem {
  readonly sc: number;
  readonly URI?: readonly string[];
  readonly MOS?: readonly MoEntry[];
}

/** Package#3 (client → server): statuses in command order, and alerts (digest §2.5). */
export interface Package3 {
  readonly Status: readonly StatusItem[];
  readonly Alert?: readonly GenericAlert[];
}

const schema = schemaCache((limits: DmLimits) => {
  const str = z.string().max(limits.maxStringLength);
  return z.object({
    Status: z
      .array(
        z.object({
          sc: z.number().int().min(100).max(999),
          URI: z.array(str).max(limits.maxArrayLength).optional(),
          [GET_RESULTS_MEMBER]: z.array(z.unknown()).max(limits.maxArrayLength).optional(),
        }),
      )
      .max(limits.maxCommands),
    Alert: z.array(genericAlertSchema(limits)).max(limits.maxArrayLength).optional(),
  });
});

function fromRaw(raw: z.output<ReturnType<typeof schema>>, limits: DmLimits): Package3 {
  const Status = raw.Status.map((s): StatusItem => {
    const results = s[GET_RESULTS_MEMBER];
    return {
      sc: s.sc,
      ...(s.URI === undefined ? {} : { URI: s.URI }),
      ...(results === undefined ? {} : { MOS: decodeMoSerialization(results, { limits }) }),
    };
  });
  return raw.Alert === undefined ? { Status } : { Status, Alert: raw.Alert };
}

/** Validates a parsed Package#3; throws PROTOCOL_VIOLATION when malformed. */
export function decodePackage3(value: unknown, options: PackageDecodeOptions = {}): Package3 {
  const limits = limitsOf(options);
  return fromRaw(decodeWith(schema(limits), value, 'Package#3', limits), limits);
}

/** Parses Package#3 text (size-limited); throws PROTOCOL_VIOLATION when malformed. */
export function parsePackage3Json(text: string, options: PackageDecodeOptions = {}): Package3 {
  const limits = limitsOf(options);
  return fromRaw(decodeTextWith(schema(limits), text, 'Package#3', limits), limits);
}

/** Package#3 JSON text; GET results are written with the MO serialization encoder. */
export function encodePackage3(p: Package3): string {
  const status = p.Status.map((s) => {
    let out = `{"sc":${JSON.stringify(s.sc)}`;
    if (s.URI !== undefined) out += `,"URI":${JSON.stringify(s.URI)}`;
    if (s.MOS !== undefined) out += `,"${GET_RESULTS_MEMBER}":${encodeMoSerialization(s.MOS)}`;
    return `${out}}`;
  });
  const alert = p.Alert === undefined ? '' : `,"Alert":${JSON.stringify(p.Alert)}`;
  return `{"Status":[${status.join(',')}]${alert}}`;
}
