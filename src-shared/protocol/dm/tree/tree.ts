import { CREATOR_RIGHTS, CV_PREFIX, PERMANENT_NODE_STATUS } from '../decisions.js';
import { STATUS, dmOk, dmReject, type DmResult } from '../status.js';
import { attachSource, defineLazy, type MoSource } from '../lazy-source.js';
import { nameProblem } from './names.js';
import type { InteriorNode, ManagementTree, MoInstance, NodePath, Principal, Right, TreeNode } from './types.js';

/** A tree with no instances. */
export function emptyTree(): ManagementTree {
  return { instances: new Map(), revision: 0 };
}

/** Builds an interior node from (name, child) pairs. */
export function makeInterior(children: Iterable<readonly [string, TreeNode]> = [], permanent = false): InteriorNode {
  return { kind: 'interior', permanent, children: new Map(children) };
}

/** The instance (moid, miid), if present. */
export function getInstance(tree: ManagementTree, moid: string, miid: string): MoInstance | undefined {
  return tree.instances.get(moid)?.get(miid);
}

/** Instances of one MOID, in creation order. */
export function instancesOf(tree: ManagementTree, moid: string): readonly MoInstance[] {
  const m = tree.instances.get(moid);
  return m === undefined ? [] : [...m.values()];
}

/** Every instance of the tree, grouped by MOID in creation order. */
export function allInstances(tree: ManagementTree): MoInstance[] {
  const out: MoInstance[] = [];
  for (const m of tree.instances.values()) for (const i of m.values()) out.push(i);
  return out;
}

/** The node at `path` below `root`, if any. */
export function nodeAt(root: TreeNode, path: NodePath): TreeNode | undefined {
  let node: TreeNode | undefined = root;
  for (const name of path) {
    if (node === undefined || node.kind !== 'interior') return undefined;
    node = node.children.get(name);
  }
  return node;
}

/** Number of nodes in a subtree, the subtree root included. */
export function countNodes(node: TreeNode): number {
  if (node.kind === 'leaf') return 1;
  let n = 1;
  for (const c of node.children.values()) n += countNodes(c);
  return n;
}

/** True when `node` or a descendant is permanent. */
function containsPermanent(node: TreeNode): boolean {
  if (node.permanent) return true;
  if (node.kind === 'leaf') return false;
  for (const c of node.children.values()) if (containsPermanent(c)) return true;
  return false;
}

/**
 * Carries permanence from the node being replaced onto its replacement.
 *
 * Permanent nodes survive a replacement (they keep the flag) and must still be present with the
 * same kind afterwards, otherwise the replacement would delete them: 405 (digest §5.1).
 */
export function carryPermanence(old: TreeNode, next: TreeNode): DmResult<TreeNode> {
  if (old.kind !== next.kind) {
    return containsPermanent(old) ? dmReject(PERMANENT_NODE_STATUS, 'would replace a permanent node with another kind') : dmOk(next);
  }
  if (old.kind === 'leaf' || next.kind === 'leaf') {
    return dmOk(old.permanent && !next.permanent ? { ...next, permanent: true } : next);
  }
  let children: Map<string, TreeNode> | undefined;
  for (const [name, oldChild] of old.children) {
    const nextChild = next.children.get(name);
    if (nextChild === undefined) {
      if (containsPermanent(oldChild)) return dmReject(PERMANENT_NODE_STATUS, `would delete permanent node ${name}`);
      continue;
    }
    const carried = carryPermanence(oldChild, nextChild);
    if (carried.status !== 'ok') return carried;
    if (carried.value !== nextChild) (children ??= new Map(next.children)).set(name, carried.value);
  }
  if (children === undefined && (next.permanent || !old.permanent)) return dmOk(next);
  return dmOk({ kind: 'interior', permanent: old.permanent || next.permanent, children: children ?? next.children });
}

