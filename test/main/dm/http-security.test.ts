import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProvisioningError, type ErrorCode } from '../../../src-shared/errors/index.js';
import { startDmServerHost, type DmServerHost } from '../../../src-main/dm/dm-server-host.js';
import { withHttpAuth } from '../../../src-main/dm/http-auth.js';
import { NodeHttpClient, type NodeHttpClientOptions } from '../../../src-main/dm/http-client.js';
import { startDmHttpServer, type DmHttpServer } from '../../../src-main/dm/http-server.js';
import { digestAuthorization, parseAuthHeader, type DigestAlgorithm } from '../../../src-main/dm/digest-auth.js';
import { createTestPki, type TestCredential, type TestPki } from '../../support/test-pki.js';
import { cryptoRandom, echoPeer, ManualClock, rawHttp, RefusalLog, tryHandshake } from './helpers.js';

const PSK_KEY = new Uint8Array(createHash('sha256').update('device-7 psk').digest());
const BODY = new TextEncoder().encode('{"MOS":[]}');
const PASSWORDS: Record<string, string> = { dev1: 'correct horse' };

let pki: TestPki;
const log = new RefusalLog();
const clock = new ManualClock();
let mtls: DmHttpServer;
let psk: DmHttpServer;
let digest: DmHttpServer;
let basic: DmHttpServer;
let small: DmHttpServer;
let dmHost: DmServerHost;
const wrongServers: Record<string, DmHttpServer> = {};

async function send(url: string, options: NodeHttpClientOptions, body: Uint8Array = BODY): Promise<{ status: number; text: string }> {
  const client = new NodeHttpClient(options);
  try {
    const r = await client.send({ method: 'POST', url: `${url}/dm`, headers: { 'content-type': 'application/json' }, body });
    return { status: r.status, text: new TextDecoder().decode(r.body) };
  } finally {
    client.close();
  }
}

const mtlsClient = (c: TestCredential | undefined, maxVersion: 'TLSv1.2' | 'TLSv1.3' = 'TLSv1.3'): NodeHttpClientOptions => ({
  tls: { ca: pki.ca.cert, ...(c === undefined ? {} : { cert: c.cert, key: c.key }), maxVersion },
});
const pskClient = (identity: string, key: Uint8Array, maxVersion: 'TLSv1.2' | 'TLSv1.3'): NodeHttpClientOptions => ({ tls: { psk: { identity, key }, maxVersion } });

async function digestHeader(url: string, nc: string, opts: { user?: string; password?: string; uri?: string; realm?: string; nonce?: string; algorithm?: DigestAlgorithm } = {}): Promise<string> {
  const challenge = await rawHttp(`${url}/dm`, 'POST', {}, '');
  const params = parseAuthHeader(String(challenge.headers['www-authenticate']))!.params;
  return digestAuthorization(
    {
      algorithm: opts.algorithm ?? 'SHA-256',
      user: opts.user ?? 'dev1',
      realm: opts.realm ?? params['realm']!,
      password: opts.password ?? PASSWORDS['dev1']!,
      method: 'POST',
      uri: opts.uri ?? '/dm',
      nonce: opts.nonce ?? params['nonce']!,
      nc,
      cnonce: 'c0ffee',
    },
    undefined,
  );
}

beforeAll(async () => {
  pki = createTestPki();
  const onRefusal = log.listener;
  mtls = await startDmHttpServer({ handler: echoPeer, onRefusal, tls: { cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert, requireClientCert: true } });
  psk = await startDmHttpServer({ handler: echoPeer, onRefusal, tls: { psk: { lookup: (id) => (id === 'device-7' ? PSK_KEY : undefined) } } });
  const auth = (schemes: readonly ('basic' | 'digest')[]) =>
    withHttpAuth(echoPeer, { realm: 'bootbench-dm', schemes, lookup: (u) => PASSWORDS[u], clock, random: cryptoRandom, onRefusal, nonceTtlMs: 60_000 });
  digest = await startDmHttpServer({ handler: auth(['digest']), onRefusal });
  basic = await startDmHttpServer({ handler: auth(['basic', 'digest']), onRefusal });
  small = await startDmHttpServer({ handler: echoPeer, onRefusal, maxBodyBytes: 64 });
  dmHost = await startDmServerHost({ serverId: 'bootbench-dms', onRefusal, app: { next: () => [] } });
  for (const [name, cred] of [['wrongHost', pki.serverWrongHost], ['expired', pki.serverExpired], ['wrongCa', pki.serverWrongCa]] as const) {
    wrongServers[name] = await startDmHttpServer({ handler: echoPeer, onRefusal, tls: { cert: cred.cert, key: cred.key } });
  }
}, 60_000);

