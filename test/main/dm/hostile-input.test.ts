import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_TYPES, parsePackage2Json, TreeStore } from '../../../src-shared/protocol/dm/index.js';
import { DmClient, dm } from '../../../src-shared/protocol/dm/session/index.js';
import { startDmServerHost, type DmServerHost } from '../../../src-main/dm/dm-server-host.js';
import { NodeHttpClient } from '../../../src-main/dm/http-client.js';
import { startDmHttpServer, type DmHttpServer } from '../../../src-main/dm/http-server.js';
import { DEV_ID, DEVINFO, deviceTree, SERVER_ID } from './fixtures.js';
import { rawHttp, RefusalLog } from './helpers.js';

let host: DmServerHost;
const log = new RefusalLog();
const P1_HEADERS = { 'content-type': MEDIA_TYPES.initiation, accept: MEDIA_TYPES.request, 'omadm-devid': DEV_ID };
const GOOD_P1 = JSON.stringify({ Alert: [{ AlertType: 'urn:oma:at:dm:2.0:ClientInitiatedMgmt' }] });

beforeAll(async () => {
  host = await startDmServerHost({ serverId: SERVER_ID, app: { next: () => [dm.get(`${DEVINFO}//Man`), dm.end()] }, maxBodyBytes: 256 * 1024, onRefusal: log.listener });
});
afterAll(async () => host?.close());

const manyMos = JSON.stringify({ MOS: Array.from({ length: 5_000 }, (_, i) => ({ MOID: 'urn:x', MIID: [String(i)] })) });
const deep = `{"Alert":[{"AlertType":"a","Data":${'{"x":'.repeat(5000)}1${'}'.repeat(5000)}}]}`;

const cases: ReadonlyArray<{ name: string; method?: string; headers?: Record<string, string>; body: string | Uint8Array; status: number; reason: RegExp }> = [
  { name: 'truncated JSON', body: GOOD_P1.slice(0, 20), status: 400, reason: /JSON|parse|Package#1/i },
  { name: 'wrong types (MOS is a string)', body: '{"MOS":"everything"}', status: 400, reason: /MOS|Package#1/ },
  { name: 'wrong types (Alert entries are numbers)', body: '{"Alert":[1,2,3]}', status: 400, reason: /Alert|Package#1/ },
  { name: 'not an object', body: '[]', status: 400, reason: /Package#1/ },
  { name: 'huge MOS array', body: manyMos, status: 400, reason: /MOS: Too big/ },
  { name: 'deeply nested alert data', body: deep, status: 400, reason: /deep|depth|nest/i },
  { name: 'body over the size limit', body: 'x'.repeat(300 * 1024), status: 413, reason: /exceeds the limit/ },
  { name: 'bad media type', headers: { ...P1_HEADERS, 'content-type': 'text/plain' }, body: GOOD_P1, status: 415, reason: /media type|Content-Type/i },
  { name: 'missing media type', headers: { accept: MEDIA_TYPES.request, 'omadm-devid': DEV_ID }, body: GOOD_P1, status: 415, reason: /media type|Content-Type/i },
  { name: 'Accept excludes Package#2', headers: { ...P1_HEADERS, accept: 'text/html' }, body: GOOD_P1, status: 406, reason: /Accept|request\+json/ },
  { name: 'missing OMADM-DevID', headers: { 'content-type': MEDIA_TYPES.initiation, accept: MEDIA_TYPES.request }, body: GOOD_P1, status: 400, reason: /DevID/ },
  { name: 'GET instead of POST', method: 'GET', body: '', status: 405, reason: /POST|method/i },
  { name: 'invalid UTF-8', body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), status: 400, reason: /UTF-8/ },
  { name: 'Package#3 for an unknown session', headers: { ...P1_HEADERS, 'content-type': MEDIA_TYPES.response }, body: '{"Status":[{"sc":200}]}', status: 404, reason: /session|Package#3/i },
];

describe('hostile input to the DM server over real HTTP', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s → 4xx with a readable reason and a refusal record, and the server keeps serving', async (_n, c) => {
    const before = log.all.length;
    const r = await rawHttp(host.entryUrl, c.method ?? 'POST', c.headers ?? P1_HEADERS, c.body);
    expect(r.status).toBe(c.status);
    expect(r.text).toMatch(c.reason);
    expect(r.text.length).toBeLessThan(600);
    expect(r.text).not.toMatch(/\n\s+at /); // no stack traces
    const refusal = await log.waitFor(before, (x) => x.status === c.status);
    expect(refusal.reason).toMatch(c.reason);
    expect(refusal.code).toBe(c.status === 404 ? 'NOT_FOUND' : 'INVALID_REQUEST');
    expect(refusal.peer).toMatchObject({ transport: 'http' });
    const good = await rawHttp(host.entryUrl, 'POST', P1_HEADERS, GOOD_P1);
    expect(good.status).toBe(200);
    expect(parsePackage2Json(good.text).commands).toHaveLength(2);
  });
});

describe('hostile Package#2 to the DM client over real HTTP', () => {
  let evil: DmHttpServer;
  let p3: unknown;
  beforeAll(async () => {
    evil = await startDmHttpServer({
      handler: async (req) => {
        if (req.headers['content-type'] === MEDIA_TYPES.response) {
          p3 = JSON.parse(new TextDecoder().decode(req.body));
          return { status: 200, headers: { 'content-type': MEDIA_TYPES.request }, body: new TextEncoder().encode('{"CMD":[["END"]]}') };
        }
        const body = JSON.stringify({ CMD: [['FROBNICATE', 'x'], ['GET'], ['DELETE', 'not a uri at all ::'], ['GET', `${DEVINFO}//Man`]] });
        return { status: 200, headers: { 'content-type': MEDIA_TYPES.request }, body: new TextEncoder().encode(body) };
      },
    });
  });
  afterAll(async () => evil?.close());

  it('answers unknown and malformed commands with error statuses and carries on', async () => {
    const http = new NodeHttpClient();
    try {
      const client = new DmClient({ devId: DEV_ID, http, tree: new TreeStore(deviceTree(`${evil.url}/dm`)) });
      const outcome = await client.openSession(SERVER_ID);
      expect(outcome.kind).toBe('completed');
      const statuses = (p3 as { Status: { sc: number }[] }).Status.map((s) => s.sc);
      expect(statuses).toHaveLength(4);
      expect(statuses.slice(0, 3).every((sc) => sc >= 400)).toBe(true);
      expect(statuses[3]).toBe(200);
    } finally {
      http.close();
    }
  });
});
