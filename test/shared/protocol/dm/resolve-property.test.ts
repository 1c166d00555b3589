import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatClientUri, parseClientUri, type ClientUri, type NvCondition } from '../../../../src-shared/protocol/dm/client-uri.js';
import { resolveClientUri } from '../../../../src-shared/protocol/dm/resolve.js';
import { instancesOf, nodeAt } from '../../../../src-shared/protocol/dm/tree/tree.js';
import type { ManagementTree, TreeNode } from '../../../../src-shared/protocol/dm/tree/types.js';
import { leafText } from '../../../../src-shared/protocol/dm/tree/values.js';
import { clientUriArb, treeArb } from './arbitraries.js';

/** Every node path of a subtree, root (empty path) included. */
function allPaths(node: TreeNode, prefix: string[] = []): string[][] {
  const out = [prefix];
  if (node.kind === 'interior') for (const [n, c] of node.children) out.push(...allPaths(c, [...prefix, n]));
  return out;
}

function condsHold(node: TreeNode | undefined, conds: readonly NvCondition[]): boolean {
  return (
    node !== undefined &&
    conds.every((c) => {
      const n = nodeAt(node, c.relPath);
      return n?.kind === 'leaf' && leafText(n) === c.value;
    })
  );
}

/** Brute force: test every node of every instance of the MOID against the URI, one by one. */
function reference(tree: ManagementTree, uri: ClientUri): string[] | 400 | 404 {
  const instances = instancesOf(tree, uri.moid);
  if (uri.instance.kind === 'single' && instances.length > 1) return 400;
  const out: string[] = [];
  for (const inst of instances) {
    const sel = uri.instance;
    const instOk =
      sel.kind === 'miid' ? inst.miid === sel.miid : sel.kind === 'xname' ? condsHold(inst.root, uri.nv.filter((c) => c.xname === sel.name)) : true;
    if (!instOk) continue;
    for (const path of allPaths(inst.root)) {
      if (path.length !== uri.path.length) continue;
      const ok = uri.path.every((seg, i) => {
        if (seg.kind === 'all') return true;
        if (seg.kind === 'name') return seg.name === path[i];
        return condsHold(nodeAt(inst.root, path.slice(0, i + 1)), uri.nv.filter((c) => c.xname === seg.name));
      });
      if (ok) out.push([inst.moid, inst.miid, ...path].join('/'));
    }
  }
  return out.length === 0 ? 404 : out.sort();
}

describe('ClientURI properties', () => {
  it('parse ∘ format is the identity on ASTs, and format ∘ parse on formatted text', () => {
    fc.assert(
      fc.property(clientUriArb, (uri) => {
        const text = formatClientUri(uri);
        expect(parseClientUri(text)).toEqual(uri);
        expect(formatClientUri(parseClientUri(text))).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('resolution agrees with a brute-force reference on random trees', () => {
    fc.assert(
      fc.property(treeArb, clientUriArb, (tree, uri) => {
        const r = resolveClientUri(tree, uri);
        const got = r.status === 'ok' ? r.value.map((t) => [t.instance.moid, t.instance.miid, ...t.path].join('/')).sort() : r.code;
        expect(got).toEqual(reference(tree, uri));
      }),
      { numRuns: 3000 },
    );
  });
});
