import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runCliCaptured } from '../../../support/cli.js';
import { connect } from '../../web/ws-test-client.js';

const ServeJson = z.strictObject({ url: z.string(), origin: z.string(), port: z.number().int().positive(), token: z.string().min(40) });

describe('bootbench serve', () => {
  it('serves the contract until SIGTERM, then exits 0', async () => {
    const child = spawn(process.execPath, ['bin/bootbench.mjs', 'serve', '--json', '--port', '0', '--sim', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = once(child, 'exit');
    try {
      const lines = createInterface({ input: child.stdout });
      const [first] = (await once(lines, 'line')) as [string];
      const served = ServeJson.parse(JSON.parse(first));
      expect(served.url).toBe(`http://127.0.0.1:${served.port}/#token=${served.token}`);
      const client = await connect(served.origin, { token: served.token });
      const list = await client.invoke(1, 'devices.list');
      expect(list.envelope.ok && (list.envelope.value as unknown[]).filter((d) => (d as { transport: string }).transport === 'simulated').length).toBe(2);
      const closed = client.closed;
      process.kill(child.pid!, 'SIGTERM');
      expect(await closed).toBe(1001);
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    }
  });

  it('prints the URL for people without --json', async () => {
    const child = spawn(process.execPath, ['bin/bootbench.mjs', 'serve', '--sim', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = once(child, 'exit');
    try {
      const lines = createInterface({ input: child.stdout });
      let text = '';
      for await (const line of lines) {
        text += `${line}\n`;
        if (line.includes('Ctrl+C')) break;
      }
      expect(text).toMatch(/Open http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{43}/);
      process.kill(child.pid!, 'SIGINT');
      expect(((await exited) as [number | null])[0]).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    }
  });

  it.each([
    [['--port', 'abc']],
    [['--port', '70000']],
    [['--sim', '-1']],
    [['--host', '0.0.0.0']],
  ])('refuses bad options %j with exit 2 and a typed JSON error', async (args) => {
    const run = await runCliCaptured(['serve', '--json', ...args]);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });
});
