import { afterAll, beforeAll, expect, it } from 'vitest';
import { NodeHttpClient } from '../../../../src-main/dm/http-client.js';
import { nodeKeygenPort } from '../../../../src-main/provisioning/credentials/device-keygen.js';
import { credentialFormats } from '../../../../src-main/provisioning/credentials/credential-mo.js';
import { nodeDeviceKeygen } from '../../../../src-main/provisioning/credentials/device-keygen.js';
import { ProvisioningError } from '../../../../src-shared/errors/provisioning-error.js';
import { KEYGEN_MOID } from '../../../../src-shared/pki/keygen-mo.js';
import type { HttpClient } from '../../../../src-shared/ports/http.js';
import { getInstance, nodeAt, setNode, makeInterior } from '../../../../src-shared/protocol/dm/index.js';
import { DmClient, executorRegistry } from '../../../../src-shared/protocol/dm/session/index.js';
import { clientInitiatedAlert, clientPackageHeaders, encodePackage1, utf8Encode } from '../../../../src-shared/protocol/dm/index.js';
import { createTestPki, type TestPki } from '../../../support/test-pki.js';
import { ACCOUNT, DMACC, deviceTree, SERVER_ID, startStation, type Station } from './fixtures.js';

let pki: TestPki;
let station: Station;
const https: NodeHttpClient[] = [];

beforeAll(async () => {
  pki = createTestPki();
  station = await startStation(pki);
});
afterAll(async () => {
  for (const h of https) h.close();
  await station?.close();
  pki?.dispose();
});

/** A device over real HTTPS with the factory client cert; `wrap` may interpose on its HTTP client. */
function device(devId: string, options: { failKeygen?: boolean; grantKeygen?: boolean; wrap?: (http: HttpClient) => HttpClient } = {}) {
  let tree = deviceTree(devId, station.host.entryUrl);
  if (options.grantKeygen === false) {
    const r = setNode(tree, DMACC, 'acc1', ['Perm', '3'], makeInterior([]));
    if (r.status !== 'ok') throw new Error(r.detail);
    tree = r.value;
  }
  const port = options.failKeygen === true ? { ...nodeKeygenPort, generate: () => Promise.reject(new Error('secure element busy')) } : nodeKeygenPort;
  const keygen = nodeDeviceKeygen(tree, port);
  const http = new NodeHttpClient({ tls: { ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key } });
  https.push(http);
  const client = new DmClient({ devId, http: options.wrap?.(http) ?? http, tree: keygen.tree, executors: executorRegistry(keygen.executors), formatOf: credentialFormats });
  return { keygen, client };
}

const outcomeOf = (devId: string) => station.outcomes.filter((o) => o.devId === devId);

it('a device that cannot generate answers Status Failed: the station records a refusal (data), issues nothing, ends cleanly', async () => {
  const devId = 'IMEI:356938035643809';
  station.plans.set(devId, { origin: 'device-key', deviceId: devId, accountUri: ACCOUNT, validityDays: 10 });
  const d = device(devId, { failKeygen: true });
  const before = (await station.ca.store.registry.list()).length;
  expect((await d.client.openSession(SERVER_ID)).kind).toBe('completed');
  expect(outcomeOf(devId)).toEqual([{ kind: 'refused', devId, origin: 'device-key', step: 'keygen', detail: 'EXEC answered 500', sc: 500 }]);
  const keygen = getInstance(d.keygen.tree.tree, KEYGEN_MOID, 'station')!;
  expect(nodeAt(keygen.root, ['Status'])).toMatchObject({ value: 'Failed' });
  expect(nodeAt(keygen.root, ['Error'])).toMatchObject({ value: 'secure element busy' });
  expect(d.keygen.vault.get(ACCOUNT)).toBeUndefined();
  expect((await station.ca.store.registry.list()).length).toBe(before);
});

it('a device that did not grant the KeyGen MOID refuses the HGET with 403', async () => {
  const devId = 'IMEI:490154203237518';
  station.plans.set(devId, { origin: 'device-key', deviceId: devId, accountUri: ACCOUNT, validityDays: 10 });
  const d = device(devId, { grantKeygen: false });
  expect((await d.client.openSession(SERVER_ID)).kind).toBe('completed');
  expect(outcomeOf(devId)).toMatchObject([{ kind: 'refused', step: 'keygen', sc: 403 }]);
  expect(getInstance(d.keygen.tree.tree, KEYGEN_MOID, 'station')).toBeUndefined();
});

it('a bad device id in the plan is refused before any command reaches the device', async () => {
  const devId = 'IMEI:356938035643800'; // wrong Luhn digit
  station.plans.set(devId, { origin: 'device-key', deviceId: devId, accountUri: ACCOUNT, validityDays: 10 });
  const d = device(devId);
  expect((await d.client.openSession(SERVER_ID)).kind).toBe('completed');
  expect(outcomeOf(devId)).toMatchObject([{ kind: 'refused', step: 'issue' }]);
  expect(outcomeOf(devId)[0]).toHaveProperty('detail', expect.stringMatching(/Luhn/));
});

