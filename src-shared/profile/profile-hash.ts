import { canonicalJson, type CanonicalValue } from '../audit/canonical-json.js';
import { digestHex, type Sha256Text } from '../audit/chain.js';
import type { Profile } from './profile-schema.js';

/**
 * The content hash of a profile: hex SHA-256 of the canonical JSON of the validated profile
 * (defaults applied), so YAML vs JSON, key order, comments and omitted defaults never change it.
 * This hash is the version id that approvals sign and audit entries record.
 */
export function profileHash(profile: Profile, sha256: Sha256Text): string {
  return digestHex(sha256(canonicalProfileJson(profile)));
}

/** The canonical JSON text of a validated profile (what is stored and hashed). */
export function canonicalProfileJson(profile: Profile): string {
  return canonicalJson(profile as unknown as CanonicalValue);
}
