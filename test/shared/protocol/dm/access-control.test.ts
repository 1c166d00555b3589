import { describe, expect, it } from 'vitest';
import {
  STANDARD_MOIDS,
  applyDacmoWrite,
  applyMoEntries,
  authorize,
  check,
  dacmoView,
  delegate,
  encodeMoSerialization,
  getInstance,
  grantedMoids,
  instanceEntry,
  logicalOpOf,
  parseClientUri,
  parseMoSerializationJson,
  visibleMos,
  type ManagementTree,
} from '../../../../src-shared/protocol/dm/index.js';
import { treeOf } from './helpers.js';

const FUMO = 'urn:oma:mo:oma-fumo:1.0';
const { dmAcc: DMACC, devInfo: DEVINFO, dacmo: DACMO } = STANDARD_MOIDS;

function baseTree(): ManagementTree {
  let tree = treeOf([
    [DMACC, 'a', 'DMAcc', { SrvID: 'srv-a', Perm: { 1: { MOID: FUMO }, 2: { MOID: DACMO }, 3: { MOID: DEVINFO } } }],
    [DMACC, 'b', 'DMAcc', { SrvID: 'srv-b', Perm: { 1: { MOID: FUMO }, 2: { MOID: DACMO } } }],
    [FUMO, 'modem', 'FUMO', { State: '10' }],
    [DEVINFO, 'di', 'DevInfo', { Man: 'Acme' }],
  ]);
  const created = applyMoEntries(tree, parseMoSerializationJson(`[{"ClientURI":"${FUMO}/main/","MOData":{"FUMO":{"State":"10","PkgName":"fw"}}}]`), {
    creator: { kind: 'server', serverId: 'srv-a' },
  });
  if (created.status !== 'ok') throw new Error(created.detail);
  tree = created.value.tree;
  const r = delegate(tree, 'srv-a', FUMO, 'main', 'srv-b', []);
  if (r.status !== 'ok') throw new Error(r.detail);
  return r.value;
}

const auth = (tree: ManagementTree, server: string, cmd: Parameters<typeof authorize>[2], ...uris: string[]) => authorize(tree, server, cmd, uris.map((u) => parseClientUri(u)));

