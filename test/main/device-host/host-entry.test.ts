import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { defaultNodeHostEntry } from '../../../src-main/device-host/node-host-spawner.js';

// The built host entry (out/main/device-host.mjs) run directly: it must refuse to run without a
// parent link or with bad arguments, with a clear message and exit code 2 (never a stack trace).

const run = promisify(execFile);

async function exitOf(args: readonly string[]): Promise<{ code: number; stderr: string }> {
  try {
    await run(process.execPath, [defaultNodeHostEntry(), ...args], { timeout: 20_000 });
    return { code: 0, stderr: '' };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

describe('device host entry', () => {
  it('is built where the Node spawner looks for it', () => {
    expect(defaultNodeHostEntry()).toBe(join(import.meta.dirname, '..', '..', '..', 'out', 'main', 'device-host.mjs'));
  });

  it('refuses to run without a parent process link', async () => {
    const { code, stderr } = await exitOf(['--bootbench-host', '--no-serial']);
    expect(code).toBe(2);
    expect(stderr).toContain('must be started by the Bootbench main process');
  });

  it('refuses unknown arguments with a typed message', async () => {
    const { code, stderr } = await exitOf(['--bootbench-host', '--inspect-brk']);
    expect(code).toBe(2);
    expect(stderr).toContain('Unknown device-host argument: --inspect-brk');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
