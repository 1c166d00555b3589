import { expect, it } from 'vitest';
import { CredentialRepository } from '../../../../src-main/provisioning/credentials/credential-repository.js';
import type { HttpRequest, PeerIdentity } from '../../../../src-shared/ports/http.js';

const peer: PeerIdentity = { transport: 'memory' };
const MO = 'application/vnd.oma.dm.mo+json';
const req = (method: string, url: string): HttpRequest => ({ method, url, headers: { accept: MO }, body: new Uint8Array(0) });
const TEXT = JSON.stringify([{ ClientURI: 'urn:oma:mo:oma-dm-dmacc:1.2/a/Auth/Trsp', MOData: { Trsp: { Data: 'AAEC', Secret: 'c2VjcmV0' } } }]);

it('serves a one-shot publication once, then answers 404 and reports it served', async () => {
  const repo = new CredentialRepository();
  const p = repo.publishOnce('/repo/credential/x', TEXT);
  expect(repo.pendingOneShots()).toEqual(['/repo/credential/x']);
  expect((await repo.handler(req('HEAD', '/repo/credential/x'), peer)).status).toBe(200); // HEAD does not consume
  const first = await repo.handler(req('GET', '/repo/credential/x?cache=1'), peer);
  expect(first.status).toBe(200);
  expect(new TextDecoder().decode(first.body)).toContain('c2VjcmV0');
  expect(await p.served).toBe(true);
  expect((await repo.handler(req('GET', '/repo/credential/x'), peer)).status).toBe(404);
  expect(repo.pendingOneShots()).toEqual([]);
});

it('revoking before the fetch resolves served=false and stops serving; revoking twice is harmless', async () => {
  const repo = new CredentialRepository();
  const p = repo.publishOnce('/repo/credential/y', TEXT);
  p.revoke();
  p.revoke();
  expect(await p.served).toBe(false);
  expect((await repo.handler(req('GET', '/repo/credential/y'), peer)).status).toBe(404);
});

it('republishing a path settles the older publication as not served; ordinary publications are untouched', async () => {
  const repo = new CredentialRepository();
  repo.publish('/repo/plain', TEXT);
  const old = repo.publishOnce('/repo/credential/z', TEXT);
  const fresh = repo.publishOnce('/repo/credential/z', TEXT);
  expect(await old.served).toBe(false);
  expect((await repo.handler(req('GET', '/repo/credential/z'), peer)).status).toBe(200);
  expect(await fresh.served).toBe(true);
  for (let i = 0; i < 2; i++) expect((await repo.handler(req('GET', '/repo/plain'), peer)).status).toBe(200);
});
