import { describe, expect, it } from 'vitest';
import { parseClientUri } from '../../../../src-shared/protocol/dm/client-uri.js';
import { isCacheValid, resolveClientUri } from '../../../../src-shared/protocol/dm/resolve.js';
import { SENSOR, sensorTree, treeOf } from './helpers.js';

function resolve(uri: string): string[] | number {
  const r = resolveClientUri(sensorTree(), parseClientUri(uri));
  return r.status === 'ok' ? r.value.map((t) => [t.instance.miid, ...t.path].join('/')) : r.code;
}

describe('resolveClientUri on the digest §4.1 worked examples', () => {
  it.each([
    [`${SENSOR}/left/`, ['left']],
    [`${SENSOR}//`, 400],
    [`${SENSOR}/(x)/?nv=(x)/ID:Temp`, ['right']],
    [`${SENSOR}/(x)/Data/1/Value?nv=(x)/ID:GPS`, ['left/Data/1/Value']],
    [`${SENSOR}/right/Data/(x)/Value?nv=(x)/Date:12.3`, ['right/Data/2/Value']],
    [`${SENSOR}/(x)/Data/(y)/Value?nv=(x)/ID:GPS&nv=(y)/Date:12.2`, ['left/Data/2/Value']],
    [`${SENSOR}/*/Setting`, ['left/Setting', 'right/Setting']],
    [`${SENSOR}/(x)/Data/*/Value?nv=(x)/ID:GPS`, ['left/Data/1/Value', 'left/Data/2/Value']],
    [`${SENSOR}/(x)/Data/*/Value?nv=(x)/ID:GPS&nv=(x)/Setting:0xB2`, 404],
    [`${SENSOR}/*/Data/*/Value`, ['left/Data/1/Value', 'left/Data/2/Value', 'right/Data/1/Value', 'right/Data/2/Value']],
    [`${SENSOR}/left/Nope`, 404],
    [`${SENSOR}/left/ID/Deeper`, 404],
    [`${SENSOR}/gone/`, 404],
    ['urn:oma:mo:other:1.0/*/', 404],
  ])('%s', (uri, expected) => {
    expect(resolve(uri)).toEqual(expected);
  });

  it('resolves an empty mo-inst when exactly one instance exists', () => {
    const tree = treeOf([['urn:oma:mo:oma-dm-devinfo:1.2', 'di', 'DevInfo', { Man: 'Acme' }]]);
    const r = resolveClientUri(tree, parseClientUri('urn:oma:mo:oma-dm-devinfo:1.2//Man'));
    expect(r.status === 'ok' && r.value.map((t) => t.node)).toEqual([{ kind: 'leaf', permanent: false, format: 'chr', value: 'Acme' }]);
  });

  it('hides invisible instances from *, (x) and empty mo-inst but not from an explicit MIID', () => {
    const tree = sensorTree();
    const visible = (i: { miid: string }) => i.miid === 'right';
    const star = resolveClientUri(tree, parseClientUri(`${SENSOR}/*/ID`), { visible });
    expect(star.status === 'ok' && star.value.map((t) => t.instance.miid)).toEqual(['right']);
    expect(resolveClientUri(tree, parseClientUri(`${SENSOR}//ID`), { visible }).status).toBe('ok');
    expect(resolveClientUri(tree, parseClientUri(`${SENSOR}/(x)/?nv=(x)/ID:GPS`), { visible }).status).toBe('rejected');
    expect(resolveClientUri(tree, parseClientUri(`${SENSOR}/left/ID`), { visible }).status).toBe('ok');
  });

  it('compares cv with the instance cache validator', () => {
    const tree = sensorTree();
    const left = tree.instances.get(SENSOR)!.get('left')!;
    expect(isCacheValid(parseClientUri(`${SENSOR}/left/?cv=${left.cv}`), left)).toBe(true);
    expect(isCacheValid(parseClientUri(`${SENSOR}/left/?cv=stale`), left)).toBe(false);
    expect(isCacheValid(parseClientUri(`${SENSOR}/left/`), left)).toBe(false);
  });
});
