import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProvisioningError } from '../../../src-shared/errors/index.js';
import { encodePackage0, signPackage0, STANDARD_MOIDS, type NotiCredentials } from '../../../src-shared/protocol/dm/index.js';
import { NotificationPolicy } from '../../../src-shared/protocol/dm/session/notification-policy.js';
import { listenForNotifications, nodeSha256, type AcceptedNotification } from '../../../src-main/dm/notification-listener.js';
import { openUdpCarrier, type UdpCarrier } from '../../../src-main/dm/udp-notifier.js';
import { treeOf } from '../../shared/protocol/dm/helpers.js';
import { ManualClock, RefusalLog } from './helpers.js';

const SECRET = 'bm90aWZpY2F0aW9uLXNlY3JldC0xMjM0NQ=='; // base64 of the Auth/Noti/Secret bytes
const creds: NotiCredentials = { secret: new Uint8Array(Buffer.from(SECRET, 'base64')), data: new Uint8Array(0) };
const tree = treeOf([[STANDARD_MOIDS.dmAcc, 'acc1', 'DMAcc', { SrvID: 'bootbench-dms', Auth: { Noti: { Secret: SECRET } } }]]);

const clock = new ManualClock();
const log = new RefusalLog();
let device: UdpCarrier;
let server: UdpCarrier;
const accepted: AcceptedNotification[] = [];
let waiting: (() => void) | undefined;
let nextId = 1;

const nowS = () => Math.floor(clock.nowMs() / 1000);
const signed = (over: { id?: number; ts?: number; secret?: Uint8Array; serverId?: string } = {}) =>
  signPackage0(
    { version: 1, serverId: over.serverId ?? 'bootbench-dms', notificationId: over.id ?? nextId++, timestampS: over.ts ?? nowS(), reqMos: true },
    over.secret === undefined ? creds : { secret: over.secret, data: creds.data },
    nodeSha256,
  );

function nextAccepted(): Promise<AcceptedNotification> {
  const have = accepted.length;
  return new Promise((resolve) => {
    waiting = () => {
      if (accepted.length > have) resolve(accepted[have]!);
    };
  });
}

beforeAll(async () => {
  const policy = new NotificationPolicy({ clock, sha256: nodeSha256 });
  device = await openUdpCarrier({ onRefusal: log.listener, maxBytes: 256 });
  server = await openUdpCarrier({ target: { host: '127.0.0.1', port: device.port } });
  listenForNotifications({
    carrier: device,
    evaluate: (bytes) => policy.evaluate(bytes, tree),
    onAccepted: (a) => {
      accepted.push(a);
      waiting?.();
    },
    onRefusal: log.listener,
  });
});

afterAll(async () => {
  await Promise.all([device?.close(), server?.close()]);
});

describe('Package#0 over UDP', () => {
  it('delivers a signed notification to the receiver', async () => {
    const got = nextAccepted();
    await server.send(signed({ id: 4242 }));
    const a = await got;
    expect(a).toMatchObject({ accept: true, serverId: 'bootbench-dms', notificationId: 4242, reqMos: true, authenticated: true });
    expect(a.origin).toEqual({ carrier: 'udp', from: `127.0.0.1:${server.port}` });
  });

  const hostile: ReadonlyArray<readonly [string, () => Uint8Array, 'AUTH_FAILED' | 'INVALID_REQUEST', RegExp]> = [
    ['forged digest (wrong secret)', () => signed({ secret: new Uint8Array(16).fill(1) }), 'AUTH_FAILED', /forged notification/],
    ['replayed notification (same NOTIFICATION-ID)', () => signed({ id: 4242 }), 'AUTH_FAILED', /replayed notification \(duplicate/],
    ['stale timestamp (replay of an old notification)', () => signed({ ts: nowS() - 3600 }), 'AUTH_FAILED', /stale/],
    ['unsigned notification for an account with credentials', () => encodePackage0({ version: 1, serverId: 'bootbench-dms', notificationId: nextId++, reqMos: false }), 'AUTH_FAILED', /unauthenticated/],
    ['unknown server', () => signed({ serverId: 'intruder' }), 'AUTH_FAILED', /unknown server/],
    ['truncated bytes', () => signed().subarray(0, 7), 'INVALID_REQUEST', /malformed notification/],
    ['oversized datagram', () => new Uint8Array(1000), 'INVALID_REQUEST', /exceeds 256/],
  ];

  it.each(hostile)('refuses %s with a reason and keeps listening', async (_name, make, code, reason) => {
    const before = log.all.length;
    await server.send(make());
    const r = await log.next(before);
    expect(r.code).toBe(code);
    expect(r.reason).toMatch(reason);
    expect(r.peer).toEqual({ transport: 'udp', remote: `127.0.0.1:${server.port}` });
    const got = nextAccepted();
    await server.send(signed());
    expect((await got).authenticated).toBe(true);
  });

  it('refuses to send without a target, and after close', async () => {
    await expect(device.send(new Uint8Array(2))).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    const tmp = await openUdpCarrier({ target: { host: '127.0.0.1', port: device.port } });
    await tmp.close();
    const e = await tmp.send(new Uint8Array(2)).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProvisioningError);
    expect((e as ProvisioningError).code).toBe('DEVICE_DISCONNECTED');
  });
});
