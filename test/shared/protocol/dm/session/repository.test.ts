import { describe, expect, it } from 'vitest';
import { parseMoSerializationJson } from '../../../../../src-shared/protocol/dm/index.js';
import { DataRepository, type RepositoryUpload } from '../../../../../src-shared/protocol/dm/session/index.js';
import { bytes, textOf } from './harness.js';

const MO = 'application/vnd.oma.dm.mo+json';
const peer = { transport: 'memory' } as const;
const doc = '[{"ClientURI":"urn:x:1/a/","MOData":{"X":{"Y":"1"}}}]';
const req = (method: string, url: string, headers: Record<string, string> = {}, body = '') => ({ method, url, headers, body: bytes(body) });

describe('data repository', () => {
  it('serves published MO serializations with the MO media type; 404 elsewhere; 406 when not acceptable', async () => {
    const repo = new DataRepository();
    repo.publish('/repo/x', parseMoSerializationJson(doc));
    const ok = await repo.handler(req('GET', '/repo/x?cache=1', { accept: `${MO}, */*;q=0.1` }), peer);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe(MO);
    expect(parseMoSerializationJson(textOf(ok.body))[0]!.name).toBe('X');
    expect((await repo.handler(req('HEAD', '/repo/x'), peer)).body).toHaveLength(0);
    expect((await repo.handler(req('GET', '/repo/y'), peer)).status).toBe(404);
    expect((await repo.handler(req('GET', '/repo/x', { accept: 'text/html' }), peer)).status).toBe(406);
    expect((await repo.handler(req('GET', '/repo/x', { accept: `${MO};q=0` }), peer)).status).toBe(406);
    repo.unpublish('/repo/x');
    expect((await repo.handler(req('GET', '/repo/x'), peer)).status).toBe(404);
    expect(() => repo.publish('/bad', '[{"MOData":{}}]')).toThrow(/ClientURI/);
  });

  it('accepts PUT/POST uploads, validates them and reports them', async () => {
    const seen: RepositoryUpload[] = [];
    const repo = new DataRepository({ onUpload: (u) => seen.push(u) });
    expect((await repo.handler(req('PUT', '/up', { 'content-type': `${MO}; charset=utf-8` }, doc), peer)).status).toBe(200);
    expect((await repo.handler(req('POST', '/up', { 'content-type': MO }, doc), peer)).status).toBe(201);
    expect(repo.uploads('/up').map((u) => u.method)).toEqual(['PUT', 'POST']);
    expect(seen).toHaveLength(2);
    expect(seen[0]!.entries[0]!.clientUri.moid).toBe('urn:x:1');
  });

  it('answers 415 with OMADM-Accept for other media types, 400 for malformed data, 413 when too large, 405 otherwise', async () => {
    const repo = new DataRepository({ accept: ['application/json', MO], maxBodyBytes: 100 });
    const r415 = await repo.handler(req('PUT', '/up', { 'content-type': 'application/xml' }, doc), peer);
    expect(r415.status).toBe(415);
    expect(r415.headers['OMADM-Accept']).toBe(`application/json, ${MO}`);
    expect((await repo.handler(req('PUT', '/up', {}, doc), peer)).status).toBe(415);
    for (const bad of ['[', '{}', '[{"ClientURI":"urn:x:1/a/","MOData":{"__proto__":{}}}]', '[{"ClientURI":"nope","MOData":{"X":"1"}}]']) {
      const r = await repo.handler(req('PUT', '/up', { 'content-type': MO }, bad), peer);
      expect(r.status).toBe(400);
      expect(textOf(r.body).length).toBeGreaterThan(5);
    }
    expect((await repo.handler({ ...req('PUT', '/up', { 'content-type': MO }), body: new Uint8Array([0xc3, 0x28]) }, peer)).status).toBe(400);
    expect((await repo.handler(req('PUT', '/up', { 'content-type': MO }, `[${' '.repeat(200)}]`), peer)).status).toBe(413);
    expect((await repo.handler(req('DELETE', '/up'), peer)).status).toBe(405);
    expect(repo.uploads('/up')).toEqual([]);
  });
});
