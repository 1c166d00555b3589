import { createHash, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { KeyInfo } from '../../src-shared/pki/summary.js';
import { assertNever } from '../../src-shared/util/assert-never.js';

const generateKeyPairAsync = promisify(generateKeyPair);

/** Key algorithms the station generates. ECDSA P-256 is the default (small on a serial line). */
export type KeySpec = 'ec-p256' | 'rsa-2048' | 'rsa-3072';

/** All key specs, for argument validation. */
export const KEY_SPECS: readonly KeySpec[] = ['ec-p256', 'rsa-2048', 'rsa-3072'];

/** A native key pair (node:crypto; OpenSSL holds the secret, so it is never a JS big number). */
export interface KeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/**
 * Generates a key pair natively (never pure-JS).
 *
 * RSA runs on the libuv pool (100-200 ms) so the event loop is not blocked.
 */
export async function generateKeyPairFor(spec: KeySpec): Promise<KeyPair> {
  switch (spec) {
    case 'ec-p256':
      return generateKeyPairAsync('ec', { namedCurve: 'P-256' });
    case 'rsa-2048':
      return generateKeyPairAsync('rsa', { modulusLength: 2048 });
    case 'rsa-3072':
      return generateKeyPairAsync('rsa', { modulusLength: 3072 });
    default:
      return assertNever(spec, 'unknown key type');
  }
}

/** SubjectPublicKeyInfo DER of a public or private key. */
export function spkiDer(key: KeyObject): Uint8Array {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return new Uint8Array(pub.export({ type: 'spki', format: 'der' }));
}

/** PKCS#8 DER of a private key. The caller owns (and must wipe) the returned buffer. */
export function pkcs8Der(privateKey: KeyObject): Uint8Array {
  return new Uint8Array(privateKey.export({ type: 'pkcs8', format: 'der' }));
}

/** Lower-case hex SHA-256 of the SubjectPublicKeyInfo: the key's identity in summaries. */
export function publicKeySha256(key: KeyObject): string {
  return createHash('sha256').update(spkiDer(key)).digest('hex');
}

const CURVE_NAMES: Readonly<Record<string, string>> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

/** Human description of a key's algorithm and size. */
export function keyInfoOf(key: KeyObject): KeyInfo {
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'ec':
      return { kind: 'ec', curve: CURVE_NAMES[details.namedCurve ?? ''] ?? details.namedCurve ?? 'unknown' };
    case 'rsa':
    case 'rsa-pss':
      return { kind: 'rsa', bits: details.modulusLength ?? 0 };
    case 'ed25519':
      return { kind: 'ed25519' };
    default:
      return { kind: 'other', name: key.asymmetricKeyType ?? 'unknown' };
  }
}

/** The spec matching an existing key, if the station supports it for signing. */
export function keySpecOf(key: KeyObject): KeySpec | undefined {
  const info = keyInfoOf(key);
  if (info.kind === 'ec' && info.curve === 'P-256') return 'ec-p256';
  if (info.kind === 'rsa' && info.bits === 2048) return 'rsa-2048';
  if (info.kind === 'rsa' && info.bits === 3072) return 'rsa-3072';
  return undefined;
}
