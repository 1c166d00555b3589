import { describe, expect, it } from 'vitest';
import { commandToRaw, parseClientUri } from '../../../../../src-shared/protocol/dm/index.js';
import { acceptPackage3, dm, emitPackage2, openSession, sessionStateToJson, supersede, type ServerSessionState } from '../../../../../src-shared/protocol/dm/session/index.js';

const init = { sessionId: 'ab12', devId: 'IMEI:1', serverId: 'srv', nowMs: 1000 };
const CONT = 'http://srv/dm/s/ab12';

describe('server session state machine (digest Appendix C)', () => {
  it('Package#1 → ACTIVE with the trigger, NOTIFICATION-ID, MOS and other alerts split out', () => {
    const t = openSession(
      {
        MOS: [{ MOID: 'urn:x:1', MIID: ['a'] }],
        Alert: [{ AlertType: 'urn:oma:at:dm:2.0:ServerInitiatedMgmt', DataType: 'int', Data: { NotificationID: 77 } }, { AlertType: 'urn:x:alert' }],
      },
      init,
    );
    expect(t.state.kind).toBe('active');
    expect(t.state.session).toMatchObject({ trigger: 'server-initiated', notificationId: 77, round: 0, pinned: false });
    expect(t.alerts).toEqual([{ AlertType: 'urn:x:alert' }]);
    expect(t.events.map((e) => e.kind)).toEqual(['session-opened', 'alerts']);
    expect(openSession({}, init).state.session.trigger).toBe('unannounced');
    expect(openSession({ Alert: [{ AlertType: 'urn:oma:at:dm:2.0:BootstrapComplete' }] }, init).state.session.trigger).toBe('bootstrap-complete');
  });

  it('ACTIVE → WAIT_P3 pins the session with CONT first; END → CLOSED without pinning', () => {
    const active = openSession({}, init).state;
    const sent = emitPackage2(active, [dm.get('urn:x:1/a/N')], CONT);
    expect(sent.commands.map(commandToRaw)).toEqual([['CONT', CONT], ['GET', 'urn:x:1/a/N']]);
    expect(sent.state).toMatchObject({ kind: 'wait-p3', internal: [0], session: { pinned: true, round: 1 } });
    const ended = emitPackage2(active, [dm.get('urn:x:1/a/N'), dm.end()], CONT);
    expect(ended.commands.map((c) => c.name)).toEqual(['GET', 'END']);
    expect(ended.state).toMatchObject({ kind: 'closed', reason: { kind: 'completed' } });
    expect(emitPackage2(active, [], CONT).commands).toEqual([{ name: 'END' }]);
  });

  it('WAIT_P3 → ACTIVE matches statuses to commands by position, hiding the pinning CONT', () => {
    const sent = emitPackage2(openSession({}, init).state, [dm.get('urn:x:1/a/N'), dm.delete('urn:x:1/a/M')], CONT);
    if (sent.state.kind !== 'wait-p3') throw new Error('expected wait-p3');
    const t = acceptPackage3(sent.state, { Status: [{ sc: 200 }, { sc: 200, URI: ['urn:x:1/a/N'] }, { sc: 404 }], Alert: [{ AlertType: 'urn:y' }] });
    expect(t.state.kind).toBe('active');
    if (!('results' in t)) throw new Error('expected results');
    expect(t.results.map((r) => [r.command.name, r.sc, r.uris])).toEqual([
      ['GET', 200, ['urn:x:1/a/N']],
      ['DELETE', 404, []],
    ]);
    expect(t.events.map((e) => e.kind)).toEqual(['results', 'alerts']);
    // The second round is not pinned again.
    const again = emitPackage2(t.state as Extract<ServerSessionState, { kind: 'active' }>, [dm.get('urn:x:1/a/N')], CONT);
    expect(again.commands.map((c) => c.name)).toEqual(['GET']);
  });

  it('a status-count mismatch closes the session with a typed reason', () => {
    const sent = emitPackage2(openSession({}, init).state, [dm.get('urn:x:1/a/N')], CONT);
    if (sent.state.kind !== 'wait-p3') throw new Error('expected wait-p3');
    for (const n of [0, 1, 3]) {
      const t = acceptPackage3(sent.state, { Status: Array.from({ length: n }, () => ({ sc: 200 })) });
      expect(t.state).toMatchObject({ kind: 'closed', reason: { kind: 'status-count-mismatch', expected: 2, received: n } });
    }
  });

  it('supersede closes open sessions only; states are plain JSON', () => {
    const active = openSession({}, init).state;
    expect(supersede(active).state).toMatchObject({ kind: 'closed', reason: { kind: 'superseded' } });
    const idle: ServerSessionState = { kind: 'idle', devId: 'x' };
    expect(supersede(idle)).toEqual({ state: idle, events: [] });
    const sent = emitPackage2(active, [dm.hget('http://r/x', 'urn:x:1/a/')], CONT);
    const json = JSON.parse(JSON.stringify(sessionStateToJson(sent.state))) as unknown;
    expect(json).toEqual(sent.state);
  });

  it('builders reject bad URIs at the call site', () => {
    expect(() => dm.get('not a uri')).toThrow(/ClientURI/);
    expect(() => dm.hget('ftp://x', 'urn:x:1/a/')).toThrow(/ServerURI/);
    expect(() => dm.default('http://x', 'http://y')).toThrow(/MOID/);
    expect(dm.exec('urn:x:1/a/Run', 'http://s/async')).toEqual({ name: 'EXEC', target: parseClientUri('urn:x:1/a/Run'), serverUri: 'http://s/async' });
    expect(commandToRaw(dm.sub('http://s/sub', 'urn:x:1/a/'))).toEqual(['SUB', 'http://s/sub', 'urn:x:1/a/']);
    expect(commandToRaw(dm.unsub('urn:x:1/a/'))).toEqual(['UNSUB', 'urn:x:1/a/']);
    expect(commandToRaw(dm.show('http://s/ui'))).toEqual(['SHOW', 'http://s/ui']);
    expect(commandToRaw(dm.cont('http://s/c'))).toEqual(['CONT', 'http://s/c']);
    expect(commandToRaw(dm.hput('http://s/p', 'urn:x:1/a/'))[0]).toBe('HPUT');
    expect(commandToRaw(dm.hpost('http://s/p', 'urn:x:1/a/'))[0]).toBe('HPOST');
  });
});
