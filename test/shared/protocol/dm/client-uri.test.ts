import { describe, expect, it } from 'vitest';
import { ProvisioningError } from '../../../../src-shared/errors/index.js';
import { formatClientUri, isServerUri, parseClientUri, tryParseClientUri } from '../../../../src-shared/protocol/dm/client-uri.js';

describe('parseClientUri', () => {
  it('parses MOID, MIID and path', () => {
    expect(parseClientUri('urn:oma:mo:oma-fumo:1.0/main/DownloadAndUpdate/PkgURL')).toEqual({
      moid: 'urn:oma:mo:oma-fumo:1.0',
      instance: { kind: 'miid', miid: 'main' },
      path: [{ kind: 'name', name: 'DownloadAndUpdate' }, { kind: 'name', name: 'PkgURL' }],
      nv: [],
    });
  });

  it('parses x-names, wildcards, nv and cv', () => {
    const u = parseClientUri('urn:oma:mo:ex-sensor:1.0/(x)/Data/*/Value?nv=(x)/ID:GPS&nv=(x)/A/B:v:w&cv=abc');
    expect(u.instance).toEqual({ kind: 'xname', name: 'x' });
    expect(u.path).toEqual([{ kind: 'name', name: 'Data' }, { kind: 'all' }, { kind: 'name', name: 'Value' }]);
    expect(u.nv).toEqual([
      { xname: 'x', relPath: ['ID'], value: 'GPS' },
      { xname: 'x', relPath: ['A', 'B'], value: 'v:w' },
    ]);
    expect(u.cv).toBe('abc');
  });

  it('reads an empty mo-inst, a * mo-inst and an instance root', () => {
    expect(parseClientUri('urn:oma:mo:a:1.0//').instance).toEqual({ kind: 'single' });
    expect(parseClientUri('urn:oma:mo:a:1.0/*/X').instance).toEqual({ kind: 'all' });
    expect(parseClientUri('urn:oma:mo:a:1.0/m').path).toEqual([]);
    expect(parseClientUri('urn:oma:mo:a:1.0/m/').path).toEqual([]);
  });

  it('splits reverse-domain MOIDs after three parts', () => {
    const u = parseClientUri('org.openmobilealliance/1.0/w7/acc/AppID');
    expect(u.moid).toBe('org.openmobilealliance/1.0/w7');
    expect(u.instance).toEqual({ kind: 'miid', miid: 'acc' });
  });

  it.each([
    ['urn:oma:mo:a:1.0', 'no instance part'],
    ['urn:oma:mo:a:1.0/m/a//b', 'empty path segment'],
    ['urn:oma:mo:a:1.0/(x)/A', 'no nv condition'],
    ['urn:oma:mo:a:1.0/m/A?nv=(y)/B:1', 'not in the path'],
    ['urn:oma:mo:a:1.0/(x)/(x)?nv=(x)/B:1', 'used twice'],
    ['urn:oma:mo:a:1.0/m/A?foo=1', 'unknown query field'],
    ['urn:oma:mo:a:1.0/m/A?cv=1&cv=2', 'more than one cv'],
    ['urn:oma:mo:a:1.0/m/A?nv', 'without "="'],
    ['urn:oma:mo:a:1.0/(x)/?nv=(x)/:v', 'nv field'],
    ['urn:oma:mo:a:1.0/m/__proto__', 'reserved'],
    ['urn:oma:mo:a:1.0/m/..', 'reserved'],
    ['urn:oma:mo:a:1.0/(ab)/', 'wildcard or x-name'],
    ['urn:oma mo/m/', 'whitespace'],
    ['a/b/', 'no instance part'],
  ])('rejects %s (%s)', (text, why) => {
    const r = tryParseClientUri(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toBeInstanceOf(ProvisioningError);
      expect(r.error.code).toBe('INVALID_REQUEST');
      expect(r.error.message).toContain(why);
    }
  });

  it('throws a typed error from the throwing form and limits length', () => {
    expect(() => parseClientUri('nope')).toThrow(ProvisioningError);
    expect(tryParseClientUri(`urn:oma:mo:a:1.0/m/${'a/'.repeat(5000)}`).ok).toBe(false);
  });
});

describe('formatClientUri', () => {
  it.each([
    'urn:oma:mo:oma-fumo:1.0/main/DownloadAndUpdate/PkgURL',
    'urn:oma:mo:ex-sensor:1.0/(x)/Data/(y)/Value?nv=(x)/ID:GPS&nv=(y)/Date:12.2',
    'urn:oma:mo:ex-sensor:1.0/*/Data/*/Value',
    'urn:oma:mo:oma-dm-devinfo:1.2//',
    'urn:oma:mo:oma-dm-devinfo:1.2/di/?cv=e3b0',
    'org.openmobilealliance/1.0/w7/acc/',
  ])('is the inverse of parse for canonical %s', (text) => {
    expect(formatClientUri(parseClientUri(text))).toBe(text);
  });

  it('canonicalizes an instance root to a trailing slash', () => {
    expect(formatClientUri(parseClientUri('urn:oma:mo:a:1.0/m'))).toBe('urn:oma:mo:a:1.0/m/');
  });
});

describe('isServerUri', () => {
  it('tells ServerURIs from ClientURIs by scheme', () => {
    expect(isServerUri('https://repo.example.net/x')).toBe(true);
    expect(isServerUri('http://a/b')).toBe(true);
    expect(isServerUri('urn:oma:mo:a:1.0/m/')).toBe(false);
    expect(isServerUri('https://')).toBe(false);
  });
});