afterAll(async () => {
  await Promise.all([mtls, psk, digest, basic, small, dmHost, ...Object.values(wrongServers)].filter((s) => s !== undefined).map((s) => s.close()));
  pki?.dispose();
});

/** One negative case: provoke, then check the typed outcome. */
interface Case {
  readonly name: string;
  /** Which server's good request must still work afterwards. */
  readonly server: () => { readonly url: string };
  /** A good request other than the default POST; resolves with its status. */
  readonly goodRequest?: () => Promise<number>;
  readonly good: () => NodeHttpClientOptions;
  readonly provoke: () => Promise<unknown>;
  /** Server-side refusal expected (code and reason pattern). */
  readonly refusal?: { readonly code: ErrorCode; readonly reason: RegExp; readonly status?: number };
  /** Client-side typed error expected. */
  readonly clientError?: { readonly code: ErrorCode; readonly reason: RegExp };
  /** HTTP status the provocation must get. */
  readonly status?: number;
}

const goodMtls = () => mtlsClient(pki.client);
const goodPsk = () => pskClient('device-7', PSK_KEY, 'TLSv1.2');
const goodDigest = () => ({ auth: { user: 'dev1', password: PASSWORDS['dev1']! } });
const plain = () => ({});

const certCases: Case[] = (['TLSv1.2', 'TLSv1.3'] as const).flatMap((v) => [
  { name: `expired client cert (${v})`, reason: /client certificate has expired \(CERT_HAS_EXPIRED\)/, cred: () => pki.clientExpired },
  { name: `not-yet-valid client cert (${v})`, reason: /not yet valid/, cred: () => pki.clientNotYetValid },
  { name: `client cert from the wrong CA (${v})`, reason: /not issued by a trusted CA/, cred: () => pki.clientWrongCa },
  { name: `client cert with EKU serverAuth only (${v})`, reason: /extended key usage/, cred: () => pki.clientWrongEku },
  { name: `self-signed client cert (${v})`, reason: /self-signed/, cred: () => pki.clientSelfSigned },
  { name: `no client cert (${v})`, reason: /client certificate required but none was presented/, cred: () => undefined },
].map((c): Case => ({
  name: c.name,
  server: () => mtls,
  good: goodMtls,
  provoke: () => send(mtls.url, mtlsClient(c.cred(), v)),
  refusal: { code: 'AUTH_FAILED', reason: c.reason },
  clientError: { code: 'AUTH_FAILED', reason: /refused|closed the connection|client certificate/ },
})));

const versionCases: Case[] = (['TLSv1', 'TLSv1.1'] as const).map((v) => ({
  name: `${v} client refused`,
  server: () => mtls,
  good: goodMtls,
  provoke: async () => {
    const r = await tryHandshake({ host: '127.0.0.1', port: mtls.port, minVersion: v, maxVersion: v, ciphers: 'DEFAULT@SECLEVEL=0', ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key });
    expect(r.ok).toBe(false);
    return r;
  },
  refusal: { code: 'AUTH_FAILED', reason: /TLS version refused|TLS handshake failed/ },
}));

const serverCertCases: Case[] = [
  { name: 'server cert for another host', srv: 'wrongHost', reason: /does not name the host/ },
  { name: 'expired server cert', srv: 'expired', reason: /has expired/ },
  { name: 'server cert from an untrusted CA', srv: 'wrongCa', reason: /not issued by a trusted CA/ },
].map((c): Case => ({
  name: c.name,
  server: () => mtls,
  good: goodMtls,
  provoke: () => send(wrongServers[c.srv]!.url, { tls: { ca: pki.ca.cert } }),
  clientError: { code: 'AUTH_FAILED', reason: c.reason },
}));

const pinCases: Case[] = [
  {
    name: 'server cert not matching the pinned fingerprint',
    server: () => mtls,
    good: goodMtls,
    provoke: () => send(mtls.url, { tls: { ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key, pinnedFingerprints256: ['AA:BB'] } }),
    clientError: { code: 'AUTH_FAILED', reason: /pinned fingerprint/ },
  },
  {
    name: 'explicit server name not in the server cert',
    server: () => mtls,
    good: goodMtls,
    provoke: () => send(mtls.url, { tls: { ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key, servername: 'dms.other.invalid' } }),
    clientError: { code: 'AUTH_FAILED', reason: /does not name the host/ },
  },
];

