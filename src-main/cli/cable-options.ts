import { readFile } from 'node:fs/promises';
import { ProvisioningError } from '../../src-shared/errors/index.js';

/** Options shared by the cable commands (`bootstrap`, `run`), parsed in one place. */

/** `--timeout-ms`: an integer ≥ 100. */
export function timeoutMsOption(raw: string): number {
  const timeoutMs = Number(raw);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100) throw new ProvisioningError('INVALID_REQUEST', '--timeout-ms must be an integer ≥ 100');
  return timeoutMs;
}

/** Reads a profile or bootstrap description file; `NOT_FOUND` when it cannot be read. */
export async function readProfileText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ProvisioningError('NOT_FOUND', `cannot read ${path}`, { cause: error });
  }
}

/**
 * The station credential key from the environment variable named by `--credential-key-env`
 * (hex, at least 32 bytes). Never from an argument: arguments are visible in `ps`.
 */
export function credentialKeyFromEnv(name: string | undefined): Uint8Array | undefined {
  if (name === undefined) return undefined;
  const hex = process.env[name] ?? '';
  if (!/^([0-9a-fA-F]{2}){32,}$/.test(hex)) throw new ProvisioningError('INVALID_REQUEST', `${name} must hold at least 32 bytes as hex`);
  return new Uint8Array(Buffer.from(hex, 'hex'));
}
