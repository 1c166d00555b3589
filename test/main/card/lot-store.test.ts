import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LotStore } from '../../../src-main/card/lot-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lots-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('lot state files', () => {
  it('keeps a stopped lot stopped across runs until reopened', async () => {
    const store = new LotStore(dir);
    expect(await store.load('L1')).toEqual({ kind: 'open' });
    await store.save('L1', { kind: 'stopped', cardId: 'iccid:1', reason: 'code wrong on card iccid:1' });
    expect(await new LotStore(dir).load('L1')).toEqual({ kind: 'stopped', cardId: 'iccid:1', reason: 'code wrong on card iccid:1' });
    await store.save('L1', { kind: 'open' });
    expect(await store.load('L1')).toEqual({ kind: 'open' });
  });

  it('refuses unsafe lot names and fails closed on unreadable state', async () => {
    const store = new LotStore(dir);
    await expect(store.load('../x')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(store.load('.hidden')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    writeFileSync(join(dir, 'L2.json'), '{broken');
    await expect(store.load('L2')).rejects.toMatchObject({ code: 'INTERNAL' });
    mkdirSync(join(dir, 'L3.json'));
    await expect(store.load('L3')).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
