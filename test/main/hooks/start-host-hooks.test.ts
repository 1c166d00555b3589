import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../../../src-main/cli/commands/start.js';
import { parseHostOptions } from '../../../src-main/device-host/host-options.js';
import { captureIO } from '../../support/cli.js';

// `bootbench start` hands its hooks to the desktop app's device host through the app's
// environment. A stand-in for Electron's binary (a real executable) prints the BOOTBENCH_*
// variables it was started with; the host's own option parser reads them back.

const stationOpts = { port: '0', host: '127.0.0.1', sim: '0', pollMs: '1000', json: true };
let dir: string;
let fakeElectron: string;
let appMain: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bb-start-hooks-'));
  fakeElectron = join(dir, 'electron');
  writeFileSync(
    fakeElectron,
    `#!${process.execPath}\nprocess.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('BOOTBENCH_')))) + '\\n');\n`,
  );
  chmodSync(fakeElectron, 0o755);
  appMain = join(dir, 'main.cjs');
  writeFileSync(appMain, '');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const deps = () => ({ findElectron: () => fakeElectron, electronMain: appMain, stopped: () => Promise.resolve() });

describe('bootbench start passes its hooks to the desktop app', () => {
  it("--on-* and --hook-timeout-ms reach the app's host, --data-dir tells it where hooks.json is", async () => {
    const data = join(dir, 'data');
    mkdirSync(data);
    writeFileSync(join(data, 'hooks.json'), JSON.stringify({ onDetach: './detach.sh' }));
    const c = captureIO();
    const code = await startApp(c.io, { ...stationOpts, dataDir: data, onAttach: './label.sh --copies=2', onFailure: 'echo "red light" >&2', hookTimeoutMs: '2500' }, deps());
    expect(code).toBe(0);
    const env = JSON.parse(c.out()) as Record<string, string>;
    expect(env['BOOTBENCH_DATA_DIR']).toBe(data);
    expect(parseHostOptions([], env).hooks).toEqual({ overrides: { attach: './label.sh --copies=2', failure: 'echo "red light" >&2', timeoutMs: 2_500 } });
  });

  it('sets no hook variable when no hook is given', async () => {
    const c = captureIO();
    const data = join(dir, 'empty');
    mkdirSync(data);
    await startApp(c.io, { ...stationOpts, dataDir: data }, deps());
    const env = JSON.parse(c.out()) as Record<string, string>;
    expect(Object.keys(env).filter((k) => k.startsWith('BOOTBENCH_HOST_ON_') || k === 'BOOTBENCH_HOST_HOOK_TIMEOUT_MS')).toEqual([]);
  });

  it('refuses a malformed hooks.json or --hook-timeout-ms before starting the app (INVALID_REQUEST)', async () => {
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'hooks.json'), '{ "onAtach": "./typo.sh" }');
    const c = captureIO();
    await expect(startApp(c.io, { ...stationOpts, dataDir: bad }, deps())).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(startApp(c.io, { ...stationOpts, dataDir: join(dir, 'empty'), hookTimeoutMs: 'soon' }, deps())).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    expect(c.out()).toBe('');
  });
});
