import { describe, expect, it } from 'vitest';
import { decodePackage0 } from '../../../../../src-shared/protocol/dm/index.js';
import { DmServer, MemorySessionStore, NotificationPolicy, dm, type ServerEvent } from '../../../../../src-shared/protocol/dm/session/index.js';
import { CounterRandom, DEVINFO, DEV_ID, FakeClock, MemoryNetwork, account, deviceTree, makeClient, sha256 } from './harness.js';

const A = 'http://127.0.0.1:8001';
const B = 'http://127.0.0.1:8002';

describe('DmServer', () => {
  it('two instances on one store: one queues and notifies, the other serves the session', async () => {
    const store = new MemorySessionStore();
    const clock = new FakeClock();
    const events: ServerEvent[] = [];
    const make = (origin: string, seed: number) =>
      new DmServer({ config: { serverId: 'srv-a', entryUrl: `${origin}/dm` }, store, clock, random: new CounterRandom(seed), sha256, onEvent: (e) => events.push(e) });
    const first = make(A, 1);
    const second = make(B, 2);
    const net = new MemoryNetwork();
    net.mount(`${B}/dm`, second.handler);
    await first.enqueue(DEV_ID, [dm.get(`${DEVINFO}/di/Man`), dm.end()]);
    const { bytes, notificationId } = await first.notify(DEV_ID);
    expect(decodePackage0(bytes)).toMatchObject({ serverId: 'srv-a', notificationId, reqMos: true });
    const { client, store: tree } = makeClient(net, deviceTree([['a', account('srv-a', `${B}/dm`, [DEVINFO])]]));
    const decision = new NotificationPolicy({ clock, sha256 }).evaluate(bytes, tree.tree);
    if (!decision.accept || decision.notificationId === null) throw new Error('rejected');
    const outcome = await client.openSession(decision.serverId, { start: { kind: 'server-initiated', notificationId: decision.notificationId } });
    expect(outcome.kind === 'completed' && outcome.statuses[0]).toEqual([{ sc: 200, URI: [`${DEVINFO}/di/Man`], MOS: expect.any(Array) as unknown }]);
    expect(events[0]).toMatchObject({ kind: 'session-opened', answersNotification: true });
    expect(second.sessionUrl('ab')).toBe(`${B}/dm/s/ab`);
  });
});
