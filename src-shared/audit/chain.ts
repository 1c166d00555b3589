import type { AuditCheckpoint, AuditEntry, AuditFacts, AuditRecord } from './audit-entry.js';
import { canonicalBytes, canonicalJson, type CanonicalValue } from './canonical-json.js';

/**
 * SHA-256 of the UTF-8 encoding of a text, injected (node:crypto in main).
 *
 * The port takes text, not bytes, so the adapter encodes natively: verification hashes every
 * entry of the log, and a JavaScript UTF-8 encoder would cost as much as the digest itself.
 */
export type Sha256Text = (text: string) => Uint8Array;

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lower-case hex of a digest (table-driven: verification hashes every entry). */
export function digestHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX[b]!;
  return out;
}

const str = (s: string): string => JSON.stringify(s);
const strOrNull = (s: string | null): string => (s === null ? 'null' : JSON.stringify(s));
const num = (n: number): string => canonicalJson(n);

/**
 * The canonical JSON of an entry, field by field in sorted key order.
 *
 * Equal to `canonicalJson(entry)` for every valid entry (a property test holds them together) but
 * several times faster, because verification re-hashes the whole log. Unknown extra keys — which a
 * parsed entry cannot have — fall back to the generic path so nothing is silently dropped.
 */
export function entryCanonicalJson(e: AuditEntry): string {
  if (Object.keys(e).length !== 15) return canonicalJson(e as unknown as CanonicalValue);
  return (
    `{"data":${canonicalJson(e.data as CanonicalValue)},"deviceIds":${canonicalJson(e.deviceIds)},"error":${strOrNull(e.error)},` +
    `"fingerprints":${canonicalJson(e.fingerprints)},"index":${num(e.index)},"model":${strOrNull(e.model)},"prevHash":${str(e.prevHash)},` +
    `"profileVersion":${strOrNull(e.profileVersion)},"result":${str(e.result)},"slot":${strOrNull(e.slot)},"station":${str(e.station)},` +
    `"step":${str(e.step)},"time":${str(e.time)},"timings":{"durationMs":${num(e.timings.durationMs)},"startMs":${num(e.timings.startMs)}},"who":${str(e.who)}}`
  );
}

/** Hex SHA-256 of an entry's canonical JSON; covers every field including `index` and `prevHash`. */
export function hashEntry(sha256: Sha256Text, entry: AuditEntry): string {
  return digestHex(sha256(entryCanonicalJson(entry)));
}

/** Builds the next record of a chain from the previous record's hash. */
export function sealEntry(sha256: Sha256Text, facts: AuditFacts, position: { readonly index: number; readonly prevHash: string; readonly time: string }): AuditRecord {
  const entry: AuditEntry = { ...facts, index: position.index, prevHash: position.prevHash, time: position.time };
  return { entry, hash: hashEntry(sha256, entry) };
}

/** The bytes a checkpoint signature covers (everything but the signature, domain-separated). */
export function checkpointMessage(cp: Omit<AuditCheckpoint, 'signature'>): Uint8Array {
  return canonicalBytes({ kind: 'bootbench-audit-checkpoint-v1', index: cp.index, hash: cp.hash, time: cp.time, station: cp.station, signer: cp.signer });
}
