import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { ProtectorKind } from '../../src-shared/pki/registry-record.js';

/**
 * Secrets at rest: a versioned, authenticated envelope and the protectors that seal it.
 *
 * There is deliberately no "plaintext" protector: every constructor refuses a configuration that
 * would leave the secret readable (empty passphrase, safeStorage without a real OS keyring).
 */

/** scrypt cost for new envelopes (2^15, r 8, p 1: ~32 MiB, ~100 ms; OWASP's minimum is 2^17 r 8 for logins, 2^15 suits a desktop unlock). */
export const SCRYPT_DEFAULTS = { N: 2 ** 15, r: 8, p: 1 } as const;

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

/** The on-disk envelope (JSON), version 1. AES-256-GCM; the key comes from scrypt or from safeStorage. */
export const SealedSecret = z.discriminatedUnion('kind', [
  z.object({
    format: z.literal('bootbench-secret'),
    version: z.literal(1),
    kind: z.literal('passphrase-scrypt'),
    kdf: z.object({ N: z.number().int().min(2 ** 14).max(2 ** 22), r: z.number().int().min(1).max(32), p: z.number().int().min(1).max(16), salt: b64 }),
    iv: b64,
    tag: b64,
    ciphertext: b64,
  }),
  z.object({
    format: z.literal('bootbench-secret'),
    version: z.literal(1),
    kind: z.literal('safe-storage'),
    /** The AES data key, encrypted by the OS keyring through Electron safeStorage. */
    wrappedKey: b64,
    iv: b64,
    tag: b64,
    ciphertext: b64,
  }),
]);
/** The on-disk envelope (JSON), version 1. */
export type SealedSecret = z.output<typeof SealedSecret>;

/** Seals and opens secrets; `aad` binds an envelope to its purpose (e.g. one CA id). */
export interface SecretProtector {
  readonly kind: ProtectorKind;
  /** Encrypts `plaintext`; the caller still owns (and wipes) `plaintext`. */
  seal(plaintext: Uint8Array, aad: string): Promise<SealedSecret>;
  /**
   * Decrypts an envelope; the caller owns (and must wipe) the result.
   *
   * @throws ProvisioningError `AUTH_FAILED` for a wrong passphrase or a tampered envelope.
   */
  open(sealed: SealedSecret, aad: string): Promise<Uint8Array>;
}

function gcmSeal(key: Uint8Array, plaintext: Uint8Array, aad: string): { iv: string; tag: string; ciphertext: string } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
}

function gcmOpen(key: Uint8Array, sealed: { iv: string; tag: string; ciphertext: string }, aad: string, failure: string): Uint8Array {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return new Uint8Array(Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]));
  } catch (cause) {
    throw new ProvisioningError('AUTH_FAILED', failure, { cause });
  }
}

