import { describe, expect, test } from 'vitest';
import { readSessionInfo, sessionInfoEntry, sessionInfoMoData } from '../../../../src-shared/protocol/mo/sessioninfo.js';
import { formatHookFromDdfs } from '../../../../src-shared/protocol/mo/format-hook.js';

describe('SessionInfo MOData', () => {
  test('builds the shape of the digest example (CBT "3", ROAMING "2") and reads it back', () => {
    expect(sessionInfoEntry({ cbt: 3, roaming: 2 }, 'si')).toEqual({ ClientURI: 'urn:oma:mo:oma-sessioninfomo:1.0/si/', MOData: { SessionInfo: { CBT: '3', ROAMING: '2' } } });
    expect(readSessionInfo({ SessionInfo: { CBT: '3', ROAMING: '2' } })).toEqual({ ok: true, value: { cbt: 3, roaming: 2 } });
    expect(readSessionInfo(sessionInfoMoData({ cbt: 1 }))).toEqual({ ok: true, value: { cbt: 1 } });
  });

  test('node formats agree with the SessionInfo DDF', () => {
    const hook = formatHookFromDdfs();
    expect(hook('urn:oma:mo:oma-sessioninfomo:1.0', ['CBT'], undefined)).toBe('int');
    expect(hook('urn:oma:mo:oma-sessioninfomo:1.0', ['ROAMING'], undefined)).toBe('int');
  });

  test('out-of-range or malformed values are typed errors', () => {
    expect(() => sessionInfoMoData({ cbt: 7 })).toThrow(/cbt/);
    for (const bad of [{ SessionInfo: { CBT: '9' } }, { SessionInfo: { CBT: 'x' } }, { SessionInfo: {} }, { SessionInfo: { CBT: '1', Other: '1' } }, { Other: {} }]) {
      expect(readSessionInfo(bad), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    }
  });
});
