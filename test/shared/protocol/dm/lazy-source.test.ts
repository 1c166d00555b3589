import { describe, expect, it } from 'vitest';
import { applyMoEntries } from '../../../../src-shared/protocol/dm/apply.js';
import { sourceOf } from '../../../../src-shared/protocol/dm/lazy-source.js';
import { encodeTree, parseMoSerializationJson } from '../../../../src-shared/protocol/dm/serialization.js';
import { emptyTree, getInstance, nodeAt, setNode, setPermissions } from '../../../../src-shared/protocol/dm/tree/tree.js';
import { makeLeaf } from '../../../../src-shared/protocol/dm/tree/values.js';
import type { LeafFormat, ManagementTree } from '../../../../src-shared/protocol/dm/tree/types.js';

const MO = 'urn:oma:mo:x:1.0';
const TEXT = `[{"ClientURI":"${MO}/a/","CV":"c1","MOData":{"R":{"S":"1","N":{"T":"t"}}}},{"ClientURI":"${MO}/b/","MOData":{"R":{"I":7}}}]`;

function load(text = TEXT, formatOf?: (m: string, p: readonly string[]) => LeafFormat | undefined): ManagementTree {
  const r = applyMoEntries(emptyTree(), parseMoSerializationJson(text, formatOf === undefined ? {} : { formatOf }), { creator: { kind: 'local' } });
  if (r.status !== 'ok') throw new Error(r.detail);
  return r.value.tree;
}

describe('lazily built trees (loaded from MO serialization text)', () => {
  it('build nodes on first access and then keep them', () => {
    const inst = getInstance(load(), MO, 'a')!;
    expect(Object.getOwnPropertyDescriptor(inst, 'root')?.get).toBeTypeOf('function');
    const root = inst.root;
    expect(Object.getOwnPropertyDescriptor(inst, 'root')?.value).toBe(root);
    expect(inst.root).toBe(root);
    expect(nodeAt(root, ['N', 'T'])).toEqual({ kind: 'leaf', permanent: false, format: 'chr', value: 't' });
  });

  it('survive structured clone and spread as plain data', () => {
    const inst = getInstance(load(), MO, 'a')!;
    const clone = structuredClone(inst);
    expect(clone.root.children.get('S')).toEqual({ kind: 'leaf', permanent: false, format: 'chr', value: '1' });
    expect(sourceOf(clone)).toBeUndefined();
    expect(sourceOf({ ...inst })).toBeUndefined();
    const tree = structuredClone(load());
    expect(nodeAt(tree.instances.get(MO)!.get('b')!.root, ['I'])).toMatchObject({ format: 'int', value: 7 });
  });

  it('serialize from the source while unchanged, and from the nodes once changed', () => {
    const tree = load();
    expect(encodeTree(tree)).toBe(TEXT.replace('"I":7', '"I":"7"').replace(`"ClientURI":"${MO}/b/",`, `"ClientURI":"${MO}/b/","CV":"r2",`));
    const changed = setNode(tree, MO, 'a', ['S'], makeLeaf({ format: 'chr', value: '2' }));
    if (changed.status !== 'ok') throw new Error(changed.detail);
    expect(encodeTree(changed.value)).toContain('"R":{"S":"2","N":{"T":"t"}}');
    expect(encodeTree(tree)).toContain('"R":{"S":"1","N":{"T":"t"}}');
    const perms = setPermissions(tree, MO, 'a', 'srv', ['Read']);
    if (perms.status !== 'ok') throw new Error(perms.detail);
    expect(encodeTree(perms.value)).toBe(encodeTree(tree));
  });

  it('write canonical text for hooked formats whose source text is not canonical', () => {
    const tree = load(`[{"ClientURI":"${MO}/a/","MOData":{"R":{"F":"1.50","B":"true"}}}]`, (_m, p) => (p[0] === 'F' ? 'float' : p[0] === 'B' ? 'bool' : undefined));
    expect(encodeTree(tree)).toContain('"R":{"F":"1.5","B":"true"}');
    expect(nodeAt(getInstance(tree, MO, 'a')!.root, ['F'])).toMatchObject({ format: 'float', value: 1.5 });
  });

  it('validate everything up front: errors never surface later, on access', () => {
    expect(() => parseMoSerializationJson(`[{"ClientURI":"${MO}/a/","MOData":{"R":{"deep":{"__proto__":"x"}}}}]`)).toThrow(/reserved name/);
    expect(() => parseMoSerializationJson(`[{"ClientURI":"${MO}/a/","MOData":{"R":{"x":[1]}}}]`)).toThrow(/array/);
  });
});
