import { z } from 'zod';

/** Outcome of one audited step. `info` marks bookkeeping steps that are neither pass nor fail. */
export const AuditResult = z.enum(['ok', 'fail', 'info']);
/** Outcome of one audited step. */
export type AuditResult = z.output<typeof AuditResult>;

const JsonValue: z.ZodType<unknown> = z.lazy(() => z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(JsonValue), z.record(z.string(), JsonValue)]));

/**
 * What a caller says about one step; the log adds index, time and the chain hashes.
 *
 * `step` names what happened (`run.finish` closes a unit's run and is what analytics count);
 * `error` is the ErrorCode or device status of a failure (the Pareto key); `fingerprints` are the
 * SHA-256 fingerprints of keys and certificates the step created or used. Never secrets.
 */
export const AuditFacts = z.strictObject({
  who: z.string().min(1).max(200),
  station: z.string().min(1).max(200),
  slot: z.string().max(200).nullable(),
  profileVersion: z.string().max(200).nullable(),
  model: z.string().max(200).nullable(),
  deviceIds: z.record(z.string().max(40), z.string().max(200)),
  fingerprints: z.array(z.string().max(200)).max(64),
  step: z.string().min(1).max(100),
  result: AuditResult,
  error: z.string().max(200).nullable(),
  timings: z.strictObject({ startMs: z.number().finite(), durationMs: z.number().finite().nonnegative() }),
  data: z.record(z.string(), JsonValue),
});
/** What a caller says about one step. */
export type AuditFacts = z.output<typeof AuditFacts>;

/** One entry of the hash-chained log: the facts plus position and time. */
export const AuditEntry = AuditFacts.extend({
  index: z.number().int().nonnegative(),
  /** ISO-8601 UTC time the entry was appended. */
  time: z.string().max(40),
  /** Hex SHA-256 of the previous entry; {@link GENESIS_HASH} for index 0. */
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
});
/** One entry of the hash-chained log. */
export type AuditEntry = z.output<typeof AuditEntry>;

/** An entry together with its own hash (what the store holds). */
export interface AuditRecord {
  readonly entry: AuditEntry;
  /** Hex SHA-256 over the canonical JSON of `entry` (which includes `prevHash`). */
  readonly hash: string;
}

/** A signed statement "the log had `index + 1` entries and entry `index` hashed to `hash`". */
export const AuditCheckpoint = z.strictObject({
  index: z.number().int().nonnegative(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  time: z.string().max(40),
  station: z.string().min(1).max(200),
  /** Which key signed: the SHA-256 fingerprint of the signer's certificate. */
  signer: z.string().max(200),
  /** Hex signature over {@link checkpointMessage}. */
  signature: z.string().regex(/^[0-9a-f]*$/),
});
/** A signed checkpoint. */
export type AuditCheckpoint = z.output<typeof AuditCheckpoint>;

/** The hash that entry 0 chains from. */
export const GENESIS_HASH = '0'.repeat(64);
