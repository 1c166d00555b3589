import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../../../../src-main/cli/commands/start.js';
import { captureIO } from '../../../support/cli.js';

const stationOpts = { port: '0', host: '127.0.0.1', sim: '0', pollMs: '1000', json: true };
let dir: string;
let fakeElectron: string;
let appMain: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bb-start-'));
  // A stand-in for Electron's binary: a real executable that reports its arguments and exits 3.
  fakeElectron = join(dir, 'electron');
  writeFileSync(fakeElectron, `#!${process.execPath}\nprocess.stdout.write('electron ' + process.argv.slice(2).join(' ') + '\\n');\nprocess.exit(3);\n`);
  chmodSync(fakeElectron, 0o755);
  appMain = join(dir, 'main.cjs');
  writeFileSync(appMain, '');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bootbench start', () => {
  it('launches Electron with the app entry when its binary exists, and returns its exit code', async () => {
    const c = captureIO();
    const code = await startApp(c.io, stationOpts, { findElectron: () => fakeElectron, electronMain: appMain, stopped: () => Promise.resolve() });
    expect(code).toBe(3);
    expect(c.out()).toBe(`electron ${appMain}\n`);
  });

  it('refuses plainly when Electron exists but the app is not built', async () => {
    const c = captureIO();
    const run = startApp(c.io, stationOpts, { findElectron: () => fakeElectron, electronMain: join(dir, 'nope.cjs'), stopped: () => Promise.resolve() });
    await expect(run).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('says so and serves the web station when Electron is not available', async () => {
    const c = captureIO();
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const run = startApp(c.io, stationOpts, { findElectron: () => undefined, electronMain: appMain, stopped: () => stopped });
    // The station's modules load on use (docs/startup.md): give a loaded machine time.
    await expect.poll(() => c.out(), { timeout: 15_000 }).toContain('"url"');
    expect(c.err()).toContain("Electron's binary is not available on this machine");
    expect(c.err()).toContain('serving the web station instead');
    const { url, port } = JSON.parse(c.out()) as { url: string; port: number };
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect(url).toContain('#token=');
    stop();
    expect(await run).toBe(0);
  });

  it('falls back to the web station from the real command on this machine', async () => {
    const child = spawn(process.execPath, ['bin/bootbench.mjs', 'start', '--json', '--sim', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = once(child, 'exit');
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      expect(JSON.parse(line)).toHaveProperty('url');
      expect(err).toContain("Electron's binary is not available");
      process.kill(child.pid!, 'SIGTERM');
      expect(((await exited) as [number | null])[0]).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    }
  });
});
