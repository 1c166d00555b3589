import type { ClientUri, NvCondition } from './client-uri.js';
import { AMBIGUOUS_INSTANCE_STATUS, NOT_FOUND_STATUS } from './decisions.js';
import { dmOk, dmReject, type DmResult } from './status.js';
import { getInstance, instancesOf, nodeAt } from './tree/tree.js';
import type { ManagementTree, MoInstance, TreeNode } from './tree/types.js';
import { leafText } from './tree/values.js';

/** One concrete node a ClientURI resolved to. */
export interface ResolvedTarget {
  readonly instance: MoInstance;
  /** Concrete node path below the instance root (empty for the root itself). */
  readonly path: readonly string[];
  readonly node: TreeNode;
}

/** Options for {@link resolveClientUri}. */
export interface ResolveOptions {
  /**
   * Instances the caller may see (e.g. those a server has rights on); others are treated as
   * absent by `*`, `(x)` and empty mo-inst, but an explicit MIID still resolves (so the access
   * check can answer 403 rather than 404).
   */
  readonly visible?: (instance: MoInstance) => boolean;
}

/** True when every condition holds for `node`: the node at relPath is a leaf whose text equals value. */
function holds(node: TreeNode, conditions: readonly NvCondition[]): boolean {
  for (const c of conditions) {
    const n = nodeAt(node, c.relPath);
    if (n === undefined || n.kind !== 'leaf' || leafText(n) !== c.value) return false;
  }
  return true;
}

/**
 * Resolves a parsed ClientURI against a tree into concrete nodes (digest §4.1, Appendix E).
 *
 * x-names bind to instances or children that satisfy all their `nv` conditions (AND), `*` expands
 * to every instance or child, an empty mo-inst needs exactly one (visible) instance. Nothing
 * resolved → 404; empty mo-inst with several instances → 400. `cv` is not evaluated here (see
 * {@link isCacheValid}).
 */
export function resolveClientUri(tree: ManagementTree, uri: ClientUri, options: ResolveOptions = {}): DmResult<readonly ResolvedTarget[]> {
  const visible = options.visible ?? (() => true);
  const conditionsOf = (x: string) => uri.nv.filter((c) => c.xname === x);
  let instances: readonly MoInstance[];
  const sel = uri.instance;
  if (sel.kind === 'miid') {
    const one = getInstance(tree, uri.moid, sel.miid);
    instances = one === undefined ? [] : [one];
  } else {
    const candidates = instancesOf(tree, uri.moid).filter(visible);
    if (sel.kind === 'single') {
      if (candidates.length > 1) return dmReject(AMBIGUOUS_INSTANCE_STATUS, `${uri.moid} has ${candidates.length} instances; empty mo-inst needs exactly one`);
      instances = candidates;
    } else if (sel.kind === 'all') instances = candidates;
    else {
      const conds = conditionsOf(sel.name);
      instances = candidates.filter((i) => holds(i.root, conds));
    }
  }
  const out: ResolvedTarget[] = [];
  const segments = uri.path;
  const walk = (instance: MoInstance, node: TreeNode, i: number, path: string[]): void => {
    if (i === segments.length) {
      out.push({ instance, path: [...path], node });
      return;
    }
    if (node.kind !== 'interior') return;
    const seg = segments[i]!;
    if (seg.kind === 'name') {
      const child = node.children.get(seg.name);
      if (child === undefined) return;
      path.push(seg.name);
      walk(instance, child, i + 1, path);
      path.pop();
      return;
    }
    const conds = seg.kind === 'xname' ? conditionsOf(seg.name) : [];
    for (const [name, child] of node.children) {
      if (conds.length > 0 && !holds(child, conds)) continue;
      path.push(name);
      walk(instance, child, i + 1, path);
      path.pop();
    }
  };
  for (const instance of instances) walk(instance, instance.root, 0, []);
  if (out.length === 0) return dmReject(NOT_FOUND_STATUS, 'ClientURI resolves to no node');
  return dmOk(out);
}

/** True when the ClientURI carries a `cv` equal to the instance's current cache validator (→ 304). */
export function isCacheValid(uri: ClientUri, instance: MoInstance): boolean {
  return uri.cv !== undefined && uri.cv === instance.cv;
}