it('a station key whose fetch fails is revoked and wiped anyway; nothing stays published', async () => {
  const devId = 'urn:dev:ops:acme-gw-0003';
  station.plans.set(devId, { origin: 'station-key', deviceId: devId, accountUri: ACCOUNT, validityDays: 10 });
  const dropRepository = (inner: HttpClient): HttpClient => ({
    send: (request, signal) => (request.url.includes('/repo/') ? Promise.reject(new ProvisioningError('DEVICE_DISCONNECTED', 'link dropped')) : inner.send(request, signal)),
  });
  const d = device(devId, { wrap: dropRepository });
  const seen = station.deliveries.length;
  expect((await d.client.openSession(SERVER_ID)).kind).toBe('completed');
  await station.app.settled();
  expect(outcomeOf(devId)).toMatchObject([{ kind: 'refused', origin: 'station-key', step: 'deliver', sc: 500 }]);
  const delivered = station.deliveries.slice(seen);
  expect(delivered).toHaveLength(1);
  expect(delivered[0]!.secret!.length).toBeGreaterThan(100);
  expect(delivered[0]!.secret!.every((b) => b === 0)).toBe(true);
  expect(station.repository.pendingOneShots()).toEqual([]);
  const account = getInstance(d.keygen.tree.tree, DMACC, 'acc1')!;
  expect(nodeAt(account.root, ['Auth', 'Trsp'])).toBeUndefined();
});

it('a CSR whose signature does not verify is refused at issuance (CERT_INVALID), nothing is written to the DMAcc', async () => {
  const devId = 'urn:dev:ops:acme-gw-0004';
  station.plans.set(devId, { origin: 'device-key', deviceId: devId, accountUri: ACCOUNT, validityDays: 10 });
  const tamper = { ...nodeKeygenPort, buildCsr: async (...args: Parameters<typeof nodeKeygenPort.buildCsr>) => {
    const der = await nodeKeygenPort.buildCsr(...args);
    der[der.length - 5]! ^= 0x01; // flip a bit of the signature
    return der;
  } };
  const keygen = nodeDeviceKeygen(deviceTree(devId, station.host.entryUrl), tamper);
  const http = new NodeHttpClient({ tls: { ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key } });
  https.push(http);
  const client = new DmClient({ devId, http, tree: keygen.tree, executors: executorRegistry(keygen.executors), formatOf: credentialFormats });
  expect((await client.openSession(SERVER_ID)).kind).toBe('completed');
  expect(outcomeOf(devId)).toMatchObject([{ kind: 'refused', step: 'issue', detail: expect.stringMatching(/^CERT_INVALID/) }]);
  expect(nodeAt(getInstance(keygen.tree.tree, DMACC, 'acc1')!.root, ['Auth', 'Trsp'])).toBeUndefined();
});

it('a station key never fetched is revoked and wiped when its session is superseded (device restarted mid-session)', async () => {
  const devId = 'urn:dev:ops:acme-gw-0005';
  station.plans.set(devId, { origin: 'station-key', deviceId: devId, accountUri: ACCOUNT, validityDays: 10 });
  const http = new NodeHttpClient({ tls: { ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key } });
  https.push(http);
  const p1 = () => http.send({ method: 'POST', url: station.host.entryUrl, headers: clientPackageHeaders('package1', devId), body: utf8Encode(encodePackage1({ Alert: [clientInitiatedAlert()] })) });
  const seen = station.deliveries.length;
  const first = await p1();
  expect(first.status).toBe(200);
  const commands = (JSON.parse(new TextDecoder().decode(first.body)) as { CMD: string[][] }).CMD;
  expect(commands.map((c) => c[0])).toEqual(['CONT', 'HGET']);
  expect(station.repository.pendingOneShots()).toHaveLength(1);
  const secret = station.deliveries[seen]!.secret!;
  expect(secret.some((b) => b !== 0)).toBe(true);
  // The device restarts and opens a new session instead of fetching: the old session is superseded
  // (the plan is withdrawn first, so the new session ends at once).
  station.plans.delete(devId);
  expect((await p1()).status).toBe(200);
  expect(station.events.some((e) => e.kind === 'session-closed' && e.devId === devId && e.reason.kind === 'superseded')).toBe(true);
  await station.app.settled();
  expect(secret.every((b) => b === 0)).toBe(true);
  expect(station.repository.pendingOneShots()).toEqual([]);
  const fetch = await http.send({ method: 'GET', url: commands[1]![1]!, headers: { accept: 'application/vnd.oma.dm.mo+json' }, body: new Uint8Array(0) });
  expect(fetch.status).toBe(404);
});
