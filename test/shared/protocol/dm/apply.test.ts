import { describe, expect, it } from 'vitest';
import { applyMoEntries, applyMoEntry } from '../../../../src-shared/protocol/dm/apply.js';
import { parseMoSerializationJson } from '../../../../src-shared/protocol/dm/serialization.js';
import { getInstance, instancesOf, nodeAt } from '../../../../src-shared/protocol/dm/tree/tree.js';
import { SENSOR, sensorTree, treeOf } from './helpers.js';

const FUMO = 'urn:oma:mo:oma-fumo:1.0';
const one = (json: string) => parseMoSerializationJson(json)[0]!;
const local = { creator: { kind: 'local' } } as const;

describe('applying MO serialization entries (HGET data, bootstrap, tree files)', () => {
  it('creates an instance with a client-assigned MIID for an empty mo-inst and reports its URI', () => {
    const r = applyMoEntry(treeOf([]), one(`[{"ClientURI":"${FUMO}//","MOData":{"FUMO":{"State":"10"}}}]`), { creator: { kind: 'server', serverId: 's' } });
    expect(r.status === 'ok' && r.value.uris).toEqual([`${FUMO}/1/`]);
    if (r.status !== 'ok') return;
    const inst = getInstance(r.value.tree, FUMO, '1')!;
    expect(inst.rootName).toBe('FUMO');
    expect(inst.permissions.get('s')).toEqual(['Read', 'Write', 'Execute', 'Delegate']);
    const again = applyMoEntry(r.value.tree, one(`[{"ClientURI":"${FUMO}/2/","MOData":{"FUMO":{}}}]`), local);
    expect(again.status === 'ok' && instancesOf(again.value.tree, FUMO).map((i) => i.miid)).toEqual(['1', '2']);
    const custom = applyMoEntry(treeOf([]), one(`[{"ClientURI":"${FUMO}//","MOData":{"FUMO":{}}}]`), { ...local, assignMiid: () => 'fw' });
    expect(custom.status === 'ok' && custom.value.uris).toEqual([`${FUMO}/fw/`]);
  });

  it('writes a leaf below a literal path, creating it, and rejects a MOData name mismatch', () => {
    const r = applyMoEntry(sensorTree(), one(`[{"ClientURI":"${SENSOR}/left/Data/3","MOData":{"3":{"Value":"new"}}}]`), local);
    expect(r.status === 'ok' && r.value.uris).toEqual([`${SENSOR}/left/Data/3`]);
    if (r.status === 'ok') expect(nodeAt(getInstance(r.value.tree, SENSOR, 'left')!.root, ['Data', '3', 'Value'])).toMatchObject({ value: 'new' });
    expect(applyMoEntry(sensorTree(), one(`[{"ClientURI":"${SENSOR}/left/ID","MOData":{"Other":"x"}}]`), local)).toMatchObject({ code: 400 });
    expect(applyMoEntry(sensorTree(), one(`[{"ClientURI":"${SENSOR}/left/No/Such","MOData":{"Such":"x"}}]`), local)).toMatchObject({ code: 404 });
  });

  it('writes through * and (x): every matching node is replaced', () => {
    const r = applyMoEntry(sensorTree(), one(`[{"ClientURI":"${SENSOR}/*/Setting","MOData":{"Setting":"0"}}]`), local);
    expect(r.status === 'ok' && r.value.uris).toEqual([`${SENSOR}/left/Setting`, `${SENSOR}/right/Setting`]);
    const x = applyMoEntry(sensorTree(), one(`[{"ClientURI":"${SENSOR}/(x)/Setting?nv=(x)/ID:Temp","MOData":{"Setting":"1"}}]`), local);
    expect(x.status === 'ok' && x.value.uris).toEqual([`${SENSOR}/right/Setting`]);
    expect(applyMoEntry(sensorTree(), one(`[{"ClientURI":"${SENSOR}//Setting","MOData":{"Setting":"1"}}]`), local)).toMatchObject({ code: 400 });
  });

  it('replaces an existing instance root and refuses a leaf as a new root', () => {
    const r = applyMoEntry(sensorTree(), one(`[{"ClientURI":"${SENSOR}/left/","MOData":{"Sensor":{"ID":"N"}}}]`), local);
    expect(r.status === 'ok' && nodeAt(getInstance(r.value.tree, SENSOR, 'left')!.root, ['Setting'])).toBeUndefined();
    expect(applyMoEntry(treeOf([]), one(`[{"ClientURI":"${FUMO}/m/","MOData":{"FUMO":"leaf"}}]`), local)).toMatchObject({ code: 400 });
  });

  it('is all or nothing across entries, batching creations', () => {
    const tree = sensorTree();
    const entries = parseMoSerializationJson(
      `[{"ClientURI":"${FUMO}/a/","MOData":{"F":{}}},{"ClientURI":"${FUMO}/b/","MOData":{"F":{}}},{"ClientURI":"${FUMO}/a/","MOData":{"F":{"X":"1"}}},{"ClientURI":"${SENSOR}/left/Nope/X","MOData":{"X":"1"}}]`,
    );
    expect(applyMoEntries(tree, entries, local)).toMatchObject({ code: 404 });
    const ok = applyMoEntries(tree, entries.slice(0, 3), local);
    expect(ok.status === 'ok' && ok.value.uris).toEqual([`${FUMO}/a/`, `${FUMO}/b/`, `${FUMO}/a/`]);
    if (ok.status === 'ok') expect(nodeAt(getInstance(ok.value.tree, FUMO, 'a')!.root, ['X'])).toMatchObject({ value: '1' });
  });
});
