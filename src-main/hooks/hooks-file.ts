import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProvisioningError } from '../../src-shared/errors/index.js';
import { DEFAULT_HOOK_TIMEOUT_MS, HooksFile, type HookConfig, type HookEvent } from './hook-types.js';

/** Name of the hooks file in the station data directory. */
export const HOOKS_FILE = 'hooks.json';

/** Reads `<dataDir>/hooks.json`; undefined when there is none. A malformed file is INVALID_REQUEST. */
export async function readHooksFile(dataDir: string): Promise<HooksFile | undefined> {
  const path = join(dataDir, HOOKS_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ProvisioningError('NOT_FOUND', `cannot read ${path}`, { cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new ProvisioningError('INVALID_REQUEST', `${path} is not JSON`, { cause });
  }
  const parsed = HooksFile.safeParse(raw);
  if (!parsed.success) throw new ProvisioningError('INVALID_REQUEST', `${path}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Command-line hook settings; each one overrides the file's for its event. */
export type HookOverrides = Partial<Record<HookEvent, string>> & { readonly timeoutMs?: number };

/** The hooks in effect: the file's, overridden by the command line. Undefined when none is set. */
export function mergeHooks(file: HooksFile | undefined, cli: HookOverrides): HookConfig | undefined {
  const commands: Partial<Record<HookEvent, string>> = {};
  const set = (event: HookEvent, value: string | undefined) => {
    if (value !== undefined && value.trim() !== '') commands[event] = value;
  };
  set('attach', cli.attach ?? file?.onAttach);
  set('detach', cli.detach ?? file?.onDetach);
  set('success', cli.success ?? file?.onSuccess);
  set('failure', cli.failure ?? file?.onFailure);
  if (Object.keys(commands).length === 0) return undefined;
  return { commands, timeoutMs: cli.timeoutMs ?? file?.timeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS };
}
