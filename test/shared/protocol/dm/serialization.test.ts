import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProvisioningError } from '../../../../src-shared/errors/index.js';
import {
  decodeMoSerialization,
  encodeMoSerialization,
  encodeTree,
  instanceEntry,
  parseMoSerializationJson,
  type MoEntry,
} from '../../../../src-shared/protocol/dm/serialization.js';
import { applyMoEntries } from '../../../../src-shared/protocol/dm/apply.js';
import { emptyTree, allInstances, nodeAt } from '../../../../src-shared/protocol/dm/tree/tree.js';
import type { InteriorNode, LeafFormat, ManagementTree, TreeNode } from '../../../../src-shared/protocol/dm/tree/types.js';
import { treeArb } from './arbitraries.js';

const DEVINFO = `[{"DDF":"https://ddf.example.net/devinfo-1.2.ddf","ClientURI":"urn:oma:mo:oma-dm-devinfo:1.2/di/","CV":"e3b0c442",
 "MOData":{"DevInfo":{"DevID":"IMEI:356938035643809","Man":"Acme","DmV":"2.0","Ext":{}}}}]`;

/** Format hook reading formats back from a tree (what a DDF would provide). */
function formatsFrom(tree: ManagementTree) {
  return (moid: string, path: readonly string[], miid: string | undefined): LeafFormat | undefined => {
    for (const i of allInstances(tree)) {
      if (i.moid !== moid || i.miid !== miid) continue;
      const n = nodeAt(i.root, path);
      if (n?.kind === 'leaf') return n.format;
    }
    return undefined;
  };
}

function unpermanent(n: TreeNode): TreeNode {
  return n.kind === 'leaf' ? { ...n, permanent: false } : { kind: 'interior', permanent: false, children: new Map([...n.children].map(([k, c]) => [k, unpermanent(c)])) };
}

