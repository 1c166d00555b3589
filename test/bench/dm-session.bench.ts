import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { TreeStore } from '../../src-shared/protocol/dm/index.js';
import type { HttpClient, HttpRequest, HttpResponse } from '../../src-shared/ports/http.js';
import { DmClient, dm } from '../../src-shared/protocol/dm/session/index.js';
import { startDmServerHost } from '../../src-main/dm/dm-server-host.js';
import { NodeHttpClient } from '../../src-main/dm/http-client.js';
import { startDmHttpServer } from '../../src-main/dm/http-server.js';
import { median, percentile, type BenchRow } from '../support/bench.js';
import { APP, DEV_ID, DEVINFO, deviceTree, FUMO, SERVER_ID } from '../main/dm/fixtures.js';

const WARMUP = 100;
const SESSIONS = 1000;

/** A recording client: keeps every exchange of one session so the bare server can replay them. */
function recording(inner: HttpClient, log: Array<{ request: HttpRequest; response: HttpResponse }>): HttpClient {
  return {
    async send(request, signal) {
      const response = await inner.send(request, signal);
      log.push({ request, response });
      return response;
    },
  };
}

const keyOf = (method: string, path: string, body: Uint8Array) => `${method} ${path} ${Buffer.from(body).toString('latin1')}`;

/**
 * A 3-round bootstrap-style DM session (HPOST inventory; HGET a setting; GET a leaf; END) between
 * the real client and server engines over loopback HTTP keep-alive, against a bare node:http
 * server that answers the very same request bytes with the recorded response bytes. The headline
 * row drives both servers with the same real client engine, so the ratio is the server's cost; a
 * second row replays raw bytes on the bare side (no client engine) for reference. Both sides run alternating blocks in one process; rate and per-session
 * latency are compared.
 */
