import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import { decodeDeviceState, encodeDeviceState, type DeviceState } from '../../src-shared/bootstrap/device-state.js';
import { writeFileAtomic } from '../pki/atomic-file.js';

/** Where a simulated handset keeps its MO store between runs. */
export interface StateStore {
  /** The last committed state, or undefined for a device fresh from the factory. */
  load(): Promise<DeviceState | undefined>;
  /** Replaces the committed state atomically: afterwards a reader sees the old or the new state, never a mix. */
  save(state: DeviceState): Promise<void>;
}

const SEALED = 'bootbench-device-state-sealed';

/** AES-256-GCM envelope of the state text (the device's secrets never reach disk in plaintext). */
function seal(text: string, key: Uint8Array): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(SEALED));
  const ciphertext = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return JSON.stringify({ format: SEALED, version: 1, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') });
}

function unseal(text: string, key: Uint8Array): string {
  try {
    const env = JSON.parse(text) as { format?: unknown; iv?: unknown; tag?: unknown; ciphertext?: unknown };
    if (env.format !== SEALED || typeof env.iv !== 'string' || typeof env.tag !== 'string' || typeof env.ciphertext !== 'string') throw new Error('not sealed');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(env.iv, 'base64'));
    decipher.setAAD(Buffer.from(SEALED));
    decipher.setAuthTag(Buffer.from(env.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(env.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new ProvisioningError('AUTH_FAILED', 'device state file does not open with this key (wrong key, damaged or not sealed)');
  }
}

/**
 * A state file written atomically (temp file, fsync, rename, directory fsync; mode 0600). With a
 * 32-byte `key` the file is sealed (AES-256-GCM), so the device's credentials never reach disk in
 * plaintext; without one it is plain JSON (tests, demos without secrets).
 */
export class FileStateStore implements StateStore {
  constructor(
    readonly path: string,
    private readonly key?: Uint8Array,
  ) {
    if (key !== undefined && key.length !== 32) throw new ProvisioningError('INVALID_REQUEST', 'the state key must be 32 bytes');
  }

  async load(): Promise<DeviceState | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return decodeDeviceState(this.key === undefined ? text : unseal(text, this.key));
  }

  save(state: DeviceState): Promise<void> {
    const text = encodeDeviceState(state);
    return writeFileAtomic(this.path, this.key === undefined ? text : seal(text, this.key));
  }
}

/** An in-memory store holding the encoded text (so a reload goes through the same decoder). */
export class MemoryStateStore implements StateStore {
  text: string | undefined;
  saves = 0;

  load(): Promise<DeviceState | undefined> {
    return Promise.resolve(this.text === undefined ? undefined : decodeDeviceState(this.text));
  }

  save(state: DeviceState): Promise<void> {
    this.text = encodeDeviceState(state);
    this.saves++;
    return Promise.resolve();
  }
}