const pskCases: Case[] = (['TLSv1.2', 'TLSv1.3'] as const).flatMap((v) => [
  { name: `unknown PSK identity (${v})`, id: 'intruder', key: PSK_KEY, reason: /unknown PSK identity/ },
  { name: `wrong PSK key (${v})`, id: 'device-7', key: new Uint8Array(32).fill(7), reason: /PSK handshake failed/ },
].map((c): Case => ({
  name: c.name,
  server: () => psk,
  good: goodPsk,
  provoke: () => send(psk.url, pskClient(c.id, c.key, v)),
  refusal: { code: 'AUTH_FAILED', reason: c.reason },
  clientError: { code: 'AUTH_FAILED', reason: /./ },
})));

const httpAuthCases: Case[] = [
  { name: 'no credentials', provoke: () => rawHttp(`${digest.url}/dm`, 'POST', {}, 'x'), reason: /authentication required/ },
  { name: 'Digest wrong password', provoke: () => send(digest.url, { auth: { user: 'dev1', password: 'wrong' } }), reason: /wrong password/ },
  { name: 'Digest unknown user', provoke: () => send(digest.url, { auth: { user: 'mallory', password: 'x' } }), reason: /unknown user/ },
  {
    name: 'Digest replayed nonce count',
    provoke: async () => {
      const h = await digestHeader(digest.url, '00000001');
      expect((await rawHttp(`${digest.url}/dm`, 'POST', { authorization: h }, 'x')).status).toBe(200);
      return rawHttp(`${digest.url}/dm`, 'POST', { authorization: h }, 'x');
    },
    reason: /replayed request/,
  },
  { name: 'Digest forged nonce', provoke: async () => rawHttp(`${digest.url}/dm`, 'POST', { authorization: await digestHeader(digest.url, '00000001', { nonce: 'f'.repeat(32) }) }, 'x'), reason: /unknown or forged nonce/ },
  {
    name: 'Digest expired nonce',
    provoke: async () => {
      const h = await digestHeader(digest.url, '00000001');
      clock.ms += 61_000;
      return rawHttp(`${digest.url}/dm`, 'POST', { authorization: h }, 'x');
    },
    reason: /nonce expired/,
  },
  { name: 'Digest uri of another resource', provoke: async () => rawHttp(`${digest.url}/dm`, 'POST', { authorization: await digestHeader(digest.url, '00000001', { uri: '/admin' }) }, 'x'), reason: /uri does not match/ },
  { name: 'Digest wrong realm', provoke: async () => rawHttp(`${digest.url}/dm`, 'POST', { authorization: await digestHeader(digest.url, '00000001', { realm: 'other' }) }, 'x'), reason: /wrong realm/ },
  { name: 'Basic where only Digest is accepted', provoke: () => send(digest.url, { auth: { user: 'dev1', password: PASSWORDS['dev1']!, scheme: 'basic' } }), reason: /basic authentication is not accepted/ },
  { name: 'unsupported scheme', provoke: () => rawHttp(`${digest.url}/dm`, 'POST', { authorization: 'Bearer abc' }, 'x'), reason: /unsupported authentication scheme/ },
  { name: 'malformed Digest header', provoke: () => rawHttp(`${digest.url}/dm`, 'POST', { authorization: 'Digest username="dev1", nonce' }, 'x'), reason: /malformed Digest|incomplete Digest/ },
].map((c): Case => ({ name: c.name, server: () => digest, good: goodDigest, provoke: c.provoke, refusal: { code: 'AUTH_FAILED', reason: c.reason, status: 401 }, status: 401 }));

const basicCases: Case[] = [
  { name: 'Basic wrong password', password: 'nope', reason: /wrong password/ },
  { name: 'Basic unknown user', user: 'eve', password: 'x', reason: /unknown user/ },
].map((c): Case => ({
  name: c.name,
  server: () => basic,
  good: () => ({ auth: { user: 'dev1', password: PASSWORDS['dev1']!, scheme: 'basic' } }),
  provoke: () => send(basic.url, { auth: { user: c.user ?? 'dev1', password: c.password, scheme: 'basic' } }),
  refusal: { code: 'AUTH_FAILED', reason: c.reason, status: 401 },
  status: 401,
}));

const bodyCases: Case[] = [
  { name: 'oversized body (declared length)', server: () => small, good: plain, provoke: () => rawHttp(`${small.url}/dm`, 'POST', { 'content-length': '100000' }, 'x'.repeat(100_000)), refusal: { code: 'INVALID_REQUEST', reason: /exceeds the limit of 64 bytes/, status: 413 }, status: 413 },
  { name: 'oversized body (chunked)', server: () => small, good: plain, provoke: () => rawHttp(`${small.url}/dm`, 'POST', { 'transfer-encoding': 'chunked' }, 'y'.repeat(5000)), refusal: { code: 'INVALID_REQUEST', reason: /exceeds the limit/, status: 413 }, status: 413 },
  {
    name: 'malformed HTTP',
    server: () => small,
    good: plain,
    provoke: () =>
      new Promise<string>((resolve) => {
        let text = '';
        const s = connect(small.port, '127.0.0.1', () => s.write('NOT HTTP AT ALL\r\n\x00\x01\r\n\r\n'));
        s.on('data', (d) => (text += d.toString()));
        s.on('close', () => resolve(text));
        s.on('error', () => resolve(text));
      }),
    refusal: { code: 'INVALID_REQUEST', reason: /malformed HTTP request/, status: 400 },
  },
];

