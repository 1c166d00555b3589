import fc from 'fast-check';
import {
  createInstance,
  emptyTree,
  makeInterior,
  makeLeaf,
  type ClientUri,
  type InteriorNode,
  type LeafValue,
  type ManagementTree,
  type NvCondition,
  type PathSegment,
  type TreeNode,
} from '../../../../src-shared/protocol/dm/index.js';

/** Small name alphabet so random URIs hit real nodes. */
export const NAMES = ['a', 'b', 'ID', '1', '2'] as const;
/** Small value alphabet so nv conditions sometimes hold. */
export const VALUES = ['x', 'y', 'GPS'] as const;
/** MOIDs used by the generators. */
export const MOIDS = ['urn:oma:mo:ex-a:1.0', 'urn:oma:mo:ex-b:1.0'] as const;

/** Any leaf value, every format. */
export const leafValueArb: fc.Arbitrary<LeafValue> = fc.oneof(
  fc.constantFrom(...VALUES).map((value) => ({ format: 'chr', value }) as const),
  fc.string({ maxLength: 8 }).map((value) => ({ format: 'chr', value }) as const),
  fc.constantFrom('date', 'time', 'b64', 'xml').chain((format) => fc.string({ maxLength: 6 }).map((value) => ({ format, value }) as LeafValue)),
  fc.integer({ min: -1e6, max: 1e6 }).map((value) => ({ format: 'int', value }) as const),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => ({ format: 'float', value: value === 0 ? 0 : value }) as const),
  fc.boolean().map((value) => ({ format: 'bool', value }) as const),
  fc.uint8Array({ maxLength: 8 }).map((value) => ({ format: 'bin', value }) as const),
  fc.constant({ format: 'null', value: null } as const),
);

/** Random subtrees over {@link NAMES}. */
export const nodeArb: fc.Arbitrary<TreeNode> = fc.letrec<{ node: TreeNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(leafValueArb, fc.boolean()).map(([v, p]) => makeLeaf(v, p)),
    fc
      .uniqueArray(fc.tuple(fc.constantFrom(...NAMES), tie('node')), { selector: (t) => t[0], maxLength: 4 })
      .chain((children) => fc.boolean().map((p) => makeInterior(children, p))),
  ),
})).node;

/** Random interior roots. */
export const rootArb: fc.Arbitrary<InteriorNode> = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...NAMES), nodeArb), { selector: (t) => t[0], maxLength: 4 })
  .map((children) => makeInterior(children));

/** Random trees of up to six instances. */
export const treeArb: fc.Arbitrary<ManagementTree> = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...MOIDS), fc.constantFrom('m1', 'm2', 'm3'), rootArb), { selector: (t) => `${t[0]}|${t[1]}`, maxLength: 6 })
  .map((rows) => {
    let tree = emptyTree();
    for (const [moid, miid, root] of rows) {
      const r = createInstance(tree, { moid, miid, rootName: 'Root', root, creator: { kind: 'local' } });
      if (r.status !== 'ok') throw new Error(r.detail);
      tree = r.value;
    }
    return tree;
  });

const relPathArb = fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 2 });
const condsArb = (xname: string) => fc.array(fc.tuple(relPathArb, fc.constantFrom(...VALUES)).map(([relPath, value]): NvCondition => ({ xname, relPath, value })), { minLength: 1, maxLength: 2 });

/** Random ClientURIs over the same alphabets (valid by construction). */
export const clientUriArb: fc.Arbitrary<ClientUri> = fc
  .tuple(
    fc.constantFrom(...MOIDS),
    fc.constantFrom('miid', 'single', 'all', 'xname'),
    fc.constantFrom('m1', 'm2', 'm3'),
    fc.array(fc.constantFrom('name', 'all', 'xname'), { maxLength: 3 }),
    fc.array(fc.constantFrom(...NAMES), { minLength: 3, maxLength: 3 }),
    fc.option(fc.stringMatching(/^[A-Za-z0-9]{1,6}$/), { nil: undefined }),
  )
  .chain(([moid, instKind, miid, segKinds, segNames, cv]) => {
    const letters = ['x', 'y', 'z', 'w'];
    let next = 0;
    const xnames: string[] = [];
    const take = () => {
      const l = letters[next++]!;
      xnames.push(l);
      return l;
    };
    const instance = instKind === 'miid' ? ({ kind: 'miid', miid } as const) : instKind === 'xname' ? ({ kind: 'xname', name: take() } as const) : ({ kind: instKind } as const);
    const path: PathSegment[] = segKinds.map((k, i) => (k === 'name' ? { kind: 'name', name: segNames[i]! } : k === 'xname' ? { kind: 'xname', name: take() } : { kind: 'all' }));
    return fc.tuple(...xnames.map(condsArb)).map((conds): ClientUri => {
      const nv = conds.flat();
      return cv === undefined ? { moid, instance, path, nv } : { moid, instance, path, nv, cv };
    });
  });