describe('access control', () => {
  it('maps commands to logical operations (digest §5.2)', () => {
    expect(['GET', 'HPUT', 'HPOST', 'HGET', 'DELETE', 'EXEC', 'END'].map((c) => logicalOpOf(c as never))).toEqual(['Read', 'Read', 'Read', 'Write', 'Write', 'Execute', undefined]);
  });

  it('checks every one of the 12 commands', () => {
    const tree = baseTree();
    const main = [{ moid: FUMO, miid: 'main' }];
    for (const cmd of ['HGET', 'HPUT', 'HPOST', 'DELETE', 'EXEC', 'GET', 'SUB', 'UNSUB'] as const) {
      expect(check(tree, 'srv-a', cmd, main)).toBe('allow');
      expect(check(tree, 'srv-b', cmd, main)).toMatchObject({ deny: 403 });
      expect(check(tree, 'srv-z', cmd, main)).toMatchObject({ deny: 403 });
    }
    for (const cmd of ['SHOW', 'CONT', 'END'] as const) {
      expect(check(tree, 'srv-b', cmd, [])).toBe('allow');
      expect(check(tree, 'srv-z', cmd, [])).toMatchObject({ deny: 403 });
    }
    expect(check(tree, 'srv-b', 'DEFAULT', [{ moid: FUMO }])).toBe('allow');
  });

  it('reads MOID grants from DMAcc Perm/<x>/MOID', () => {
    const tree = baseTree();
    expect(grantedMoids(tree, 'srv-a')).toEqual([FUMO, DACMO, DEVINFO]);
    expect(grantedMoids(tree, 'srv-b')).toEqual([FUMO, DACMO]);
    expect(grantedMoids(tree, 'srv-z')).toEqual([]);
  });

  it('gives the creator full rights and nobody else any', () => {
    const tree = baseTree();
    for (const cmd of ['GET', 'HGET', 'DELETE', 'EXEC', 'HPUT'] as const) expect(check(tree, 'srv-a', cmd, [{ moid: FUMO, miid: 'main' }])).toBe('allow');
    expect(check(tree, 'srv-b', 'GET', [{ moid: FUMO, miid: 'main' }])).toEqual({ deny: 403, reason: `no Read right on ${FUMO}/main` });
    expect(check(tree, 'srv-a', 'GET', [{ moid: FUMO, miid: 'modem' }])).toMatchObject({ deny: 403 });
  });

  it('denies ungranted MOIDs and servers without an account, even for creation', () => {
    const tree = baseTree();
    expect(check(tree, 'srv-b', 'HGET', [{ moid: DEVINFO }])).toEqual({ deny: 403, reason: `MOID ${DEVINFO} not granted` });
    expect(check(tree, 'srv-b', 'HGET', [{ moid: FUMO }])).toBe('allow');
    expect(check(tree, 'srv-z', 'END', [])).toEqual({ deny: 403, reason: 'server has no DM account' });
    expect(check(tree, 'srv-b', 'DEFAULT', [{ moid: DEVINFO }])).toMatchObject({ deny: 403 });
  });

  it('authorizes commands end to end: wildcards see only permitted instances, explicit MIIDs get 403', () => {
    const tree = baseTree();
    const star = auth(tree, 'srv-a', 'GET', `${FUMO}/*/State`);
    expect(star.status === 'ok' && star.value.map((t) => t.instance.miid)).toEqual(['main']);
    expect(auth(tree, 'srv-b', 'GET', `${FUMO}/*/State`)).toMatchObject({ code: 404 });
    expect(auth(tree, 'srv-b', 'GET', `${FUMO}/main/State`)).toMatchObject({ code: 403 });
    expect(auth(tree, 'srv-a', 'GET', `${FUMO}//State`)).toMatchObject({ status: 'ok' });
    expect(auth(tree, 'srv-a', 'EXEC', `${FUMO}/main/Nope`)).toMatchObject({ code: 404 });
    expect(auth(tree, 'srv-a', 'GET')).toMatchObject({ code: 400 });
    expect(auth(tree, 'srv-b', 'HGET', `${FUMO}/new/`)).toMatchObject({ status: 'ok' });
    expect(auth(tree, 'srv-b', 'HGET', `${FUMO}/main/PkgName`)).toMatchObject({ code: 403 });
    expect(auth(tree, 'srv-a', 'HGET', `${FUMO}/main/New/Leaf`)).toMatchObject({ status: 'ok' });
    expect(auth(tree, 'srv-b', 'HGET', `${DEVINFO}/x/`)).toMatchObject({ code: 403 });
  });

  it('filters the Package#1 MOS list per server', () => {
    const tree = baseTree();
    expect(visibleMos(tree, 'srv-a', { ddfOf: (m) => (m === FUMO ? 'https://ddf.example.net/fumo.ddf' : undefined) })).toEqual([
      { DDF: 'https://ddf.example.net/fumo.ddf', MOID: FUMO, MIID: ['main'] },
      { MOID: DACMO, MIID: [] },
      { MOID: DEVINFO, MIID: [] },
    ]);
    expect(visibleMos(tree, 'srv-b')).toEqual([{ MOID: FUMO, MIID: [] }, { MOID: DACMO, MIID: [] }]);
  });
});

