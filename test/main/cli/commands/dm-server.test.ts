import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTree } from '../../../../src-shared/protocol/dm/index.js';
import { runCli } from '../../../../src-main/cli/program.js';
import { captureIO, runCliCaptured } from '../../../support/cli.js';
import { createTestPki } from '../../../support/test-pki.js';
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

  it('serves HTTPS with required client certificates, and PSK-TLS, to dm-client', async () => {
    const pki = createTestPki();
    try {
      const config = join(dir, 'tls.json');
      writeFileSync(config, JSON.stringify({ serverId: 'bootbench-dms', script: [[['GET', `${DEVINFO}//Man`]]] }));
      const mtls = startServer(['--config', config, '--port', '0', '--max-sessions', '1', '--json', '--tls-cert', pki.server.certPath, '--tls-key', pki.server.keyPath, '--tls-ca', pki.ca.certPath, '--require-client-cert']);
      const url = await mtls.listening;
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/dm$/);
      const tree = join(dir, 'tls-device.json');
      writeFileSync(tree, encodeTree(deviceTree(url)));
      const noCert = await runCliCaptured(['dm-client', url, '--tree', tree, '--ca', pki.ca.certPath]);
      expect(noCert.code).toBe(1);
      expect(noCert.stderr).toMatch(/AUTH_FAILED/);
      const ok = await runCliCaptured(['dm-client', url, '--tree', tree, '--ca', pki.ca.certPath, '--cert', pki.client.certPath, '--key', pki.client.keyPath]);
      expect(ok.stdout).toMatch(/session completed: 2 Package#2\(s\)/);
      expect(await mtls.done).toBe(0);
      expect(mtls.out()).toMatch(/"event":"refused","code":"AUTH_FAILED","reason":"client certificate required but none was presented"/);

      const serverPsk = join(dir, 'server.psk');
      const clientPsk = join(dir, 'client.psk');
      writeFileSync(serverPsk, '# identity:hexkey\ndevice-7:00112233445566778899aabbccddeeff\n');
      writeFileSync(clientPsk, 'device-7:00112233445566778899aabbccddeeff\n');
      const psk = startServer(['--config', config, '--port', '0', '--max-sessions', '1', '--json', '--psk-file', serverPsk]);
      const pskUrl = await psk.listening;
      writeFileSync(tree, encodeTree(deviceTree(pskUrl)));
      const viaPsk = await runCliCaptured(['dm-client', pskUrl, '--tree', tree, '--psk-file', clientPsk, '--json']);
      expect(viaPsk.code).toBe(0);
      expect(await psk.done).toBe(0);
      expect(psk.out()).not.toContain('00112233');
    } finally {
      pki.dispose();
    }
  });

  it('documents the configuration format in --help', async () => {
    const r = await runCliCaptured(['dm-server', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('passwordEnv');
    expect(r.stdout).toContain('{repo}');
  });
});