function scryptAsync(passphrase: Uint8Array, salt: Uint8Array, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(passphrase, salt, 32, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Minimum passphrase length in bytes (a refusal, not advice: shorter ones are trivially guessed offline). */
export const MIN_PASSPHRASE_BYTES = 8;

/** Protects secrets with a passphrase-derived key (scrypt + AES-256-GCM). */
export class PassphraseProtector implements SecretProtector {
  readonly kind = 'passphrase-scrypt' as const;
  readonly #passphrase: Buffer;
  #disposed = false;

  /**
   * Keeps a private copy of the passphrase until {@link dispose}.
   *
   * @throws ProvisioningError `INVALID_REQUEST` for a passphrase shorter than 8 bytes (a blank one would be plaintext at rest).
   */
  constructor(passphrase: Uint8Array | string, private readonly params: { N: number; r: number; p: number } = SCRYPT_DEFAULTS) {
    const bytes = typeof passphrase === 'string' ? Buffer.from(passphrase, 'utf8') : Buffer.from(passphrase);
    if (bytes.length < MIN_PASSPHRASE_BYTES) {
      bytes.fill(0);
      throw new ProvisioningError('INVALID_REQUEST', `Refusing to protect a key with a passphrase shorter than ${MIN_PASSPHRASE_BYTES} bytes`);
    }
    this.#passphrase = bytes;
  }

  #live(): Buffer {
    if (this.#disposed) throw new ProvisioningError('INTERNAL', 'This passphrase protector was disposed');
    return this.#passphrase;
  }

  async seal(plaintext: Uint8Array, aad: string): Promise<SealedSecret> {
    const salt = randomBytes(16);
    const key = await scryptAsync(this.#live(), salt, this.params);
    try {
      return { format: 'bootbench-secret', version: 1, kind: 'passphrase-scrypt', kdf: { ...this.params, salt: salt.toString('base64') }, ...gcmSeal(key, plaintext, aad) };
    } finally {
      key.fill(0);
    }
  }

  async open(sealed: SealedSecret, aad: string): Promise<Uint8Array> {
    if (sealed.kind !== 'passphrase-scrypt') throw new ProvisioningError('AUTH_FAILED', `This key is protected by ${sealed.kind}, not by a passphrase`);
    const key = await scryptAsync(this.#live(), Buffer.from(sealed.kdf.salt, 'base64'), sealed.kdf);
    try {
      return gcmOpen(key, sealed, aad, 'Wrong passphrase: the CA private key could not be decrypted (nothing was changed)');
    } finally {
      key.fill(0);
    }
  }

  /** Overwrites the held passphrase copy; the protector is unusable afterwards. */
  dispose(): void {
    this.#disposed = true;
    this.#passphrase.fill(0);
  }
}

/**
 * The subset of Electron's `safeStorage` the station uses, injected so no module outside the
 * Electron adapter imports `electron`.
 */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: `basic_text` means a hard-coded key, i.e. effectively plaintext. */
  getSelectedStorageBackend?(): string;
}

/** Protects secrets with a random data key that the OS keyring (via Electron safeStorage) wraps. */
export class SafeStorageProtector implements SecretProtector {
  readonly kind = 'safe-storage' as const;

  /**
   * @throws ProvisioningError `INVALID_REQUEST` when safeStorage cannot encrypt, or on Linux falls back
   * to its `basic_text` backend (a fixed key: plaintext in all but name).
   */
  constructor(private readonly storage: SafeStorageLike) {
    if (!storage.isEncryptionAvailable()) throw new ProvisioningError('INVALID_REQUEST', 'OS secure storage is not available; use a passphrase instead');
    if (storage.getSelectedStorageBackend?.() === 'basic_text') {
      throw new ProvisioningError('INVALID_REQUEST', 'OS secure storage uses the basic_text backend (no keyring); refusing it as plaintext. Use a passphrase instead');
    }
  }

  async seal(plaintext: Uint8Array, aad: string): Promise<SealedSecret> {
    const dataKey = randomBytes(32);
    try {
      const wrappedKey = this.storage.encryptString(dataKey.toString('base64')).toString('base64');
      return { format: 'bootbench-secret', version: 1, kind: 'safe-storage', wrappedKey, ...gcmSeal(dataKey, plaintext, aad) };
    } finally {
      dataKey.fill(0);
    }
  }

  async open(sealed: SealedSecret, aad: string): Promise<Uint8Array> {
    if (sealed.kind !== 'safe-storage') throw new ProvisioningError('AUTH_FAILED', `This key is protected by ${sealed.kind}, not by OS secure storage`);
    let dataKey: Buffer;
    try {
      dataKey = Buffer.from(this.storage.decryptString(Buffer.from(sealed.wrappedKey, 'base64')), 'base64');
    } catch (cause) {
      throw new ProvisioningError('AUTH_FAILED', 'OS secure storage could not unwrap the CA key (another user or machine?)', { cause });
    }
    try {
      return gcmOpen(dataKey, sealed, aad, 'The CA key envelope failed authentication (tampered or wrong purpose)');
    } finally {
      dataKey.fill(0);
    }
  }
}

/** Parses an envelope read from disk. @throws ProvisioningError `INVALID_REQUEST` when it is not a v1 envelope. */
export function parseSealedSecret(json: unknown): SealedSecret {
  const parsed = SealedSecret.safeParse(json);
  if (!parsed.success) throw new ProvisioningError('INVALID_REQUEST', 'The key envelope is corrupt or of an unknown version');
  return parsed.data;
}