/** Returns the tree with one instance replaced (or added), bumping the revision and the cv. */
function withInstance(tree: ManagementTree, instance: MoInstance, keepCv = false): ManagementTree {
  const revision = tree.revision + 1;
  const next: MoInstance = keepCv ? instance : { ...instance, cv: `${CV_PREFIX}${revision}` };
  const byMoid = new Map(tree.instances);
  const byMiid = new Map(byMoid.get(instance.moid) ?? []);
  byMiid.set(instance.miid, next);
  byMoid.set(instance.moid, byMiid);
  return { instances: byMoid, revision };
}

/** What is needed to create an MO instance. */
export interface NewInstance {
  readonly moid: string;
  readonly miid: string;
  readonly rootName: string;
  /** The root, or a function building it on first access (with `source`, see lazy-source.ts). */
  readonly root: InteriorNode | (() => InteriorNode);
  /** The parsed JSON the lazily built root comes from. */
  readonly source?: MoSource;
  readonly creator: Principal;
  /** Cache validator to keep (e.g. from a serialization); generated when absent. */
  readonly cv?: string;
  readonly ddf?: string;
}

/**
 * Adds a new MO instance; its creator (when a server) receives full rights (digest §6.1).
 *
 * 409 when (moid, miid) already exists, 400 for a bad MIID or root name.
 */
export function createInstance(tree: ManagementTree, init: NewInstance): DmResult<ManagementTree> {
  return createInstances(tree, [init]);
}

/**
 * Adds several new MO instances at once (all or nothing), copying each MOID's index only once:
 * loading a tree file or a bootstrap of n instances costs O(n), not O(n²).
 */
export function createInstances(tree: ManagementTree, inits: readonly NewInstance[]): DmResult<ManagementTree> {
  const byMoid = new Map(tree.instances);
  const copied = new Set<string>();
  let revision = tree.revision;
  for (const init of inits) {
    const problem = nameProblem(init.miid) ?? nameProblem(init.rootName);
    if (problem !== undefined || init.moid.length === 0) return dmReject(STATUS.badRequest, `bad instance identity: ${problem ?? 'empty MOID'}`);
    let byMiid = byMoid.get(init.moid) as Map<string, MoInstance> | undefined;
    if (byMiid?.has(init.miid) === true) return dmReject(STATUS.conflict, `instance ${init.miid} of ${init.moid} exists`);
    if (byMiid === undefined || !copied.has(init.moid)) {
      byMiid = new Map(byMiid ?? []);
      byMoid.set(init.moid, byMiid);
      copied.add(init.moid);
    }
    revision++;
    const permissions = new Map<string, readonly Right[]>();
    if (init.creator.kind === 'server') permissions.set(init.creator.serverId, [...CREATOR_RIGHTS]);
    const base = {
      moid: init.moid,
      miid: init.miid,
      rootName: init.rootName,
      creator: init.creator,
      permissions,
      cv: init.cv ?? `${CV_PREFIX}${revision}`,
      ...(init.ddf === undefined ? {} : { ddf: init.ddf }),
    };
    const root = init.root;
    if (typeof root === 'function') {
      defineLazy(base, 'root', root);
      if (init.source !== undefined) attachSource(base, init.source);
      byMiid.set(init.miid, base as unknown as MoInstance);
    } else byMiid.set(init.miid, { ...base, root });
  }
  return dmOk({ instances: byMoid, revision });
}

function setIn(node: InteriorNode, path: NodePath, i: number, value: TreeNode): DmResult<InteriorNode> {
  const name = path[i]!;
  const existing = node.children.get(name);
  let replacement: TreeNode;
  if (i === path.length - 1) {
    const problem = nameProblem(name);
    if (problem !== undefined) return dmReject(STATUS.badRequest, problem);
    if (existing === undefined) replacement = value;
    else {
      const carried = carryPermanence(existing, value);
      if (carried.status !== 'ok') return carried;
      replacement = carried.value;
    }
  } else {
    if (existing === undefined) return dmReject(STATUS.notFound, `no node ${path.slice(0, i + 1).join('/')}`);
    if (existing.kind !== 'interior') return dmReject(STATUS.notFound, `${path.slice(0, i + 1).join('/')} is a leaf`);
    const inner = setIn(existing, path, i + 1, value);
    if (inner.status !== 'ok') return inner;
    replacement = inner.value;
  }
  const children = new Map(node.children);
  children.set(name, replacement);
  return dmOk({ kind: 'interior', permanent: node.permanent, children });
}

