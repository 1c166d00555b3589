import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../../support/cli.js';

describe('bootbench sim / bootbench-sim', () => {
  it('refuses a bad --fault or --imei with exit 2 and a typed JSON error', async () => {
    const fault = await runCliCaptured(['sim', '--port', '/nonexistent/tty', '--fault', 'explode=1']);
    expect(fault.code).toBe(2);
    expect(JSON.parse(fault.stdout)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    const imei = await runCliCaptured(['sim', '--port', '/nonexistent/tty', '--imei', '356938035643808']);
    expect(imei.code).toBe(2);
  });

  it('the bin/bootbench-sim.mjs executable runs the built simulator (help names the link switch)', () => {
    const bin = fileURLToPath(new URL('../../../../bin/bootbench-sim.mjs', import.meta.url));
    const r = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('AT+BBLINK');
    expect(r.stdout).toContain('--fault');
  });
});
