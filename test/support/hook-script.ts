import { chmodSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/**
 * A real hook command for a test file: a shell script that writes its environment (NUL-separated)
 * to `$HOOK_OUT/<event>-<slot>.env` atomically (so a test waiting for the file reads a whole record)
 * and, with `log`, appends "<event> <device id>" to `$HOOK_OUT/events.log`. Made in a temp dir
 * before the file's tests, removed after them.
 */
export function useHookScript(prefix: string, options: { readonly log?: boolean } = {}): { readonly root: () => string; readonly script: () => string } {
  const text = `#!/bin/sh\nname="$BOOTBENCH_EVENT-$(basename "$BOOTBENCH_SLOT")"\n${options.log === true ? 'echo "$BOOTBENCH_EVENT $BOOTBENCH_DEVICE_ID" >> "$HOOK_OUT/events.log"\n' : ''}env -0 > "$HOOK_OUT/.$name.$$"\nmv "$HOOK_OUT/.$name.$$" "$HOOK_OUT/$name.env"\n`;
  let root: string | undefined;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), prefix));
    writeFileSync(join(root, 'hook.sh'), text);
    chmodSync(join(root, 'hook.sh'), 0o755);
  });
  afterAll(async () => {
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  });
  const made = (): string => {
    if (root === undefined) throw new Error('the hook script is made in beforeAll');
    return root;
  };
  return { root: made, script: () => join(made(), 'hook.sh') };
}
