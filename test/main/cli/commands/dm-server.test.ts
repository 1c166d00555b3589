import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTree } from '../../../../src-shared/protocol/dm/index.js';
import { runCli } from '../../../../src-main/cli/program.js';
import { captureIO, runCliCaptured } from '../../../support/cli.js';
import { APP, DEVINFO, deviceTree } from '../../dm/fixtures.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bootbench-dms-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONFIG = `
serverId: bootbench-dms
auth:
  schemes: [digest]
  accounts:
    - { user: dev1, passwordEnv: BB_TEST_DM_PASSWORD }
script:
  - - [HPOST, "{repo}/inventory", "${DEVINFO}//"]
    - [GET, "${DEVINFO}//Man"]
  - - [HGET, "{repo}/app-mode", "${APP}/old/Mode"]
repository:
  app-mode: [ { ClientURI: "${APP}/old/Mode", MOData: { Mode: "off" } } ]
`;

/** Starts `bootbench dm-server` in this process and resolves with its entry URL once it listens. */
function startServer(args: readonly string[]): { listening: Promise<string>; done: Promise<number>; out: () => string } {
  const c = captureIO();
  let resolveUrl: (url: string) => void = () => undefined;
  const listening = new Promise<string>((resolve) => (resolveUrl = resolve));
  c.io.stdout.on('data', () => {
    const m = /"event":"listening","entryUrl":"([^"]+)"/.exec(c.out());
    if (m !== null) resolveUrl(m[1]!);
  });
  const done = runCli(['dm-server', ...args], c.io);
  return { listening, done, out: c.out };
}

describe('bootbench dm-server and dm-client', () => {
  it('serve a scripted two-round session with Digest auth; the client traces packages and writes the tree', async () => {
    process.env['BB_TEST_DM_PASSWORD'] = 'pa55word';
    process.env['BB_TEST_DM_CLIENT_PASSWORD'] = 'pa55word';
    const config = join(dir, 'dms.yaml');
    writeFileSync(config, CONFIG);
    const server = startServer(['--config', config, '--port', '0', '--max-sessions', '1', '--json']);
    const entryUrl = await Promise.race([server.listening, server.done.then((code) => Promise.reject(new Error(`server exited ${code}: ${server.out()}`)))]);
    const treeFile = join(dir, 'device.json');
    writeFileSync(treeFile, encodeTree(deviceTree(entryUrl)));
    const outFile = join(dir, 'after.json');
    const client = await runCliCaptured(['dm-client', entryUrl, '--tree', treeFile, '--trace', '--out', outFile, '--user', 'dev1', '--password-env', 'BB_TEST_DM_CLIENT_PASSWORD']);
    expect(client.stderr).toBe('');
    expect(client.code).toBe(0);
    expect(client.stdout).toContain('> POST http://127.0.0.1');
    expect(client.stdout).toContain('application/vnd.oma.dm.initiation+json');
    expect(client.stdout).toMatch(/< 200 \(application\/vnd\.oma\.dm\.request\+json\)\n\{"CMD":\[\["CONT","http:\/\/127\.0\.0\.1:\d+\/dm\/s\/[0-9a-f]+"\],\["HPOST"/);
    expect(client.stdout).toMatch(/session completed: 3 Package#2\(s\), statuses \[200 200 200\] \[200\] \[\]/);
    expect(client.stdout).not.toContain('pa55word');
    expect(readFileSync(outFile, 'utf8')).toContain('"Mode":"off"');
    expect(await server.done).toBe(0);
    const lines = server.out().trim().split('\n').map((l) => JSON.parse(l) as { event: string; results?: { sc: number }[] });
    expect(lines.map((l) => l.event)).toEqual(['listening', 'refused', 'session-opened', 'results', 'results', 'session-closed']);
    expect(lines.flatMap((l) => l.results?.map((r) => r.sc) ?? [])).toEqual([200, 200, 200]);
    expect(server.out()).not.toContain('pa55word');
  });

  it('refuses a bad configuration with exit code 2 and the place of the problem', async () => {
    const config = join(dir, 'bad.json');
    writeFileSync(config, JSON.stringify({ serverId: 'x', script: [[['FROB', 'x']]] }));
    const r = await runCliCaptured(['dm-server', '--config', config, '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.json: script\[0\]\[0\] "FROB"/);
    writeFileSync(config, JSON.stringify({ serverId: 'x', auth: { accounts: [{ user: 'u', passwordEnv: 'BB_TEST_UNSET_VAR' }] } }));
    const r2 = await runCliCaptured(['dm-server', '--config', config, '--port', '0', '--json']);
    expect(r2.code).toBe(2);
    expect(JSON.parse(r2.stdout).error.message).toMatch(/BB_TEST_UNSET_VAR .* is not set/);
    const r3 = await runCliCaptured(['dm-server', '--config', join(dir, 'missing.yaml')]);
    expect(r3.code).toBe(3);
    const r4 = await runCliCaptured(['dm-server', '--config', config, '--require-client-cert']);
    expect(r4.code).toBe(2);
  });

  it('runs as a real process (built CLI), serves a session over loopback HTTP and stops on SIGTERM', async () => {
    const config = join(dir, 'proc.json');
    writeFileSync(config, JSON.stringify({ serverId: 'bootbench-dms', script: [[['GET', `${DEVINFO}//DevID`]]] }));
    const child = spawn(process.execPath, ['bin/bootbench.mjs', 'dm-server', '--config', config, '--port', '0', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = once(child, 'exit');
    try {
      let out = '';
      const entryUrl = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /"entryUrl":"([^"]+)"/.exec(out);
          if (m !== null) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`dm-server exited early (${code}): ${out}`)));
      });
      const treeFile = join(dir, 'proc-device.json');
      writeFileSync(treeFile, encodeTree(deviceTree(entryUrl)));
      const client = await runCliCaptured(['dm-client', entryUrl, '--tree', treeFile, '--json']);
      expect(client.code).toBe(0);
      expect(JSON.parse(client.stdout.trim().split('\n').at(-1)!)).toMatchObject({ event: 'outcome', kind: 'completed', packages: 2 });
    } finally {
      if (child.exitCode === null) process.kill(child.pid!, 'SIGTERM');
    }
    const [code] = await exited;
    expect(code).toBe(0);
  });

  it('documents the configuration format in --help', async () => {
    const r = await runCliCaptured(['dm-server', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('passwordEnv');
    expect(r.stdout).toContain('{repo}');
  });
});
