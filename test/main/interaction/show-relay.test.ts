import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceId } from '../../../src-shared/domain/device.js';
import type { InteractionPrompt } from '../../../src-shared/ipc/areas/interaction.js';
import { createLinkEndpoint } from '../../../src-shared/link/link-endpoint.js';
import { DmClient, dm, ShowEndpoint, type ReceivedAnswer } from '../../../src-shared/protocol/dm/session/index.js';
import { SHOW_FAILED_STATUS } from '../../../src-shared/protocol/dm/session/session-decisions.js';
import { TreeStore } from '../../../src-shared/protocol/dm/tree/transaction.js';
import { LinkHttpClient, serveOverLink } from '../../../src-main/bootstrap/link-http.js';
import { nodeRandom, startDmServerHost } from '../../../src-main/dm/dm-server-host.js';
import { NodeHttpClient } from '../../../src-main/dm/http-client.js';
import { startDmHttpServer } from '../../../src-main/dm/http-server.js';
import { InteractionService } from '../../../src-main/interaction/interaction-service.js';
import { relayShowOverCable, showRelayHandler } from '../../../src-main/interaction/show-relay.js';
import { memoryChannelPair } from '../../../src-main/sim/memory-channel.js';
import { LinkDriver } from '../../../src-main/transports/link-driver.js';
import { DEV_ID, deviceTree, SERVER_ID } from '../dm/fixtures.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const random = { bytes: (n: number) => new Uint8Array(randomBytes(n)) };

/** A station and a handset joined by a real Bootbench link over an in-memory cable. */
async function cable() {
  const [stationEnd, deviceEnd] = memoryChannelPair();
  const station = new LinkDriver({ channel: stationEnd, endpoint: createLinkEndpoint({ role: 'station', identity: {}, random, timers: { initialRtoMs: 200 } }) });
  const device = new LinkDriver({ channel: deviceEnd, endpoint: createLinkEndpoint({ role: 'device', identity: { imei: '356938035643809' }, random, timers: { initialRtoMs: 200 } }) });
  await new Promise<void>((resolve) => device.onEvent((e) => e.kind === 'hello-complete' && resolve()));
  cleanups.push(async () => {
    await station.close();
    await device.close();
  });
  return { station, device };
}

describe('SHOW forwarded over the cable (handset → station link request)', () => {
  it('a real DM server sends SHOW; the handset relays it over the link; the station raises the prompt and the answer reaches the server', async () => {
    const answers: ReceivedAnswer[] = [];
    const results: number[] = [];
    const holder: { endpoint?: ShowEndpoint } = {};
    const web = await startDmHttpServer({ handler: (r, p) => holder.endpoint!.handler(r, p) });
    cleanups.push(() => web.close());
    holder.endpoint = new ShowEndpoint({ baseUrl: `${web.url}/ui/apn`, random: nodeRandom, onAnswer: (a) => answers.push(a) });
    const showUrl = holder.endpoint.open({ title: 'APN change', question: 'Switch to the enterprise APN?', choices: ['Switch', 'Keep'] });
    const host = await startDmServerHost({ serverId: SERVER_ID, app: { next: (t) => (t.round === 0 ? [dm.show(showUrl), dm.show(`${web.url}/ui/apn?ui=ff`)] : []) }, onEvent: (e) => e.kind === 'results' && results.push(...e.results.map((r) => r.sc)) });
    cleanups.push(() => host.close());

    const requested: InteractionPrompt[] = [];
    const service = new InteractionService({ http: new NodeHttpClient({}), publish: (e, p) => e === 'interaction.requested' && requested.push(p), now: Date.now, random });
    cleanups.push(() => service.close());
    const { station, device } = await cable();
    serveOverLink(station, showRelayHandler(service, { deviceId: 'serial:/dev/ttyUSB0' as DeviceId, slot: 'Bay 2' }));

    const handset = new DmClient({ devId: DEV_ID, http: new NodeHttpClient({}), tree: new TreeStore(deviceTree(host.entryUrl)), ui: relayShowOverCable(new LinkHttpClient(device)) });
    const outcome = await handset.openSession(SERVER_ID);
    expect(outcome.kind).toBe('completed');
    // The first SHOW was shown (200); the second names an unknown UI session, so the page cannot be fetched.
    expect(results).toEqual([200, SHOW_FAILED_STATUS]);
    expect(requested).toHaveLength(1);
    expect(requested[0]).toMatchObject({ slot: 'Bay 2', serverId: SERVER_ID, title: 'APN change', choices: ['Switch', 'Keep'] });
    const answered = await service.answer({ id: requested[0]!.id, choice: 'Switch' });
    expect(answered.state).toBe('answered');
    expect(answers.map((a) => a.answer)).toEqual([{ choice: 'Switch' }]);
  });

  it('the station refuses malformed relays and reports pages it cannot show', async () => {
    const service = new InteractionService({ http: new NodeHttpClient({}), publish: () => undefined, now: Date.now, random });
    cleanups.push(() => service.close());
    const handler = showRelayHandler(service, {});
    const post = (url: string, body: string, method = 'POST') => handler({ method, url, headers: { 'content-type': 'application/json' }, body: new TextEncoder().encode(body) }, { transport: 'link' });
    expect((await post('/ui/show', '{"url":1}')).status).toBe(400);
    expect((await post('/ui/show', 'not json')).status).toBe(400);
    expect((await post('/ui/show', '{}', 'GET')).status).toBe(405);
    expect((await post('/other', '{}')).status).toBe(404);
    expect((await post('/ui/show', JSON.stringify({ url: 'ftp://x/y', serverId: 's' }))).status).toBe(502);
  });
});
