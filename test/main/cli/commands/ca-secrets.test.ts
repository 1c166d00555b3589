import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { passphrase, withSecrets } from '../../../../src-main/cli/commands/ca.js';
import type { PassphraseProtector } from '../../../../src-main/pki/secret-box.js';
import { tempDir } from '../../bootstrap/helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('CA command passphrases', () => {
  it('are wiped per command: one command finishing never wipes another running in the same process', async () => {
    const { dir, remove } = await tempDir('bb-ca-secrets-');
    cleanups.push(remove);
    const file = join(dir, 'pass');
    writeFileSync(file, 'correct horse battery staple\n');
    let held: PassphraseProtector | undefined;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let holding: () => void = () => undefined;
    const created = new Promise<void>((resolve) => (holding = resolve));
    const slow = withSecrets(async () => {
      held = await passphrase(file);
      holding();
      await gate;
      await held.seal(new Uint8Array([1, 2, 3]), 'test'); // threw "disposed" when a module-wide list was wiped
      return 0;
    })();
    await created;
    let quickOne: PassphraseProtector | undefined;
    expect(await withSecrets(async () => ((quickOne = await passphrase(file)), 0))()).toBe(0);
    // The finished command's own copy is wiped…
    await expect(quickOne!.seal(new Uint8Array([1]), 'test')).rejects.toMatchObject({ code: 'INTERNAL' });
    release();
    // …the running one's is not, until it finishes.
    expect(await slow).toBe(0);
    await expect(held!.seal(new Uint8Array([1]), 'test')).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
