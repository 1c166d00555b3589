import { createInstance, emptyTree, makeInterior, makeLeaf, type InteriorNode, type ManagementTree, type Principal, type TreeNode } from '../../../../src-shared/protocol/dm/index.js';

/** Plain description of a subtree for tests: strings become chr leaves, objects interior nodes. */
export type Plain = string | { readonly [name: string]: Plain };

/** Builds a node from a plain description. */
export function nodeOf(plain: Plain): TreeNode {
  if (typeof plain === 'string') return makeLeaf({ format: 'chr', value: plain });
  return makeInterior(Object.entries(plain).map(([k, v]) => [k, nodeOf(v)] as const));
}

/** Builds a tree from `[moid, miid, rootName, plain]` rows, all created by `creator`. */
export function treeOf(rows: ReadonlyArray<readonly [string, string, string, { readonly [name: string]: Plain }]>, creator: Principal = { kind: 'local' }): ManagementTree {
  let tree = emptyTree();
  for (const [moid, miid, rootName, plain] of rows) {
    const r = createInstance(tree, { moid, miid, rootName, root: nodeOf(plain) as InteriorNode, creator });
    if (r.status !== 'ok') throw new Error(r.detail);
    tree = r.value;
  }
  return tree;
}

/** The digest §4.1 worked-example MO with instances `left` and `right`. */
export const SENSOR = 'urn:oma:mo:ex-sensor:1.0';

/** The worked-example tree. */
export function sensorTree(): ManagementTree {
  return treeOf([
    [SENSOR, 'left', 'Sensor', { ID: 'GPS', Setting: '0xA1', Data: { 1: { Date: '12.1', Value: 'l1' }, 2: { Date: '12.2', Value: 'l2' } } }],
    [SENSOR, 'right', 'Sensor', { ID: 'Temp', Setting: '0xB2', Data: { 1: { Date: '12.1', Value: 'r1' }, 2: { Date: '12.3', Value: 'r2' } } }],
  ]);
}