describe('delegation and the DACMO view', () => {
  it('lets a Delegate holder grant a subset of its rights, and nothing more', () => {
    const tree = baseTree();
    const r = delegate(tree, 'srv-a', FUMO, 'main', 'srv-b', ['Read']);
    if (r.status !== 'ok') throw new Error(r.detail);
    expect(check(r.value, 'srv-b', 'GET', [{ moid: FUMO, miid: 'main' }])).toBe('allow');
    expect(check(r.value, 'srv-b', 'DELETE', [{ moid: FUMO, miid: 'main' }])).toMatchObject({ deny: 403 });
    expect(delegate(r.value, 'srv-b', FUMO, 'main', 'srv-c', ['Read'])).toMatchObject({ code: 403, detail: expect.stringContaining('no Delegate') });
    expect(delegate(tree, 'srv-a', FUMO, 'main', 'srv-a', ['Read'])).toMatchObject({ code: 403 });
    expect(delegate(tree, 'srv-a', FUMO, 'gone', 'srv-b', ['Read'])).toMatchObject({ code: 404 });
    const b = delegate(tree, 'srv-a', FUMO, 'main', 'srv-b', ['Read', 'Delegate']);
    if (b.status !== 'ok') throw new Error(b.detail);
    expect(delegate(b.value, 'srv-b', FUMO, 'main', 'srv-c', ['Write'])).toMatchObject({ code: 403, detail: expect.stringContaining('cannot grant Write') });
    expect(delegate(b.value, 'srv-b', FUMO, 'main', 'srv-a', [])).toMatchObject({ code: 403, detail: expect.stringContaining('creator') });
    expect(delegate(b.value, 'srv-b', FUMO, 'main', 'srv-c', ['Read']).status).toBe('ok');
  });

  it('exposes permissions in the DACMO view, all servers only to Delegate holders', () => {
    const r = delegate(baseTree(), 'srv-a', FUMO, 'main', 'srv-b', ['Read']);
    if (r.status !== 'ok') throw new Error(r.detail);
    const a = JSON.parse(encodeMoSerialization([instanceEntry(dacmoView(r.value, 'srv-a'))]));
    expect(a[0].ClientURI).toBe(`${DACMO}/dacmo/`);
    expect(a[0].MOData.DACMO).toEqual({
      1: { MOID: FUMO, MIID: 'main', Creator: 'srv-a', Perm: { 1: { SrvID: 'srv-a', Rights: 'Read+Write+Execute+Delegate' }, 2: { SrvID: 'srv-b', Rights: 'Read' } } },
    });
    const b = JSON.parse(encodeMoSerialization([instanceEntry(dacmoView(r.value, 'srv-b'))]));
    expect(b[0].MOData.DACMO[1].Perm).toEqual({ 1: { SrvID: 'srv-b', Rights: 'Read' } });
    const got = auth(r.value, 'srv-b', 'GET', `${DACMO}/dacmo/*/Perm/*/Rights`);
    expect(got.status === 'ok' && got.value.map((t) => t.node.kind === 'leaf' && t.node.value)).toEqual(['Read']);
  });

  it('applies DACMO writes all or nothing, checking Delegate per entry', () => {
    const tree = baseTree();
    const write = (grants: string) =>
      parseMoSerializationJson(`[{"ClientURI":"${DACMO}/dacmo/","MOData":{"DACMO":{"1":{"MOID":"${FUMO}","MIID":"main","Perm":{${grants}}}}}}]`);
    const ok = applyDacmoWrite(tree, 'srv-a', write('"1":{"SrvID":"srv-b","Rights":"Read+Execute"}'));
    if (ok.status !== 'ok') throw new Error(ok.detail);
    expect(getInstance(ok.value, FUMO, 'main')!.permissions.get('srv-b')).toEqual(['Read', 'Execute']);
    expect(auth(ok.value, 'srv-b', 'HGET', `${DACMO}/dacmo/`)).toMatchObject({ status: 'ok' });
    expect(applyDacmoWrite(ok.value, 'srv-b', write('"1":{"SrvID":"srv-c","Rights":"Read"}'))).toMatchObject({ code: 403 });
    const partial = applyDacmoWrite(tree, 'srv-a', write('"1":{"SrvID":"srv-b","Rights":"Read"},"2":{"SrvID":"srv-a","Rights":"Read"}'));
    expect(partial).toMatchObject({ code: 403 });
    expect(applyDacmoWrite(tree, 'srv-a', write('"1":{"SrvID":"srv-b","Rights":"Fly"}'))).toMatchObject({ code: 400 });
  });
});