export default async function dmSession(): Promise<BenchRow[]> {
  const host = await startDmServerHost({
    serverId: SERVER_ID,
    app: {
      next: (t) =>
        [
          [dm.hpost(host.repositoryUrl('inventory'), `${DEVINFO}//`)],
          [dm.hget(host.repositoryUrl('app-mode'), `${APP}/old/Mode`)],
          [dm.get(`${FUMO}/main/State`)],
        ][t.round] ?? [],
    },
  });
  host.repository.publish('/repo/app-mode', `[{"ClientURI":"${APP}/old/Mode","MOData":{"Mode":"off"}}]`);
  const initial = deviceTree(host.entryUrl);
  const httpClient = new NodeHttpClient();

  const dmSessionOnce = async (client: HttpClient, tree = initial): Promise<void> => {
    const c = new DmClient({ devId: DEV_ID, http: client, tree: new TreeStore(tree) });
    const outcome = await c.openSession(SERVER_ID);
    if (outcome.kind !== 'completed') throw new Error(`session ${outcome.kind}`);
  };

  // Record one session's exchanges for the bare server (session tokens differ per session, so the
  // bare side replays this one transcript: same request bytes, same response bytes).
  const transcript: Array<{ request: HttpRequest; response: HttpResponse }> = [];
  await dmSessionOnce(recording(httpClient, transcript));
  const answers = new Map<string, HttpResponse>();
  for (const e of transcript) answers.set(keyOf(e.request.method, new URL(e.request.url).pathname, e.request.body), e.response);
  // For the real client against the bare server, the recorded Package#2s must point at the bare
  // server (CONT and repository URLs); request paths and bodies stay the same.
  const bareAnswers = new Map<string, HttpResponse>();
  const bare = http.createServer({ keepAlive: true }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const key = keyOf(req.method ?? 'GET', (req.url ?? '/').replace(/\?.*$/, ''), Buffer.concat(chunks));
      const r = bareAnswers.get(key) ?? answers.get(key);
      if (r === undefined) {
        res.writeHead(500).end();
        return;
      }
      res.writeHead(r.status, { ...r.headers, 'content-length': r.body.byteLength });
      res.end(r.body);
    });
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareOrigin = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
  const hostOrigin = new URL(host.url).origin;
  for (const e of transcript) {
    const body = new TextEncoder().encode(new TextDecoder().decode(e.response.body).split(hostOrigin).join(bareOrigin));
    bareAnswers.set(keyOf(e.request.method, new URL(e.request.url).pathname, e.request.body), { ...e.response, body });
  }
  const bareTree = deviceTree(`${bareOrigin}${new URL(host.entryUrl).pathname}`);
  const clientAgainstBareOnce = (): Promise<void> => dmSessionOnce(httpClient, bareTree);
  // The same replay through our binding (startDmHttpServer) isolates the binding's own cost.
  const binding = await startDmHttpServer({
    handler: async (req) => answers.get(keyOf(req.method, req.url.replace(/\?.*$/, ''), req.body)) ?? { status: 500, headers: {}, body: new Uint8Array(0) },
  });
  const replayAt = (origin: string) => transcript.map((e) => ({ ...e.request, url: `${origin}${new URL(e.request.url).pathname}${new URL(e.request.url).search}` }));
  const replaySession = (replay: readonly HttpRequest[]) => async (): Promise<void> => {
    for (const request of replay) {
      const r = await httpClient.send(request);
      if (r.status >= 500) throw new Error('replay mismatch');
    }
  };
  const bareSessionOnce = replaySession(replayAt(bareOrigin));
  const bindingSessionOnce = replaySession(replayAt(binding.url));

  // Engines alone: the same session through an in-memory HttpClient calling the server's handler.
  const memory: HttpClient = {
    send: async (request) => {
      const u = new URL(request.url);
      if (u.origin !== new URL(host.url).origin) throw new Error(`no route to ${request.url}`);
      return host.handler({ ...request, url: `${u.pathname}${u.search}`, headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v])) }, { transport: 'memory' });
    },
  };
  const memLat: number[] = [];
  for (let i = 0; i < WARMUP; i++) await dmSessionOnce(memory);
  for (let i = 0; i < SESSIONS / 4; i++) {
    const s = performance.now();
    await dmSessionOnce(memory);
    memLat.push(performance.now() - s);
  }

  const dmLat: number[] = [];
  const clientBareLat: number[] = [];
  const bareLat: number[] = [];
  const bindingLat: number[] = [];
  try {
    for (let i = 0; i < WARMUP; i++) {
      await dmSessionOnce(httpClient);
      await clientAgainstBareOnce();
      await bareSessionOnce();
      await bindingSessionOnce();
    }
    // Sessions alternate one by one, so load from other processes hits both sides alike.
    for (let i = 0; i < SESSIONS; i++) {
      const s = performance.now();
      await dmSessionOnce(httpClient);
      const c = performance.now();
      await clientAgainstBareOnce();
      const m = performance.now();
      await bareSessionOnce();
      const b = performance.now();
      await bindingSessionOnce();
      dmLat.push(c - s);
      clientBareLat.push(m - c);
      bareLat.push(b - m);
      bindingLat.push(performance.now() - b);
    }
  } finally {
    httpClient.close();
    await host.close();
    await binding.close();
    await new Promise<void>((resolve) => bare.close(() => resolve()));
  }
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const dmRate = (SESSIONS / sum(dmLat)) * 1000;
  const bareRate = (SESSIONS / sum(bareLat)) * 1000;
  const clientBareRate = (SESSIONS / sum(clientBareLat)) * 1000;
  const exchanges = transcript.length;
  return [
    {
      name: `3-round session, same real client: our DM server vs a bare server replaying its bytes (sessions/s)`,
      value: dmRate,
      unit: '/s',
      baseline: clientBareRate,
      ratio: dmRate / clientBareRate,
      goal: '>= 0.5x bare',
      pass: dmRate / clientBareRate >= 0.5,
    },
    { name: `the same, bare side without the client engine (${exchanges} raw exchanges)`, value: dmRate, unit: '/s', baseline: bareRate, ratio: dmRate / bareRate },
    { name: 'same bytes through our binding only (sessions/s)', value: (SESSIONS / sum(bindingLat)) * 1000, unit: '/s', baseline: bareRate, ratio: SESSIONS / sum(bindingLat) / (SESSIONS / sum(bareLat)) },
    { name: 'request rate, DM engines (requests/s)', value: dmRate * exchanges, unit: '/s', baseline: bareRate * exchanges, ratio: dmRate / bareRate },
    { name: 'median-based rate (1 / p50), robust to load from other processes', value: 1000 / median(dmLat), unit: '/s', baseline: 1000 / median(bareLat), ratio: median(bareLat) / median(dmLat) },
    { name: 'binding only: session latency p50', value: median(bindingLat), unit: 'ms', baseline: median(bareLat), ratio: median(bindingLat) / median(bareLat) },
    { name: 'session latency p50', value: median(dmLat), unit: 'ms', baseline: median(bareLat), ratio: median(dmLat) / median(bareLat) },
    { name: 'engines only, in-memory transport: session p50', value: median(memLat), unit: 'ms' },
    { name: 'session latency p99', value: percentile(dmLat, 99), unit: 'ms', baseline: percentile(bareLat, 99), ratio: percentile(dmLat, 99) / percentile(bareLat, 99) },
  ];
}
