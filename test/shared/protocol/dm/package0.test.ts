import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ProvisioningError } from '../../../../src-shared/errors/index.js';
import { fromHex, toHex } from '../../../../src-shared/util/bytes.js';
import { decodePackage0, encodePackage0, signPackage0, verifyPackage0, type Package0 } from '../../../../src-shared/protocol/dm/package0.js';
import { utf8Encode } from '../../../../src-shared/protocol/dm/text.js';

const sha256 = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());
const creds = { secret: utf8Encode('secret'), data: utf8Encode('data') };

// Golden vector (bytes written by hand from digest §8.2 + our option rule; digest from Python hashlib).
const UNSIGNED = '13001d03646d732e61636d652e6578616d706c6511001201021d13' + '00'.repeat(32) + '145f5e100010';
const DIGEST = '5bc86a5ec569d8d4cc39da8bb9a3dc7f7b6813751ca04a5a5fa9e963d3538daa';
const SIGNED = `13001d03646d732e61636d652e6578616d706c6511001201021d13${DIGEST}145f5e100010`;
const FIELDS: Omit<Package0, 'digest'> = { version: 1, serverId: 'dms.acme.example', preferredConType: 0, notificationId: 0x0102, timestampS: 1_600_000_000, reqMos: true };

function violation(hex: string): string {
  try {
    decodePackage0(fromHex(hex)!);
  } catch (e) {
    expect(e).toBeInstanceOf(ProvisioningError);
    expect((e as ProvisioningError).code).toBe('PROTOCOL_VIOLATION');
    return (e as ProvisioningError).message;
  }
  throw new Error('decoded');
}

describe('Package#0', () => {
  it('encodes the golden vector with a zeroed digest', () => {
    expect(toHex(encodePackage0({ ...FIELDS, digest: new Uint8Array(32) }))).toBe(UNSIGNED);
  });

  it('signs to the golden digest: SHA-256(secret ‖ message ‖ data)', () => {
    expect(toHex(signPackage0(FIELDS, creds, sha256))).toBe(SIGNED);
  });

  it('agrees with openssl on the digest input', () => {
    const input = Buffer.concat([Buffer.from('secret'), Buffer.from(UNSIGNED, 'hex'), Buffer.from('data')]);
    const out = execFileSync('openssl', ['dgst', '-sha256', '-hex'], { input }).toString();
    expect(out.trim().split(/\s+/).pop()).toBe(DIGEST);
  });

  it('decodes the golden vector', () => {
    const p = decodePackage0(fromHex(SIGNED)!);
    expect({ ...p, digest: toHex(p.digest!) }).toEqual({ ...FIELDS, digest: DIGEST });
  });

  it('verifies a good digest and refuses a bad one, a wrong secret and a missing digest', () => {
    expect(verifyPackage0(fromHex(SIGNED)!, creds, sha256)).toMatchObject({ notificationId: 0x0102 });
    const tampered = fromHex(SIGNED)!;
    tampered[tampered.length - 3]! ^= 1;
    expect(verifyPackage0(tampered, creds, sha256)).toBeUndefined();
    expect(verifyPackage0(fromHex(SIGNED)!, { ...creds, secret: utf8Encode('other') }, sha256)).toBeUndefined();
    expect(verifyPackage0(encodePackage0({ version: 1, serverId: 's', reqMos: false }), creds, sha256)).toBeUndefined();
    expect(verifyPackage0(fromHex(SIGNED)!, creds, sha256, { order: 'secret-data-message' })).toBeUndefined();
  });

  it('round-trips long SERVER-IDs through both length extensions', () => {
    for (const n of [12, 13, 268, 269, 600]) {
      const p: Package0 = { version: 1, serverId: 'x'.repeat(n), reqMos: false };
      expect(decodePackage0(encodePackage0(p), { maxBytes: 4096 })).toEqual(p);
    }
  });

  it.each([
    ['', 'truncated header'],
    ['13', 'truncated header'],
    ['2080', 'unsupported VER 2'],
    ['1080', 'truncated before option 1'],
    ['10801d', 'truncated option length'],
    ['10801e00', 'truncated option length'],
    ['108015616263', 'value truncated'],
    ['1080116100', 'bytes after the last option'],
    ['110011610162', 'out of order or repeated'],
    ['108070', 'unknown option 7'],
    ['1080d1', 'reserved option delta'],
    ['10801f', 'reserved option length'],
    ['1100116112abcd', 'option 2 must be 1 bytes'],
    ['10801180', 'not non-empty UTF-8'],
    ['108060', 'SERVER-ID missing'],
  ])('rejects %s (%s)', (hex, why) => {
    expect(violation(hex)).toContain(why);
  });

  it('refuses to encode out-of-range fields with a typed error', () => {
    expect(() => encodePackage0({ version: 1, serverId: 's', notificationId: 70000, reqMos: false })).toThrow(ProvisioningError);
    expect(() => encodePackage0({ version: 1, serverId: 's', digest: new Uint8Array(3), reqMos: false })).toThrow(/32 bytes/);
    expect(() => encodePackage0({ version: 16, serverId: 's', reqMos: false })).toThrow(/VER/);
  });
});
