import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TreeStore, leafText, nodeAt, getInstance, type DmCommand } from '../../../src-shared/protocol/dm/index.js';
import {
  DmClient,
  NotificationPolicy,
  dm,
  executorRegistry,
  sessionUrl,
  type ServerApp,
  type ServerEvent,
  type SessionTurn,
  type ShowRequest,
} from '../../../src-shared/protocol/dm/session/index.js';
import { nodeClock, sendNotification, startDmServerHost, type DmServerHost } from '../../../src-main/dm/dm-server-host.js';
import { NodeHttpClient, type NodeHttpClientOptions } from '../../../src-main/dm/http-client.js';
import { listenForNotifications, nodeSha256 } from '../../../src-main/dm/notification-listener.js';
import { openUdpCarrier } from '../../../src-main/dm/udp-notifier.js';
import type { DmServerTlsOptions } from '../../../src-main/dm/tls-options.js';
import { createTestPki, type TestPki } from '../../support/test-pki.js';
import { APP, DEV_ID, DEVINFO, deviceTree, FUMO, NOTI_SECRET_B64, SERVER_ID } from './fixtures.js';
import { RefusalLog } from './helpers.js';

const MO_JSON = 'application/vnd.oma.dm.mo+json';
let pki: TestPki;

beforeAll(() => {
  pki = createTestPki();
});
afterAll(() => pki?.dispose());

/** A server app that plays one command list per round (then END) and records the turns. */
function scripted(rounds: (turn: SessionTurn) => ReadonlyArray<ReadonlyArray<DmCommand>>): ServerApp & { turns: SessionTurn[] } {
  const turns: SessionTurn[] = [];
  return {
    turns,
    next: (turn) => {
      turns.push(turn);
      return rounds(turn)[turn.round] ?? [];
    },
  };
}

interface Rig {
  readonly host: DmServerHost;
  readonly events: ServerEvent[];
  readonly app: ReturnType<typeof scripted>;
  readonly http: NodeHttpClient;
  readonly tree: TreeStore;
  readonly client: DmClient;
  readonly shown: ShowRequest[];
  readonly executed: string[];
}

async function rig(kind: 'http' | 'https', rounds: (turn: SessionTurn, host: DmServerHost) => ReadonlyArray<ReadonlyArray<DmCommand>>): Promise<Rig> {
  const events: ServerEvent[] = [];
  const ref: { host?: DmServerHost } = {};
  const app = scripted((turn) => rounds(turn, ref.host!));
  const tls: DmServerTlsOptions | undefined = kind === 'https' ? { cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert, requireClientCert: true } : undefined;
  const host = await startDmServerHost({ serverId: SERVER_ID, app, onEvent: (e) => events.push(e), ...(tls === undefined ? {} : { tls }) });
  ref.host = host;
  const clientOptions: NodeHttpClientOptions = kind === 'https' ? { tls: { ca: pki.ca.cert, cert: pki.client.cert, key: pki.client.key } } : {};
  const http = new NodeHttpClient(clientOptions);
  const tree = new TreeStore(deviceTree(host.entryUrl));
  const shown: ShowRequest[] = [];
  const executed: string[] = [];
  const client = new DmClient({
    devId: DEV_ID,
    http,
    tree,
    ui: { show: async (r) => (shown.push(r), 'launched') },
    executors: executorRegistry({ [`${FUMO} DownloadAndUpdate`]: (ctx) => (executed.push(ctx.uri), { kind: 'done', result: { sc: 200 } }) }),
  });
  return { host, events, app, http, tree, client, shown, executed };
}

const results = (events: readonly ServerEvent[]) => events.flatMap((e) => (e.kind === 'results' ? e.results : []));

