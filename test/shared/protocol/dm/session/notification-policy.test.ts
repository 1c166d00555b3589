import { describe, expect, it } from 'vitest';
import { PACKAGE0_VERSION, encodePackage0, signPackage0 } from '../../../../../src-shared/protocol/dm/index.js';
import { toBase64 as base64Encode } from '../../../../../src-shared/util/base64.js';
import { MemorySessionStore, NotificationPolicy, dm, notifyDevice, type ServerEvent } from '../../../../../src-shared/protocol/dm/session/index.js';
import { CounterRandom, DEVINFO, DEV_ID, FakeClock, MemoryNetwork, account, deviceTree, makeClient, mountServer, scripted, sha256 } from './harness.js';

const A = 'http://127.0.0.1:8001';
const secret = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
const data = new Uint8Array([9, 9]);
const creds = { secret, data };

function tree(withNoti = true) {
  const noti = withNoti ? { Auth: { Noti: { Type: '1', Secret: base64Encode(secret), Data: base64Encode(data) } } } : {};
  return deviceTree([
    ['a', account('srv-a', `${A}/dm`, [DEVINFO], noti)],
    ['b', account('srv-b', `${A}/dm`, [DEVINFO])],
  ]);
}

const clock = new FakeClock();
const nowS = Math.floor(clock.now / 1000);
const note = (over: Partial<Parameters<typeof encodePackage0>[0]> = {}) => ({ version: PACKAGE0_VERSION, serverId: 'srv-a', notificationId: 7, timestampS: nowS, reqMos: true, ...over });

describe('notification policy (Package#0 receive side)', () => {
  it('accepts a correctly signed, fresh notification and reports its fields', () => {
    const policy = new NotificationPolicy({ clock, sha256 });
    expect(policy.evaluate(signPackage0(note(), creds, sha256), tree())).toEqual({ accept: true, serverId: 'srv-a', notificationId: 7, reqMos: true, authenticated: true });
  });

  it('ignores unauthenticated or wrongly signed notifications when the account has Noti credentials', () => {
    const policy = new NotificationPolicy({ clock, sha256 });
    expect(policy.evaluate(encodePackage0(note()), tree())).toMatchObject({ accept: false, reason: 'unauthenticated' });
    expect(policy.evaluate(signPackage0(note(), { secret: new Uint8Array([0]), data }, sha256), tree())).toMatchObject({ accept: false, reason: 'bad-digest' });
    const tampered = signPackage0(note(), creds, sha256);
    // Byte 10 is the low byte of NOTIFICATION-ID (header 2, SERVER-ID 1+5, id header 1, high byte 1).
    expect(tampered[10]).toBe(7);
    tampered[10] = 8;
    expect(policy.evaluate(tampered, tree())).toMatchObject({ accept: false, reason: 'bad-digest' });
  });

  it('accepts unsigned notifications for accounts without Noti credentials unless policy says always', () => {
    expect(new NotificationPolicy({ clock, sha256 }).evaluate(encodePackage0(note({ serverId: 'srv-b' })), tree())).toMatchObject({ accept: true, authenticated: false });
    expect(new NotificationPolicy({ clock, sha256 }, { auth: 'always' }).evaluate(encodePackage0(note({ serverId: 'srv-b' })), tree())).toMatchObject({ accept: false, reason: 'unauthenticated' });
  });

  it('drops notifications outside the timestamp window', () => {
    const policy = new NotificationPolicy({ clock, sha256 }, { windowS: 300 });
    expect(policy.evaluate(signPackage0(note({ timestampS: nowS - 301, notificationId: 1 }), creds, sha256), tree())).toMatchObject({ accept: false, reason: 'stale' });
    expect(policy.evaluate(signPackage0(note({ timestampS: nowS + 301, notificationId: 2 }), creds, sha256), tree())).toMatchObject({ accept: false, reason: 'stale' });
    expect(policy.evaluate(signPackage0(note({ timestampS: nowS - 299, notificationId: 3 }), creds, sha256), tree())).toMatchObject({ accept: true });
    const strict = new NotificationPolicy({ clock, sha256 }, { requireTimestamp: true });
    const { timestampS: _t, ...noTime } = note();
    expect(strict.evaluate(signPackage0(noTime, creds, sha256), tree())).toMatchObject({ accept: false, reason: 'stale' });
  });

  it('drops duplicates, remembering a bounded number of ids', () => {
    const policy = new NotificationPolicy({ clock, sha256 }, { memory: 2 });
    const n = (id: number) => signPackage0(note({ notificationId: id }), creds, sha256);
    expect(policy.evaluate(n(1), tree()).accept).toBe(true);
    expect(policy.evaluate(n(1), tree())).toMatchObject({ accept: false, reason: 'duplicate' });
    expect(policy.evaluate(n(2), tree()).accept).toBe(true);
    expect(policy.evaluate(n(3), tree()).accept).toBe(true);
    // id 1 has been forgotten (memory 2), so it is accepted again.
    expect(policy.evaluate(n(1), tree()).accept).toBe(true);
    // A forged duplicate does not poison the memory: rejected before being remembered.
    expect(policy.evaluate(encodePackage0(note({ notificationId: 50 })), tree()).accept).toBe(false);
    expect(policy.evaluate(n(50), tree()).accept).toBe(true);
  });

  it('rejects unknown servers and malformed bytes with reasons, never throwing', () => {
    const policy = new NotificationPolicy({ clock, sha256 });
    expect(policy.evaluate(signPackage0(note({ serverId: 'srv-z' }), creds, sha256), tree())).toMatchObject({ accept: false, reason: 'unknown-server' });
    for (const b of [new Uint8Array(0), new Uint8Array([0xff]), new Uint8Array(5000), new Uint8Array([0x10, 0x80, 0xff])]) {
      expect(policy.evaluate(b, tree())).toMatchObject({ accept: false, reason: 'malformed' });
    }
  });

  it('server-initiated session: Package#0 → verified → Package#1 echoes the NOTIFICATION-ID → server matches it', async () => {
    const net = new MemoryNetwork();
    const store = new MemorySessionStore();
    const server = mountServer(net, A, 'srv-a', scripted([[dm.get(`${DEVINFO}//`)]]), { store, clock });
    const { bytes, notificationId } = await notifyDevice({ serverId: 'srv-a', store, clock, random: new CounterRandom(4), sha256 }, DEV_ID, { credentials: creds });
    const { client, store: treeStore } = makeClient(net, tree());
    const decision = new NotificationPolicy({ clock, sha256 }).evaluate(bytes, treeStore.tree);
    if (!decision.accept || decision.notificationId === null) throw new Error(`rejected: ${JSON.stringify(decision)}`);
    const outcome = await client.openSession(decision.serverId, { start: { kind: 'server-initiated', notificationId: decision.notificationId } });
    expect(outcome).toMatchObject({ kind: 'completed' });
    const opened = server.events.find((e): e is Extract<ServerEvent, { kind: 'session-opened' }> => e.kind === 'session-opened');
    expect(opened).toMatchObject({ trigger: 'server-initiated', notificationId, answersNotification: true });
    expect(opened!.mos).toEqual([{ MOID: DEVINFO, MIID: ['di'] }]);
  });
});