describe('MO serialization decode', () => {
  it('decodes the digest §5.3 example into an entry', () => {
    const [e] = parseMoSerializationJson(DEVINFO);
    expect(e!.clientUri.moid).toBe('urn:oma:mo:oma-dm-devinfo:1.2');
    expect(e!.ddf).toBe('https://ddf.example.net/devinfo-1.2.ddf');
    expect(e!.cv).toBe('e3b0c442');
    expect(e!.name).toBe('DevInfo');
    expect(nodeAt(e!.node, ['DmV'])).toEqual({ kind: 'leaf', permanent: false, format: 'chr', value: '2.0' });
    expect(nodeAt(e!.node, ['Ext'])).toEqual({ kind: 'interior', permanent: false, children: new Map() });
  });

  it('types leaves through the format hook and rejects values invalid for the format', () => {
    const text = '[{"ClientURI":"urn:oma:mo:x:1.0/m/","MOData":{"R":{"N":"42","B":"AAEC","T":"true"}}}]';
    const hook = (_m: string, p: readonly string[]): LeafFormat | undefined => ({ N: 'int', B: 'bin', T: 'bool' })[p[0]!] as LeafFormat | undefined;
    const [e] = parseMoSerializationJson(text, { formatOf: hook });
    expect(nodeAt(e!.node, ['N'])).toMatchObject({ format: 'int', value: 42 });
    expect(nodeAt(e!.node, ['B'])).toMatchObject({ format: 'bin', value: new Uint8Array([0, 1, 2]) });
    expect(nodeAt(e!.node, ['T'])).toMatchObject({ format: 'bool', value: true });
    expect(() => parseMoSerializationJson(text.replace('"42"', '"4x"'), { formatOf: hook })).toThrow(/not a valid int/);
  });

  it('accepts native JSON scalars', () => {
    const [e] = parseMoSerializationJson('[{"ClientURI":"urn:oma:mo:x:1.0/m/","MOData":{"R":{"i":5,"f":1.5,"b":false,"n":null}}}]');
    expect([...(e!.node as InteriorNode).children.values()].map((n) => n.kind === 'leaf' && n.format)).toEqual(['int', 'float', 'bool', 'null']);
  });

  it.each([
    ['{}', 'must be a JSON array'],
    ['[1]', 'entry must be an object'],
    ['[{"MOData":{"R":{}}}]', 'needs a ClientURI'],
    ['[{"ClientURI":"nope","MOData":{"R":{}}}]', 'Bad ClientURI'],
    ['[{"ClientURI":"urn:oma:mo:x:1.0/m/","MOData":{}}]', 'exactly one key'],
    ['[{"ClientURI":"urn:oma:mo:x:1.0/m/","MOData":{"R":[]}}]', 'is an array'],
    ['[{"ClientURI":"urn:oma:mo:x:1.0/m/","MOData":{"R":{"__proto__":{"polluted":"1"}}}}]', 'reserved name'],
    ['[{"ClientURI":"urn:oma:mo:x:1.0/m/","MOData":{"R":{"constructor":"1"}}}]', 'reserved name'],
    ['[{"ClientURI":"urn:oma:mo:x:1.0/m/","MOData":{"R":{"a/b":"1"}}}]', 'contains /'],
    ['[{"ClientURI":"urn:oma:mo:x:1.0/m/","CV":5,"MOData":{"R":{}}}]', 'CV must be a string'],
    ['[{"ClientURI":"urn:oma:mo:x:1.0/m/","MOData":{"R":{"a":1e999}}}]', 'not finite'],
    ['[{', 'not valid JSON'],
  ])('rejects %s', (text, why) => {
    let error: unknown;
    try {
      parseMoSerializationJson(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProvisioningError);
    expect((error as ProvisioningError).code).toBe('PROTOCOL_VIOLATION');
    expect((error as ProvisioningError).message).toContain(why);
  });

  it('holds depth, node and size limits', () => {
    const deep = `[{"ClientURI":"urn:oma:mo:x:1.0/m/","MOData":{"R":${'{"a":'.repeat(100)}"v"${'}'.repeat(100)}}}]`;
    expect(() => parseMoSerializationJson(deep)).toThrow(/deeper than 64/);
    const wide = `[{"ClientURI":"urn:oma:mo:x:1.0/m/","MOData":{"R":{${Array.from({ length: 50 }, (_, i) => `"n${i}":"v"`).join(',')}}}}]`;
    expect(() => parseMoSerializationJson(wide, { limits: { maxNodes: 10 } })).toThrow(/more than 10 nodes/);
    expect(() => parseMoSerializationJson(wide, { limits: { moJsonMaxChars: 100 } })).toThrow(/exceeds the limit/);
  });

  it('leaves prototypes untouched by hostile keys', () => {
    const before = Object.getPrototypeOf({});
    expect(() => decodeMoSerialization(JSON.parse('[{"ClientURI":"urn:oma:mo:x:1.0/m/","MOData":{"__proto__":{"a":"1"}}}]'))).toThrow(ProvisioningError);
    expect(Object.getPrototypeOf({})).toBe(before);
    expect(({} as Record<string, unknown>).a).toBeUndefined();
  });
});

describe('MO serialization encode', () => {
  it('writes typed leaves as JSON strings, bin as base64 and null as null', () => {
    const [e] = parseMoSerializationJson('[{"ClientURI":"urn:oma:mo:x:1.0/m/","MOData":{"R":{"i":5,"b":true,"n":null,"c":"t"}}}]');
    expect(encodeMoSerialization([e!])).toBe('[{"ClientURI":"urn:oma:mo:x:1.0/m/","MOData":{"R":{"i":"5","b":"true","n":null,"c":"t"}}}]');
    const bin: MoEntry = { ...e!, node: { kind: 'leaf', permanent: false, format: 'bin', value: new Uint8Array([255, 0]) } };
    expect(encodeMoSerialization([bin])).toContain('"R":"/wA="');
  });

  it('round-trips the digest example byte for byte', () => {
    const compact = JSON.stringify(JSON.parse(DEVINFO));
    expect(encodeMoSerialization(parseMoSerializationJson(DEVINFO))).toBe(compact);
  });

  it('property: encodeTree then decode and apply gives back the same tree data', () => {
    fc.assert(
      fc.property(treeArb, (tree) => {
        const text = encodeTree(tree);
        const entries = parseMoSerializationJson(text, { formatOf: formatsFrom(tree) });
        const applied = applyMoEntries(emptyTree(), entries, { creator: { kind: 'local' } });
        expect(applied.status).toBe('ok');
        if (applied.status !== 'ok') return;
        const back = allInstances(applied.value.tree);
        const orig = allInstances(tree);
        expect(back.map((i) => [i.moid, i.miid, i.rootName, i.cv])).toEqual(orig.map((i) => [i.moid, i.miid, i.rootName, i.cv]));
        back.forEach((i, k) => expect(i.root).toEqual(unpermanent(orig[k]!.root)));
        // JSON objects are unordered (integer-like keys come first once parsed): compare as data.
        expect(JSON.parse(encodeTree(applied.value.tree))).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('includes CV only for instance-root entries', () => {
    const [e] = parseMoSerializationJson(DEVINFO);
    const applied = applyMoEntries(emptyTree(), [e!], { creator: { kind: 'local' } });
    if (applied.status !== 'ok') throw new Error(applied.detail);
    const inst = allInstances(applied.value.tree)[0]!;
    expect(instanceEntry(inst).cv).toBe('e3b0c442');
  });
});
