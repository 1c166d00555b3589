import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertNoPassword, DEFAULT_SETTINGS, SettingsService } from '../../../src-main/services/settings-service.js';

const dir = mkdtempSync(join(tmpdir(), 'bb-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SettingsService', () => {
  it('starts from defaults, saves a partial update and reads it back in a new run', async () => {
    const s = new SettingsService(dir);
    expect(await s.get()).toEqual(DEFAULT_SETTINGS);
    const saved = await s.set({ concurrency: 12, autoRun: true, storage: { kind: 'postgres', connectionString: 'postgres://bb@db.local:5432/bb' } });
    expect(saved).toEqual({ concurrency: 12, autoRun: true, storage: { kind: 'postgres', connectionString: 'postgres://bb@db.local:5432/bb' } });
    expect(await new SettingsService(dir).get()).toEqual(saved);
    expect(await s.set({ concurrency: undefined, autoRun: false })).toMatchObject({ concurrency: 12, autoRun: false });
  });

  it('refuses a connection string with a password, and never writes it', async () => {
    const s = new SettingsService(dir);
    for (const bad of ['postgres://bb:hunter22@db.local/bb', 'postgresql://db.local/bb?password=hunter22', 'mysql://db.local/bb', 'not a url']) {
      await expect(s.set({ storage: { kind: 'postgres', connectionString: bad } })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    }
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).not.toContain('hunter22');
    expect(() => assertNoPassword('postgres://bb@db.local/bb?sslmode=require')).not.toThrow();
  });

  it('reports a damaged file instead of silently resetting it', async () => {
    const other = mkdtempSync(join(dir, 'damaged-'));
    writeFileSync(join(other, 'settings.json'), '{"concurrency": "lots"}');
    await expect(new SettingsService(other).get()).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('keeps settings in memory without a data directory', async () => {
    const s = new SettingsService(undefined);
    await s.set({ concurrency: 2 });
    expect((await s.get()).concurrency).toBe(2);
  });
});
