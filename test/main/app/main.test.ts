import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// Smoke-runs the BUILT Electron entry (out/electron/main.cjs, built by the vitest globalSetup)
// under Node with a stand-in `electron` module (fixtures/electron-shim.cjs). Its utilityProcess
// forks the real built out/electron/device-host.cjs, which talks over an emulated parentPort.
// This checks what unit tests cannot: the bundle's composition, CJS output and host wiring.

const root = join(import.meta.dirname, '..', '..', '..');

interface Report {
  readonly privileged: readonly { scheme: string }[];
  readonly windows: readonly { url: string; webPreferences: Record<string, unknown> }[];
  readonly hostPids: readonly number[];
  readonly sandbox: boolean;
  readonly protocol: string;
  readonly trusted: unknown;
  readonly foreign: unknown;
  readonly malformed: unknown;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('out/electron/main.cjs (built bundle, stand-in electron)', () => {
  it('starts the device host, opens the secure window, serves IPC through the gate and quits cleanly', async () => {
    const main = join(root, 'out', 'electron', 'main.cjs');
    expect(existsSync(main)).toBe(true);
    const { stdout } = await promisify(execFile)(process.execPath, ['--require', join(import.meta.dirname, 'fixtures', 'electron-shim.cjs'), main], {
      cwd: root,
      timeout: 30_000,
    });
    const line = stdout.split('\n').find((l) => l.startsWith('REPORT '));
    expect(line).toBeDefined();
    const report = JSON.parse(line!.slice('REPORT '.length)) as Report;

    expect(report.sandbox).toBe(true);
    expect(report.privileged.map((s) => s.scheme)).toEqual(['app']);
    expect(report.protocol).toBe('app');
    expect(report.windows).toHaveLength(1);
    expect(report.windows[0]!.url).toBe('app://bootbench/index.html');
    expect(report.windows[0]!.webPreferences).toMatchObject({
      preload: join(root, 'out', 'electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(report.trusted).toMatchObject({ ok: true, value: { name: 'Bootbench', shell: 'electron' } });
    expect(report.foreign).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(report.malformed).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(report.hostPids).toHaveLength(1);
    // The app shut its device host down before exiting.
    expect(isAlive(report.hostPids[0]!)).toBe(false);
  });
});
