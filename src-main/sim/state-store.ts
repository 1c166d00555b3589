import { readFile } from 'node:fs/promises';
import { decodeDeviceState, encodeDeviceState, type DeviceState } from '../../src-shared/bootstrap/device-state.js';
import { writeFileAtomic } from '../pki/atomic-file.js';

/** Where a simulated handset keeps its MO store between runs. */
export interface StateStore {
  /** The last committed state, or undefined for a device fresh from the factory. */
  load(): Promise<DeviceState | undefined>;
  /** Replaces the committed state atomically: afterwards a reader sees the old or the new state, never a mix. */
  save(state: DeviceState): Promise<void>;
}

/**
 * A state file written atomically (temp file, fsync, rename, directory fsync; mode 0600). The
 * file holds the device's own credentials, as a handset's flash would: keep it in a private directory.
 */
export class FileStateStore implements StateStore {
  constructor(readonly path: string) {}

  async load(): Promise<DeviceState | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return decodeDeviceState(text);
  }

  save(state: DeviceState): Promise<void> {
    return writeFileAtomic(this.path, encodeDeviceState(state));
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