/**
 * Creates or replaces the node at `path` in an instance (an empty path replaces the root).
 *
 * The parent must exist and be interior (404 otherwise); replacing away a permanent node is 405.
 */
export function setNode(tree: ManagementTree, moid: string, miid: string, path: NodePath, node: TreeNode): DmResult<ManagementTree> {
  const instance = getInstance(tree, moid, miid);
  if (instance === undefined) return dmReject(STATUS.notFound, `no instance ${miid} of ${moid}`);
  let root: InteriorNode;
  if (path.length === 0) {
    if (node.kind !== 'interior') return dmReject(STATUS.badRequest, 'an instance root must be an interior node');
    const carried = carryPermanence(instance.root, node);
    if (carried.status !== 'ok') return carried;
    root = carried.value as InteriorNode;
  } else {
    const r = setIn(instance.root, path, 0, node);
    if (r.status !== 'ok') return r;
    root = r.value;
  }
  return dmOk(withInstance(tree, { ...instance, root }));
}

function deleteIn(node: InteriorNode, path: NodePath, i: number): DmResult<InteriorNode> {
  const name = path[i]!;
  const existing = node.children.get(name);
  if (existing === undefined) return dmReject(STATUS.notFound, `no node ${path.slice(0, i + 1).join('/')}`);
  const children = new Map(node.children);
  if (i === path.length - 1) {
    if (existing.permanent) return dmReject(PERMANENT_NODE_STATUS, `${path.join('/')} is permanent`);
    children.delete(name);
  } else {
    if (existing.kind !== 'interior') return dmReject(STATUS.notFound, `${path.slice(0, i + 1).join('/')} is a leaf`);
    const inner = deleteIn(existing, path, i + 1);
    if (inner.status !== 'ok') return inner;
    children.set(name, inner.value);
  }
  return dmOk({ kind: 'interior', permanent: node.permanent, children });
}

/**
 * Deletes the node at `path` with its descendants; an empty path deletes the whole instance.
 *
 * 404 when absent; 405 when the node itself is permanent (permanent descendants of a dynamic node
 * go with it, digest §5.1).
 */
export function deleteNode(tree: ManagementTree, moid: string, miid: string, path: NodePath): DmResult<ManagementTree> {
  const instance = getInstance(tree, moid, miid);
  if (instance === undefined) return dmReject(STATUS.notFound, `no instance ${miid} of ${moid}`);
  if (path.length === 0) {
    if (instance.root.permanent) return dmReject(PERMANENT_NODE_STATUS, 'instance root is permanent');
    const byMoid = new Map(tree.instances);
    const byMiid = new Map(byMoid.get(moid));
    byMiid.delete(miid);
    if (byMiid.size === 0) byMoid.delete(moid);
    else byMoid.set(moid, byMiid);
    return dmOk({ instances: byMoid, revision: tree.revision + 1 });
  }
  const r = deleteIn(instance.root, path, 0);
  if (r.status !== 'ok') return r;
  return dmOk(withInstance(tree, { ...instance, root: r.value }));
}

/** Sets (or, with no rights, removes) one server's rights on an instance. 404 when absent. */
export function setPermissions(tree: ManagementTree, moid: string, miid: string, serverId: string, rights: readonly Right[]): DmResult<ManagementTree> {
  const instance = getInstance(tree, moid, miid);
  if (instance === undefined) return dmReject(STATUS.notFound, `no instance ${miid} of ${moid}`);
  const permissions = new Map(instance.permissions);
  if (rights.length === 0) permissions.delete(serverId);
  else permissions.set(serverId, [...new Set(rights)]);
  return dmOk(withInstance(tree, { ...instance, permissions }, true));
}

/** The MIID a client assigns to a new instance of `moid`: the smallest free positive integer. */
export function assignMiid(tree: ManagementTree, moid: string): string {
  const used = tree.instances.get(moid);
  let n = 1;
  while (used?.has(String(n))) n++;
  return String(n);
}
