import { describe, expect, it } from 'vitest';
import { MemorySessionStore } from '../../../../../src-shared/protocol/dm/session/index.js';

describe('MemorySessionStore', () => {
  it('saves only at the expected version and returns copies', async () => {
    const store = new MemorySessionStore();
    expect(await store.save('k', { a: [1] }, undefined)).toEqual({ ok: true, version: 1 });
    expect(await store.save('k', { a: [2] }, undefined)).toEqual({ ok: false, conflict: true, currentVersion: 1 });
    expect(await store.save('k', { a: [2] }, 1)).toEqual({ ok: true, version: 2 });
    expect(await store.save('k', { a: [3] }, 1)).toMatchObject({ ok: false, currentVersion: 2 });
    const loaded = await store.load('k');
    expect(loaded).toEqual({ value: { a: [2] }, version: 2 });
    (loaded!.value as { a: number[] }).a.push(99);
    expect((await store.load('k'))!.value).toEqual({ a: [2] });
    expect(await store.save('other', null, 5)).toMatchObject({ ok: false, currentVersion: undefined });
    await store.delete('k');
    expect(await store.load('k')).toBeUndefined();
    expect(store.keys()).toEqual([]);
  });
});
