import { describe, expect, it } from 'vitest';
import { jsonPointer, validateProfile } from '../../../src-shared/profile/validate-profile.js';
import { minimalProfile } from './minimal-profile.js';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test documents are edited freely

function issuesOf(edit: (d: Doc) => void): Array<{ pointer: string; message: string }> {
  const doc = minimalProfile() as Doc;
  edit(doc);
  const result = validateProfile(doc);
  if (result.ok) return [];
  return result.issues.map((i) => ({ pointer: i.pointer, message: i.message }));
}

describe('validateProfile', () => {
  it('accepts a valid profile and applies defaults', () => {
    const result = validateProfile(minimalProfile());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.profile.target.usb).toEqual([]);
    expect(result.profile.accounts[0]!.notification).toEqual({ auth: 'none' });
    expect(result.profile.variables.counters[0]).toEqual({ name: 'unit', start: 1, step: 1, width: 4 });
    expect(result.profile.trustAnchors).toEqual([]);
  });

  it('points schema errors at the field', () => {
    expect(issuesOf((d) => (d['accounts'][0].serverUri = 'ftp://x'))).toEqual([{ pointer: '/accounts/0/serverUri', message: 'must be an http(s) URI' }]);
    expect(issuesOf((d) => delete d['name'])).toEqual([{ pointer: '/name', message: expect.stringContaining('expected string') as string }]);
    expect(issuesOf((d) => (d['accounts'][0].credential = { kind: 'psk', lengthBytes: 8 }))).toEqual([{ pointer: '/accounts/0/credential/lengthBytes', message: expect.stringContaining('>=16') as string }]);
    expect(issuesOf((d) => (d['target'] = { usb: [{ vid: 'xyz', pid: '0001' }] }))).toEqual([{ pointer: '/target/usb/0/vid', message: 'must be 4 hex digits, e.g. 1d6b' }]);
  });

  it('reports each unknown field at the field itself', () => {
    expect(issuesOf((d) => (d['accounts'][0].colour = 'red'))).toEqual([{ pointer: '/accounts/0/colour', message: 'unknown field "colour"' }]);
  });

  it('requires at least one target criterion and a mask as long as its ATR pattern', () => {
    expect(issuesOf((d) => (d['target'] = {}))).toEqual([{ pointer: '/target', message: 'a target needs at least one model, USB id or ATR pattern' }]);
    expect(issuesOf((d) => (d['target'] = { atr: [{ pattern: '3b 00', mask: 'ff' }] }))).toEqual([{ pointer: '/target/atr/0/mask', message: 'mask must be as long as pattern' }]);
  });

  it('enforces one account per management authority and unique server ids', () => {
    const dup = (d: Doc) => d['accounts'].push({ ...d['accounts'][0], serverId: 'op2' });
    expect(issuesOf(dup)).toEqual([{ pointer: '/accounts/1/authority', message: expect.stringContaining('duplicate management authority "operator"') as string }]);
  });

  it('checks template variables against the closed set and the declared counters/CSV/static values', () => {
    expect(issuesOf((d) => (d['accounts'][0].name = 'x {mac}'))).toEqual([{ pointer: '/accounts/0/name', message: expect.stringContaining('unknown variable {mac}') as string }]);
    expect(issuesOf((d) => (d['initialConfig'][0].data.NAP.Name = '{counter:nope}'))).toEqual([{ pointer: '/initialConfig/0/data/NAP/Name', message: '{counter:nope} is not declared in variables.counters' }]);
    expect(issuesOf((d) => (d['initialConfig'][0].data.NAP.Addr = '{csv:apn}'))).toEqual([{ pointer: '/initialConfig/0/data/NAP/Addr', message: '{csv:apn} needs variables.csv' }]);
    expect(issuesOf((d) => (d['initialConfig'][0].data.NAP.Addr = '{static:apn}'))).toEqual([{ pointer: '/initialConfig/0/data/NAP/Addr', message: '{static:apn} is not declared in variables.static' }]);
    expect(issuesOf((d) => (d['initialConfig'][0].data.NAP.Addr = 'a{b'))).toEqual([{ pointer: '/initialConfig/0/data/NAP/Addr', message: expect.stringContaining('unclosed {') as string }]);
    expect(issuesOf((d) => (d['initialConfig'][0].data.NAP.Addr = 'a{{b}}{iccid}{imsi}{serial}'))).toEqual([]);
  });

  it('checks MOID permission, smartcard accounts and the CSV PIN column', () => {
    expect(issuesOf((d) => (d['initialConfig'][0].moid = 'urn:oma:mo:oma-fumo:1.0'))).toEqual([{ pointer: '/initialConfig/0/moid', message: expect.stringContaining('no account is permitted urn:oma:mo:oma-fumo:1.0') as string }]);
    expect(issuesOf((d) => (d['smartcard'] = { bootstrap: ['nobody'], pin: { policy: 'verify', source: 'csv' } }))).toEqual([
      { pointer: '/smartcard/bootstrap/0', message: 'no account has serverId "nobody"' },
      { pointer: '/smartcard/pin/source', message: 'a PIN from CSV needs variables.csv with a "pin" column' },
    ]);
  });

  it('refuses non-objects without throwing', () => {
    for (const bad of [null, 42, 'x', [], undefined]) expect(validateProfile(bad).ok).toBe(false);
  });

  it('escapes JSON pointers (RFC 6901)', () => {
    expect(jsonPointer(['a/b', 'c~d', 0])).toBe('/a~1b/c~0d/0');
  });
});
