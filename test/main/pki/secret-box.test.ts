import { describe, expect, test } from 'vitest';
import { PassphraseProtector, SafeStorageProtector, parseSealedSecret, type SafeStorageLike } from '../../../src-main/pki/secret-box.js';

const SECRET = new TextEncoder().encode('-----PRIVATE KEY MATERIAL 0123456789-----');

/** A stand-in keyring: XOR with a fixed pad and a marker, so wrapping is observable and reversible. */
function fakeKeyring(options: { available?: boolean; backend?: string } = {}): SafeStorageLike {
  return {
    isEncryptionAvailable: () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptString: (s) => Buffer.from(`v10${Buffer.from(s).toString('hex')}`),
    decryptString: (b) => {
      const text = b.toString();
      if (!text.startsWith('v10')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(text.slice(3), 'hex').toString();
    },
  };
}

describe('PassphraseProtector', () => {
  test('round-trips with the right passphrase and purpose; the envelope holds no plaintext', async () => {
    const p = new PassphraseProtector('correct horse battery');
    const sealed = await p.seal(SECRET, 'purpose-a');
    const json = JSON.stringify(sealed);
    expect(json).not.toContain('PRIVATE KEY MATERIAL');
    expect(json).not.toContain(Buffer.from(SECRET).toString('base64').slice(0, 20));
    expect(sealed.kind === 'passphrase-scrypt' && sealed.kdf.N).toBe(2 ** 15);
    expect(await p.open(parseSealedSecret(JSON.parse(json)), 'purpose-a')).toEqual(SECRET);
  });

  test('a wrong passphrase, a wrong purpose or a tampered envelope is AUTH_FAILED', async () => {
    const sealed = await new PassphraseProtector('correct horse battery').seal(SECRET, 'purpose-a');
    await expect(new PassphraseProtector('wrong horse battery').open(sealed, 'purpose-a')).rejects.toMatchObject({ code: 'AUTH_FAILED', message: expect.stringMatching(/Wrong passphrase/) });
    await expect(new PassphraseProtector('correct horse battery').open(sealed, 'purpose-b')).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    const tampered = { ...sealed, ciphertext: Buffer.from(Buffer.from(sealed.ciphertext, 'base64').map((b, i) => (i === 0 ? b ^ 1 : b))).toString('base64') };
    await expect(new PassphraseProtector('correct horse battery').open(tampered, 'purpose-a')).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });

  test('dispose wipes the passphrase copy and makes the protector unusable', async () => {
    const p = new PassphraseProtector('correct horse battery');
    p.dispose();
    await expect(p.seal(SECRET, 'x')).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('disposed') });
  });

  test('refuses a passphrase that would amount to plaintext', () => {
    expect(() => new PassphraseProtector('')).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
    expect(() => new PassphraseProtector('short')).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
  });

  test('a corrupt or unknown-version envelope is a typed error', () => {
    expect(() => parseSealedSecret({ format: 'bootbench-secret', version: 2 })).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
    expect(() => parseSealedSecret('x')).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
  });
});

describe('SafeStorageProtector', () => {
  test('wraps a random data key through the injected keyring and round-trips', async () => {
    const keyring = fakeKeyring();
    const p = new SafeStorageProtector(keyring);
    const sealed = await p.seal(SECRET, 'ca');
    expect(sealed.kind).toBe('safe-storage');
    expect(JSON.stringify(sealed)).not.toContain('PRIVATE KEY MATERIAL');
    expect(await p.open(sealed, 'ca')).toEqual(SECRET);
    const broken = { ...sealed, wrappedKey: Buffer.from('garbage').toString('base64') };
    await expect(p.open(broken, 'ca')).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });

  test('refuses an unavailable keyring and the basic_text (plaintext) backend', () => {
    expect(() => new SafeStorageProtector(fakeKeyring({ available: false }))).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
    expect(() => new SafeStorageProtector(fakeKeyring({ backend: 'basic_text' }))).toThrow(expect.objectContaining({ message: expect.stringContaining('basic_text') }));
  });

  test('an envelope sealed by the other protector kind is refused with AUTH_FAILED', async () => {
    const sealed = await new SafeStorageProtector(fakeKeyring()).seal(SECRET, 'ca');
    await expect(new PassphraseProtector('correct horse battery').open(sealed, 'ca')).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });
});
