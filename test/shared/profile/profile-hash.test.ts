import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalProfileJson, profileHash } from '../../../src-shared/profile/profile-hash.js';
import { validateProfile } from '../../../src-shared/profile/validate-profile.js';
import { minimalProfile } from './minimal-profile.js';

const sha256 = (text: string) => new Uint8Array(createHash('sha256').update(text, 'utf8').digest());

function hashOf(doc: unknown): string {
  const r = validateProfile(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return profileHash(r.profile, sha256);
}

describe('profileHash', () => {
  it('is the SHA-256 of the canonical JSON of the validated profile', () => {
    const r = validateProfile(minimalProfile());
    if (!r.ok) throw new Error('invalid');
    expect(profileHash(r.profile, sha256)).toBe(createHash('sha256').update(canonicalProfileJson(r.profile)).digest('hex'));
  });

  it('ignores key order and spelled-out defaults, and changes with any content', () => {
    const base = hashOf(minimalProfile());
    const reordered = Object.fromEntries(Object.entries(minimalProfile()).reverse());
    expect(hashOf(reordered)).toBe(base);
    expect(hashOf({ ...minimalProfile(), trustAnchors: [] })).toBe(base);
    expect(hashOf({ ...minimalProfile(), version: '2' })).not.toBe(base);
  });
});
