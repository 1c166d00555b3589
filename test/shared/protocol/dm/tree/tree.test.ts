import { describe, expect, it } from 'vitest';
import {
  assignMiid,
  carryPermanence,
  countNodes,
  createInstance,
  deleteNode,
  emptyTree,
  getInstance,
  makeInterior,
  nodeAt,
  setNode,
  setPermissions,
} from '../../../../../src-shared/protocol/dm/tree/tree.js';
import { makeLeaf } from '../../../../../src-shared/protocol/dm/tree/values.js';
import type { ManagementTree } from '../../../../../src-shared/protocol/dm/tree/types.js';

const MO = 'urn:oma:mo:oma-dm-devinfo:1.2';
const chr = (value: string, permanent = false) => makeLeaf({ format: 'chr', value }, permanent);

function devinfo(): ManagementTree {
  const root = makeInterior([['DevID', chr('IMEI:1', true)], ['Ext', makeInterior([['V', chr('1')]])], ['Lang', chr('en')]], true);
  const r = createInstance(emptyTree(), { moid: MO, miid: 'di', rootName: 'DevInfo', root, creator: { kind: 'server', serverId: 'srv-a' } });
  if (r.status !== 'ok') throw new Error(r.detail);
  return r.value;
}

describe('management tree', () => {
  it('creates instances with creator rights and a cache validator, and refuses duplicates', () => {
    const tree = devinfo();
    const inst = getInstance(tree, MO, 'di')!;
    expect(inst.permissions.get('srv-a')).toEqual(['Read', 'Write', 'Execute', 'Delegate']);
    expect(inst.cv).toBe('r1');
    const again = createInstance(tree, { moid: MO, miid: 'di', rootName: 'DevInfo', root: makeInterior(), creator: { kind: 'local' } });
    expect(again).toMatchObject({ status: 'rejected', code: 409 });
    expect(createInstance(tree, { moid: MO, miid: 'a/b', rootName: 'X', root: makeInterior(), creator: { kind: 'local' } })).toMatchObject({ code: 400 });
  });

  it('replaces and creates leaves, sharing untouched subtrees and bumping cv', () => {
    const tree = devinfo();
    const r = setNode(tree, MO, 'di', ['Lang'], chr('fr'));
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    const before = getInstance(tree, MO, 'di')!;
    const after = getInstance(r.value, MO, 'di')!;
    expect(nodeAt(after.root, ['Lang'])).toMatchObject({ value: 'fr' });
    expect(nodeAt(before.root, ['Lang'])).toMatchObject({ value: 'en' });
    expect(after.root.children.get('Ext')).toBe(before.root.children.get('Ext'));
    expect(after.cv).not.toBe(before.cv);
    expect(setNode(tree, MO, 'di', ['Ext', 'New'], chr('n')).status).toBe('ok');
    expect(setNode(tree, MO, 'di', ['Nope', 'New'], chr('n'))).toMatchObject({ code: 404 });
    expect(setNode(tree, MO, 'di', ['Lang', 'New'], chr('n'))).toMatchObject({ code: 404 });
    expect(setNode(tree, MO, 'gone', ['Lang'], chr('n'))).toMatchObject({ code: 404 });
    expect(setNode(tree, MO, 'di', [], chr('n'))).toMatchObject({ code: 400 });
  });

  it('refuses to delete permanent nodes (405) and deletes dynamic subtrees', () => {
    const tree = devinfo();
    expect(deleteNode(tree, MO, 'di', ['DevID'])).toMatchObject({ code: 405 });
    expect(deleteNode(tree, MO, 'di', [])).toMatchObject({ code: 405 });
    expect(deleteNode(tree, MO, 'di', ['Nope'])).toMatchObject({ code: 404 });
    const r = deleteNode(tree, MO, 'di', ['Ext']);
    expect(r.status === 'ok' && nodeAt(getInstance(r.value, MO, 'di')!.root, ['Ext'])).toBeUndefined();
  });

  it('keeps permanent nodes through a replacement and refuses replacements that drop them', () => {
    const tree = devinfo();
    const dropping = setNode(tree, MO, 'di', [], makeInterior([['Lang', chr('de')]]));
    expect(dropping).toMatchObject({ code: 405 });
    const keeping = setNode(tree, MO, 'di', [], makeInterior([['DevID', chr('IMEI:2')]]));
    expect(keeping.status).toBe('ok');
    if (keeping.status === 'ok') expect(nodeAt(getInstance(keeping.value, MO, 'di')!.root, ['DevID'])).toMatchObject({ permanent: true, value: 'IMEI:2' });
    expect(carryPermanence(chr('a', true), makeInterior())).toMatchObject({ code: 405 });
  });

  it('deletes a whole dynamic instance, permanent descendants included', () => {
    const root = makeInterior([['P', chr('x', true)]]);
    const t = createInstance(emptyTree(), { moid: MO, miid: '1', rootName: 'R', root, creator: { kind: 'local' } });
    if (t.status !== 'ok') throw new Error(t.detail);
    const r = deleteNode(t.value, MO, '1', []);
    expect(r.status === 'ok' && r.value.instances.size).toBe(0);
  });

  it('sets and removes permissions and assigns the smallest free MIID', () => {
    let tree = devinfo();
    const r = setPermissions(tree, MO, 'di', 'srv-b', ['Read', 'Read']);
    if (r.status !== 'ok') throw new Error(r.detail);
    expect(getInstance(r.value, MO, 'di')!.permissions.get('srv-b')).toEqual(['Read']);
    const removed = setPermissions(r.value, MO, 'di', 'srv-b', []);
    expect(removed.status === 'ok' && getInstance(removed.value, MO, 'di')!.permissions.has('srv-b')).toBe(false);
    expect(assignMiid(tree, MO)).toBe('1');
    const c = createInstance(tree, { moid: MO, miid: '1', rootName: 'R', root: makeInterior(), creator: { kind: 'local' } });
    if (c.status === 'ok') tree = c.value;
    expect(assignMiid(tree, MO)).toBe('2');
    expect(countNodes(getInstance(tree, MO, 'di')!.root)).toBe(5);
  });
});
