import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProvisioningError } from '../../../../../src-shared/errors/index.js';
import { dmReject } from '../../../../../src-shared/protocol/dm/status.js';
import { TreeStore } from '../../../../../src-shared/protocol/dm/tree/transaction.js';
import { allInstances, deleteNode, setNode } from '../../../../../src-shared/protocol/dm/tree/tree.js';
import { encodeTree } from '../../../../../src-shared/protocol/dm/serialization.js';
import { MOIDS, NAMES, nodeArb, treeArb } from '../arbitraries.js';

const opArb = fc.tuple(fc.constantFrom('set', 'delete'), fc.constantFrom(...MOIDS), fc.constantFrom('m1', 'm2', 'm3'), fc.array(fc.constantFrom(...NAMES), { maxLength: 2 }), nodeArb);

describe('TreeStore transactions', () => {
  it('property: rollback (explicit or after a failing step) leaves the tree unchanged', () => {
    fc.assert(
      fc.property(treeArb, fc.array(opArb, { maxLength: 8 }), fc.boolean(), (tree, ops, explicit) => {
        const store = new TreeStore(tree);
        const before = encodeTree(store.tree);
        const r = store.transact((tx) => {
          for (const [kind, moid, miid, path, node] of ops) {
            if (kind === 'set') tx.step((t) => setNode(t, moid, miid, path, node));
            else tx.step((t) => deleteNode(t, moid, miid, path));
          }
          return explicit ? dmReject(500, 'abandon') : dmReject(404, 'a later step failed');
        });
        expect(r.status).toBe('rejected');
        expect(store.tree).toBe(tree);
        expect(encodeTree(store.tree)).toBe(before);
      }),
      { numRuns: 300 },
    );
  });

  it('commits staged steps and hides them from readers until then', () => {
    const store = new TreeStore({ instances: new Map(), revision: 0 });
    fc.assert(
      fc.property(treeArb, (tree) => {
        const s = new TreeStore(tree);
        const tx = s.begin();
        for (const inst of allInstances(tree)) tx.step((t) => deleteNode(t, inst.moid, inst.miid, []));
        expect(s.tree).toBe(tree);
        tx.commit();
        expect(allInstances(s.tree)).toEqual([]);
      }),
      { numRuns: 100 },
    );
    expect(store.tree.revision).toBe(0);
  });

  it('rolls back and rethrows when the body throws; refuses nested and finished transactions', () => {
    const store = new TreeStore({ instances: new Map(), revision: 0 });
    expect(() =>
      store.transact(() => {
        throw new ProvisioningError('INTERNAL', 'boom');
      }),
    ).toThrow('boom');
    const tx = store.begin();
    expect(() => store.begin()).toThrow(/already open/);
    tx.rollback();
    expect(() => tx.commit()).toThrow(/already finished/);
    expect(() => store.begin().rollback()).not.toThrow();
  });
});
