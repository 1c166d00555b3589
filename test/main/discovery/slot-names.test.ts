import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SLOT_NAMES_FILE, SlotNames } from '../../../src-main/discovery/slot-names.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'bb-slots-'));
  dirs.push(d);
  return d;
}

describe('SlotNames', () => {
  it('persists names atomically and reads them back in a new instance', async () => {
    const dir = dataDir();
    const names = await SlotNames.open(dir);
    expect(names.get('/dev/ttyUSB0')).toBeUndefined();
    expect(await names.set('/dev/ttyUSB0', '  Bay 1 ')).toBe('Bay 1');
    expect(await names.set('usb:1-2.3', 'Bay 2')).toBe('Bay 2');
    expect(await names.set('usb:1-2.3', '')).toBeUndefined();
    const again = await SlotNames.open(dir);
    expect(again.entries()).toEqual([['/dev/ttyUSB0', 'Bay 1']]);
    expect(readdirSync(dir)).toEqual([SLOT_NAMES_FILE]);
    expect(statSync(join(dir, SLOT_NAMES_FILE)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, SLOT_NAMES_FILE), 'utf8'))).toEqual({ version: 1, names: { '/dev/ttyUSB0': 'Bay 1' } });
  });

  it('serialises concurrent renames in call order', async () => {
    const dir = dataDir();
    const names = await SlotNames.open(dir);
    await Promise.all(Array.from({ length: 20 }, (_, i) => names.set('s', `Name ${i}`)));
    expect((await SlotNames.open(dir)).get('s')).toBe('Name 19');
  });

  it('refuses a damaged file with a typed error instead of dropping the names', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, SLOT_NAMES_FILE), '{"version":1,');
    await expect(SlotNames.open(dir)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    writeFileSync(join(dir, SLOT_NAMES_FILE), JSON.stringify({ version: 1, names: { a: 'x'.repeat(81) } }));
    await expect(SlotNames.open(dir)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('in-memory names work without a data dir and refuse over-long names', async () => {
    const names = SlotNames.inMemory();
    expect(await names.set('a', 'Bay')).toBe('Bay');
    await expect(names.set('a', 'x'.repeat(81))).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    expect(names.get('a')).toBe('Bay');
  });
});
