import { describe, expect, test } from 'vitest';
import { findNode, listNodes, moidOf, topLevelUri } from '../../../../src-shared/protocol/ddf/ddf-paths.js';
import type { DdfDocument, DdfNode } from '../../../../src-shared/protocol/ddf/model.js';

const n = (name: string | null, children: DdfNode[] = []): DdfNode => ({ name, children });
const doc: DdfDocument = {
  verDtd: '1.2',
  namespaces: [],
  extensions: [],
  nodes: [
    { ...n('A', [n(null, [n('x')]), n('B')]), path: './Vendor/MSFT/' },
    n('C'),
  ],
};

describe('ddf paths', () => {
  test('lists nodes depth first with their addresses and depths', () => {
    expect(listNodes(doc).map((l) => [l.uri, l.depth])).toEqual([
      ['./Vendor/MSFT/A', 0],
      ['./Vendor/MSFT/A/<x>', 1],
      ['./Vendor/MSFT/A/<x>/x', 2],
      ['./Vendor/MSFT/A/B', 1],
      ['C', 0],
    ]);
  });

  test('finds nodes by address and names the MOID', () => {
    expect(findNode(doc, './Vendor/MSFT/A/<x>/x')?.name).toBe('x');
    expect(findNode(doc, 'nope')).toBeUndefined();
    expect(topLevelUri(n('D'))).toBe('D');
    expect(moidOf(doc)).toBeUndefined();
    const withMoid: DdfDocument = {
      ...doc,
      nodes: [{ name: 'R', children: [], properties: { accessTypes: [], format: 'node', dfType: { mime: [], ddfName: 'urn:oma:mo:x:1.0' }, extensions: [] } }],
    };
    expect(moidOf(withMoid)).toBe('urn:oma:mo:x:1.0');
  });
});
