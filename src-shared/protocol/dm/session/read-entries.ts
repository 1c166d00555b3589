/**
 * Turns resolved targets into the MO serialization a server may read (GET, HPUT, HPOST, SUB):
 * DMAcc secrets ("No Get" leaves) are cut out, and a target that is itself a secret is dropped.
 */
import { STANDARD_MOIDS } from '../mo-ids.js';
import type { ResolvedTarget } from '../resolve.js';
import { targetEntry, type MoEntry } from '../serialization.js';
import type { TreeNode } from '../tree/types.js';
import { SECRET_LEAF_PATHS } from './session-decisions.js';

function without(node: TreeNode, rest: readonly string[]): TreeNode {
  if (node.kind !== 'interior' || rest.length === 0) return node;
  const [head, ...tail] = rest;
  const child = node.children.get(head!);
  if (child === undefined) return node;
  const children = new Map(node.children);
  if (tail.length === 0) children.delete(head!);
  else children.set(head!, without(child, tail));
  return { kind: 'interior', permanent: node.permanent, children };
}

function isPrefix(prefix: readonly string[], path: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => path[i] === p);
}

/** The readable entry of a target, or undefined when the target is (inside) a secret. */
export function readableEntry(target: ResolvedTarget): MoEntry | undefined {
  if (target.instance.moid !== STANDARD_MOIDS.dmAcc) return targetEntry(target);
  let node = target.node;
  for (const secret of SECRET_LEAF_PATHS) {
    if (isPrefix(secret, target.path)) return undefined;
    if (isPrefix(target.path, secret)) node = without(node, secret.slice(target.path.length));
  }
  return targetEntry({ ...target, node });
}

/** Readable entries of all targets (secrets dropped). */
export function readableEntries(targets: readonly ResolvedTarget[]): MoEntry[] {
  const out: MoEntry[] = [];
  for (const t of targets) {
    const e = readableEntry(t);
    if (e !== undefined) out.push(e);
  }
  return out;
}
