import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { factoryTree } from '../../../src-shared/bootstrap/factory-tree.js';
import { emptyClientState } from '../../../src-shared/protocol/dm/session/client-ports.js';
import { FileStateStore } from '../../../src-main/sim/state-store.js';
import { tempDir } from '../bootstrap/helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const state = { tree: factoryTree({ imei: '356938035643809', manufacturer: 'Bootbench', model: 'SimPhone 2', firmware: '1.0' }), client: emptyClientState(), bootstrap: 'factory' as const, generation: 1 };

describe('FileStateStore', () => {
  it('writes the state atomically with mode 0600 and reads it back; absent file = fresh device', async () => {
    const { dir, remove } = await tempDir('bb-state-');
    cleanups.push(remove);
    const store = new FileStateStore(join(dir, 's.json'));
    expect(await store.load()).toBeUndefined();
    await store.save(state);
    expect((await stat(join(dir, 's.json'))).mode & 0o777).toBe(0o600);
    expect((await store.load())?.generation).toBe(1);
  });

  it('seals the file with a key: no plaintext on disk, a wrong key or a flipped byte is AUTH_FAILED', async () => {
    const { dir, remove } = await tempDir('bb-state-');
    cleanups.push(remove);
    const path = join(dir, 's.json');
    const key = new Uint8Array(32).fill(1);
    await new FileStateStore(path, key).save(state);
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain('bootbench-station');
    expect((await new FileStateStore(path, key).load())?.bootstrap).toBe('factory');
    await expect(new FileStateStore(path, new Uint8Array(32).fill(2)).load()).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    const env = JSON.parse(text) as { ciphertext: string };
    const bytes = Buffer.from(env.ciphertext, 'base64');
    bytes[5] = bytes[5]! ^ 1;
    await writeFile(path, JSON.stringify({ ...env, ciphertext: bytes.toString('base64') }));
    await expect(new FileStateStore(path, key).load()).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });
});
