import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ProvisioningError } from '../../src-shared/errors/index.js';

/** Where station data lives: `--data-dir`, else `$BOOTBENCH_DATA_DIR`, else `~/.local/share/bootbench`. */
export function resolveDataDir(option: string | undefined): string {
  return option ?? process.env['BOOTBENCH_DATA_DIR'] ?? join(homedir(), '.local', 'share', 'bootbench');
}

/** Reads a secret file: bytes with one trailing newline removed. */
export async function readSecretFile(path: string, what: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new ProvisioningError('NOT_FOUND', `Cannot read the ${what} file ${path}`, { cause });
  }
  const end = bytes.at(-1) === 0x0a ? (bytes.at(-2) === 0x0d ? bytes.length - 2 : bytes.length - 1) : bytes.length;
  return bytes.subarray(0, end);
}
