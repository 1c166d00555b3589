import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_TYPES, parsePackage2Json } from '../../../src-shared/protocol/dm/index.js';
import { dm } from '../../../src-shared/protocol/dm/session/index.js';
import { startDmServerHost, type DmServerHost } from '../../../src-main/dm/dm-server-host.js';
import { createTestPki, type TestPki } from '../../support/test-pki.js';
import { DEV_ID, DEVINFO, SERVER_ID } from './fixtures.js';
import { RefusalLog } from './helpers.js';

/** Runs a child to completion with stdin closed (async: the server under test lives in this process). */
function tool(cmd: string, args: readonly string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

let pki: TestPki;
let https: DmServerHost;
let http: DmServerHost;
const log = new RefusalLog();
const P1 = JSON.stringify({ MOS: [{ MOID: DEVINFO, MIID: ['di'] }], Alert: [{ AlertType: 'urn:oma:at:dm:2.0:ClientInitiatedMgmt' }] });
const app = { next: () => [dm.get(`${DEVINFO}//DevID`), dm.end()] };

beforeAll(async () => {
  pki = createTestPki();
  writeFileSync(join(pki.dir, 'p1.json'), P1);
  https = await startDmServerHost({ serverId: SERVER_ID, app, onRefusal: log.listener, tls: { cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert, requireClientCert: true } });
  http = await startDmServerHost({
    serverId: SERVER_ID,
    app,
    onRefusal: log.listener,
    httpAuth: { realm: 'bootbench-dm', schemes: ['digest', 'basic'], lookup: (u) => (u === 'dev1' ? 'pa55word' : undefined) },
  });
}, 60_000);

afterAll(async () => {
  await Promise.all([https?.close(), http?.close()]);
  pki?.dispose();
});

const p1Headers = ['-H', `Content-Type: ${MEDIA_TYPES.initiation}`, '-H', `Accept: ${MEDIA_TYPES.request}`, '-H', `OMADM-DevID: ${DEV_ID}`];

function parseCurl(out: string): { status: number; contentType: string; body: string } {
  const marker = out.lastIndexOf('\n__STATUS__');
  const body = out.slice(0, marker);
  const [status, contentType] = out.slice(marker + '\n__STATUS__'.length).trim().split(' ');
  return { status: Number(status), contentType: contentType ?? '', body };
}

describe('independent peers', () => {
  it('curl posts a Package#1 over HTTPS with a client certificate and gets a valid Package#2', async () => {
    const r = await tool('curl', ['-sS', '--cacert', pki.ca.certPath, '--cert', pki.client.certPath, '--key', pki.client.keyPath, ...p1Headers, '--data-binary', `@${join(pki.dir, 'p1.json')}`, '-w', '\n__STATUS__%{http_code} %{content_type}', `${https.entryUrl}`]);
    expect(r.code, r.out).toBe(0);
    const res = parseCurl(r.out);
    expect(res.status).toBe(200);
    expect(res.contentType).toBe(MEDIA_TYPES.request);
    const p2 = parsePackage2Json(res.body);
    expect(p2.commands.map((c) => (c.ok ? c.value.name : 'bad'))).toEqual(['GET', 'END']);
  });

  it('curl with HTTP Digest (SHA-256 challenge) gets a valid Package#2; a wrong password gets 401', async () => {
    const ok = await tool('curl', ['-sS', '--digest', '-u', 'dev1:pa55word', ...p1Headers, '--data-binary', P1, '-w', '\n__STATUS__%{http_code} %{content_type}', http.entryUrl]);
    const res = parseCurl(ok.out);
    expect(res.status, ok.out).toBe(200);
    expect(parsePackage2Json(res.body).commands).toHaveLength(2);
    const bad = await tool('curl', ['-sS', '--digest', '-u', 'dev1:guess', ...p1Headers, '--data-binary', P1, '-w', '\n__STATUS__%{http_code} %{content_type}', http.entryUrl]);
    expect(parseCurl(bad.out).status).toBe(401);
    expect(log.all.some((x) => x.reason.startsWith('wrong password') && x.peer.httpUser === 'dev1')).toBe(true);
  });

  it('curl without a client certificate is refused at the TLS layer', async () => {
    const r = await tool('curl', ['-sS', '--cacert', pki.ca.certPath, ...p1Headers, '--data-binary', P1, https.entryUrl]);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/alert|certificate|handshake|reset/i);
  });

  const sClient = (args: readonly string[]) => tool('openssl', ['s_client', '-connect', `127.0.0.1:${https.url.split(':').pop()}`, '-CAfile', pki.ca.certPath, '-servername', 'localhost', ...args]);
  const withCert = () => ['-cert', pki.client.certPath, '-key', pki.client.keyPath];

  it.each(['tls1_2', 'tls1_3'])('openssl s_client -%s with a client certificate negotiates that version', async (v) => {
    const r = await sClient([`-${v}`, ...withCert()]);
    expect(r.out).toMatch(new RegExp(`New, TLSv1\\.${v.slice(5)}, Cipher is [A-Z0-9_-]+`));
    expect(r.out).toMatch(/Verify return code: 0 \(ok\)/);
  });

  it.each(['tls1_1', 'tls1'])('openssl s_client -%s is refused', async (v) => {
    const r = await sClient([`-${v}`, ...withCert()]);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/alert protocol version/);
    expect(r.out).toMatch(/Cipher is \(NONE\)/);
  });

  it('openssl s_client shows the server demands a client certificate from the test CA', async () => {
    const r12 = await sClient(['-tls1_2']);
    expect(r12.out).toMatch(/Acceptable client certificate CA names\s*\n\s*CN\s*=\s*Bootbench Test CA/);
    expect(r12.out).toMatch(/alert handshake failure|alert number 40/);
    // TLS 1.3 sends the refusal after the client's Finished: keep reading until the server closes.
    const r13 = await sClient(['-tls1_3', '-ign_eof']);
    expect(r13.out).toMatch(/certificate required|alert number 116/);
  });
});
