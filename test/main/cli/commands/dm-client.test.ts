import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTree } from '../../../../src-shared/protocol/dm/index.js';
import { dm } from '../../../../src-shared/protocol/dm/session/index.js';
import { startDmServerHost, type DmServerHost } from '../../../../src-main/dm/dm-server-host.js';
import { runCliCaptured } from '../../../support/cli.js';
import { createTestPki, type TestPki } from '../../../support/test-pki.js';
import { DEVINFO, deviceTree, SERVER_ID } from '../../dm/fixtures.js';

let pki: TestPki;
let host: DmServerHost;
let treeFile: string;

beforeAll(async () => {
  pki = createTestPki();
  host = await startDmServerHost({
    serverId: SERVER_ID,
    tls: { cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert, requireClientCert: true },
    app: { next: (t) => (t.round === 0 ? [dm.get(`${DEVINFO}//Mod`), dm.delete(`${DEVINFO}//DmV`)] : []) },
  });
  treeFile = join(pki.dir, 'device.json');
  writeFileSync(treeFile, encodeTree(deviceTree(host.entryUrl)));
}, 60_000);

afterAll(async () => {
  await host?.close();
  pki?.dispose();
});

const tlsArgs = () => ['--ca', pki.ca.certPath, '--cert', pki.client.certPath, '--key', pki.client.keyPath];

describe('bootbench dm-client', () => {
  it('runs one session over HTTPS with a client certificate and prints JSON trace lines', async () => {
    const out = join(pki.dir, 'after.json');
    const r = await runCliCaptured(['dm-client', host.entryUrl, '--tree', treeFile, ...tlsArgs(), '--trace', '--json', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; status?: number; kind?: string; url?: string });
    expect(lines.filter((l) => l.event === 'exchange').map((l) => l.status)).toEqual([200, 200]);
    expect(lines.at(-1)).toMatchObject({ event: 'outcome', kind: 'completed', packages: 2 });
    const after = readFileSync(out, 'utf8');
    expect(after).toContain('"Mod":"Gateway-7"');
    expect(after).not.toContain('DmV');
  });

  it('fails with AUTH_FAILED (exit 1) when the server certificate is not trusted', async () => {
    const r = await runCliCaptured(['dm-client', host.entryUrl, '--tree', treeFile, '--ca', pki.otherCa.certPath, '--cert', pki.client.certPath, '--key', pki.client.keyPath]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/AUTH_FAILED: server 127\.0\.0\.1:\d+: certificate .*(untrusted|not issued by a trusted CA)/);
  });

  it('fails with AUTH_FAILED (exit 1) when its own certificate is refused', async () => {
    const r = await runCliCaptured(['dm-client', host.entryUrl, '--tree', treeFile, '--ca', pki.ca.certPath, '--cert', pki.clientExpired.certPath, '--key', pki.clientExpired.keyPath]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/AUTH_FAILED/);
  });

  it('reports an aborted session (HTTP 4xx) with exit 1', async () => {
    const r = await runCliCaptured(['dm-client', `${host.url}/elsewhere`, '--tree', treeFile, ...tlsArgs()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/session aborted after 0 package\(s\): http-status/);
  });

  it('rejects bad input with exit 2', async () => {
    expect((await runCliCaptured(['dm-client', 'ftp://x/dm', '--tree', treeFile])).code).toBe(2);
    const missing = await runCliCaptured(['dm-client', host.entryUrl, '--tree', join(pki.dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json: cannot read the file/);
    expect((await runCliCaptured(['dm-client', host.entryUrl, '--tree', treeFile, '--user', 'u'])).code).toBe(2);
  });
});