const DM_HEADERS = { accept: 'application/vnd.oma.dm.request+json', 'omadm-devid': 'IMEI:356938035643809' };
const mediaCases: Case[] = [
  ['text/plain', 'wrong media type (text/plain)'],
  ['application/json', 'wrong media type (plain JSON)'],
].map(([type, name]): Case => ({
  name: name!,
  server: () => dmHost,
  good: plain,
  goodRequest: async () => (await rawHttp(dmHost.entryUrl, 'POST', { ...DM_HEADERS, 'content-type': 'application/vnd.oma.dm.initiation+json' }, '{}')).status,
  provoke: () => rawHttp(dmHost.entryUrl, 'POST', { ...DM_HEADERS, 'content-type': type! }, '{}'),
  refusal: { code: 'INVALID_REQUEST', reason: /media type|Content-Type/i, status: 415 },
  status: 415,
}));

const cases: Case[] = [...mediaCases, ...certCases, ...versionCases, ...serverCertCases, ...pinCases, ...pskCases, ...httpAuthCases, ...basicCases, ...bodyCases];

describe('DM HTTP(S) bindings refuse hostile peers with typed, audit-worthy reasons', () => {
  it('has at least 30 negative cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = log.all.length;
    let outcome: unknown;
    let error: unknown;
    try {
      outcome = await c.provoke();
    } catch (e) {
      error = e;
    }
    if (c.clientError !== undefined) {
      expect(error).toBeInstanceOf(ProvisioningError);
      const pe = error as ProvisioningError;
      expect(pe.code).toBe(c.clientError.code);
      expect(pe.message).toMatch(c.clientError.reason);
    } else {
      expect(error).toBeUndefined();
    }
    if (c.status !== undefined) expect((outcome as { status: number }).status).toBe(c.status);
    if (c.refusal !== undefined) {
      const want = c.refusal;
      const r = await log.waitFor(before, (x) => want.reason.test(x.reason));
      expect(r.code).toBe(want.code);
      if (c.refusal.status !== undefined) expect(r.status).toBe(c.refusal.status);
      expect(r.peer.transport).toMatch(/^https?$/);
    }
    const good = c.goodRequest === undefined ? (await send(c.server().url, c.good())).status : await c.goodRequest();
    expect(good).toBe(200);
  });

  it('reports the peer identity of good requests', async () => {
    const m = JSON.parse((await send(mtls.url, goodMtls())).text);
    expect(m.peer.tls.clientCertificate.subject).toContain('IMEI:356938035643809');
    expect(m.peer.tls.clientCertificate.fingerprint256).toMatch(/^[0-9A-F:]{95}$/);
    const p12 = JSON.parse((await send(psk.url, pskClient('device-7', PSK_KEY, 'TLSv1.2'))).text);
    expect(p12.peer.tls).toMatchObject({ protocol: 'TLSv1.2', pskIdentity: 'device-7' });
    expect(p12.peer.tls.cipher).toMatch(/PSK/);
    const p13 = JSON.parse((await send(psk.url, pskClient('device-7', PSK_KEY, 'TLSv1.3'))).text);
    expect(p13.peer.tls).toMatchObject({ protocol: 'TLSv1.3', pskIdentity: 'device-7' });
    const d = JSON.parse((await send(digest.url, goodDigest())).text);
    expect(d.peer.httpUser).toBe('dev1');
    const b = JSON.parse((await send(basic.url, { auth: { user: 'dev1', password: PASSWORDS['dev1']!, scheme: 'basic' } })).text);
    expect(b.peer).toMatchObject({ transport: 'http', httpUser: 'dev1' });
  });

  it('negotiates TLS 1.2 and 1.3 and never less', async () => {
    for (const v of ['TLSv1.2', 'TLSv1.3'] as const) {
      const r = await tryHandshake({ host: '127.0.0.1', port: mtls.port, minVersion: v, maxVersion: v, ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key, servername: 'localhost' });
      expect(r).toEqual({ ok: true, protocol: v });
    }
  });
});