describe.each(['http', 'https'] as const)('client and server engines over real loopback %s', (kind) => {
  it('runs a session with every command, across three rounds and a CONT', async () => {
    const r = await rig(kind, (turn, host) => [
      [
        dm.hpost(host.repositoryUrl('inventory'), `${DEVINFO}//`),
        dm.get(`${DEVINFO}//Man`),
        dm.hget(host.repositoryUrl('app-mode'), `${APP}/old/Mode`),
        dm.default(APP, host.repositoryUrl('app-default')),
        dm.sub(host.repositoryUrl('devinfo-changes'), `${DEVINFO}//`),
      ],
      [
        dm.cont(sessionUrl({ serverId: SERVER_ID, entryUrl: host.entryUrl }, turn.sessionId)),
        dm.hput(host.repositoryUrl('fumo-state'), `${FUMO}/main/State`),
        dm.exec(`${FUMO}/main/DownloadAndUpdate`),
        dm.show(`${host.url}/ui/consent?s=1`),
        dm.unsub(`${DEVINFO}//`),
        dm.delete(`${APP}/old/Name`),
      ],
      [dm.get(`${FUMO}/main/PkgName`)],
    ]);
    try {
      r.host.repository.publish('/repo/app-mode', `[{"ClientURI":"${APP}/old/Mode","MOData":{"Mode":"off"}}]`);
      const outcome = await r.client.openSession(SERVER_ID);
      expect(outcome.kind).toBe('completed');
      if (outcome.kind !== 'completed') return;
      expect(outcome.packages).toBe(4);
      const names = results(r.events).map((x) => `${x.command.name}:${x.sc}`);
      expect(names).toEqual(['HPOST:200', 'GET:200', 'HGET:200', 'DEFAULT:200', 'SUB:200', 'CONT:200', 'HPUT:200', 'EXEC:200', 'SHOW:200', 'UNSUB:200', 'DELETE:200', 'GET:200']);
      const get = results(r.events).find((x) => x.command.name === 'GET')!;
      expect(JSON.stringify(get.data)).toContain('Acme');
      expect(r.host.repository.uploads('/repo/inventory')[0]!.mediaType).toBe(MO_JSON);
      expect(r.host.repository.uploads('/repo/fumo-state')).toHaveLength(1);
      expect(r.executed).toEqual([`${FUMO}/main/DownloadAndUpdate`]);
      expect(r.shown).toEqual([{ url: `${r.host.url}/ui/consent?s=1`, serverId: SERVER_ID }]);
      const app = getInstance(r.tree.tree, APP, 'old')!;
      expect(leafText(nodeAt(app.root, ['Mode'])! as never)).toBe('off');
      expect(nodeAt(app.root, ['Name'])).toBeUndefined();
      expect(r.client.state.defaults).toEqual([{ moid: APP, serverUri: r.host.repositoryUrl('app-default'), serverId: SERVER_ID }]);
      expect(r.client.state.subscriptions).toEqual([]);
      const opened = r.events.find((e) => e.kind === 'session-opened');
      expect(opened).toMatchObject({ devId: DEV_ID, trigger: 'client-initiated' });
      if (kind === 'https') expect(r.app.turns[0]!.peer.tls?.clientCertificate?.subject).toContain(DEV_ID);
    } finally {
      r.http.close();
      await r.host.close();
    }
  });

  it('opens a server-initiated session on a signed Package#0 received over UDP', async () => {
    const r = await rig(kind, () => [[dm.get(`${DEVINFO}//DevID`)]]);
    const log = new RefusalLog();
    const device = await openUdpCarrier({ onRefusal: log.listener });
    const serverSide = await openUdpCarrier({ target: { host: '127.0.0.1', port: device.port } });
    const policy = new NotificationPolicy({ clock: nodeClock, sha256: nodeSha256 });
    try {
      const done = new Promise<unknown>((resolve, reject) => {
        listenForNotifications({
          carrier: device,
          evaluate: (bytes) => policy.evaluate(bytes, r.tree.tree),
          onAccepted: (a) => {
            r.client.openSession(a.serverId, { start: { kind: 'server-initiated', notificationId: a.notificationId ?? 0 } }).then(resolve, reject);
          },
          onRefusal: log.listener,
        });
      });
      const secret = new Uint8Array(Buffer.from(NOTI_SECRET_B64, 'base64'));
      await sendNotification(serverSide, { serverId: SERVER_ID, notificationId: 77, credentials: { secret, data: new Uint8Array(0) } });
      expect(await done).toMatchObject({ kind: 'completed', packages: 2 });
      expect(r.events.find((e) => e.kind === 'session-opened')).toMatchObject({ trigger: 'server-initiated', notificationId: 77 });
      expect(results(r.events).map((x) => x.sc)).toEqual([200]);
      expect(log.all).toEqual([]);
    } finally {
      r.http.close();
      await Promise.all([device.close(), serverSide.close(), r.host.close()]);
    }
  });
});
