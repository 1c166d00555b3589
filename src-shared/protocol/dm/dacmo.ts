import { DACMO_MIID } from './decisions.js';
import { STANDARD_MOIDS } from './mo-ids.js';
import type { MoEntry } from './serialization.js';
import { STATUS, dmOk, dmReject, type DmResult } from './status.js';
import { allInstances, getInstance, makeInterior, nodeAt, setPermissions } from './tree/tree.js';
import { RIGHTS, type InteriorNode, type ManagementTree, type MoInstance, type Right, type TreeNode } from './tree/types.js';
import { makeLeaf } from './tree/values.js';

/**
 * The Delegation Access Control MO view (`urn:oma:mo:oma-dm-dacmo:1.0`).
 *
 * The real node layout is UNKNOWN (digest §6.3, §11.4). Ours, one instance `dacmo`, root `DACMO`:
 *
 * ```
 * DACMO/<n>/MOID              chr   MOID of a protected instance
 *          /MIID              chr   its MIID
 *          /Creator           chr   SrvID of the creator, or "local"
 *          /Perm/<m>/SrvID    chr   a server with rights on it
 *                   /Rights   chr   rights joined by "+", e.g. "Read+Write" ("" revokes on write)
 * ```
 * A server sees entries for the instances it has any right on; it sees every server's `Perm`
 * only where it holds Delegate, otherwise only its own. `<n>` and `<m>` are ordinals; writes
 * identify instances and servers by the MOID/MIID/SrvID leaves, not by those names.
 */
export const DACMO_ROOT_NAME = 'DACMO';

const chr = (value: string) => makeLeaf({ format: 'chr', value });

function entryNode(instance: MoInstance, viewer: string): InteriorNode {
  const mine = instance.permissions.get(viewer) ?? [];
  const perms = [...instance.permissions].filter(([srv]) => mine.includes('Delegate') || srv === viewer);
  const perm = makeInterior(perms.map(([srv, rights], m) => [String(m + 1), makeInterior([['SrvID', chr(srv)], ['Rights', chr(rights.join('+'))]])] as const));
  const creator = instance.creator.kind === 'server' ? instance.creator.serverId : 'local';
  return makeInterior([['MOID', chr(instance.moid)], ['MIID', chr(instance.miid)], ['Creator', chr(creator)], ['Perm', perm]]);
}

/** The DACMO instance as `viewer` sees it (virtual: built from the tree's permissions). */
export function dacmoView(tree: ManagementTree, viewer: string): MoInstance {
  const entries = allInstances(tree).filter((i) => i.moid !== STANDARD_MOIDS.dacmo && (i.permissions.get(viewer)?.length ?? 0) > 0);
  const root = makeInterior(entries.map((i, n) => [String(n + 1), entryNode(i, viewer)] as const));
  return {
    moid: STANDARD_MOIDS.dacmo,
    miid: DACMO_MIID,
    rootName: DACMO_ROOT_NAME,
    root,
    creator: { kind: 'local' },
    permissions: new Map([[viewer, ['Read', 'Write'] as Right[]]]),
    cv: `d${tree.revision}`,
  };
}

/** The tree plus the viewer's DACMO view, so GET/HPUT on the DACMO resolve like any MO. */
export function withDacmoView(tree: ManagementTree, viewer: string): ManagementTree {
  const byMoid = new Map(tree.instances);
  byMoid.set(STANDARD_MOIDS.dacmo, new Map([[DACMO_MIID, dacmoView(tree, viewer)]]));
  return { instances: byMoid, revision: tree.revision };
}

/**
 * Sets `toServer`'s rights on an instance on behalf of `actor` (the Delegate right, digest §6.1).
 *
 * The actor needs Delegate on the instance and may grant only rights it holds itself; it cannot
 * change its own rights or the creator's. An empty list revokes. 404 / 403 as data.
 */
export function delegate(tree: ManagementTree, actor: string, moid: string, miid: string, toServer: string, rights: readonly Right[]): DmResult<ManagementTree> {
  const instance = getInstance(tree, moid, miid);
  if (instance === undefined) return dmReject(STATUS.notFound, `no instance ${miid} of ${moid}`);
  const own = instance.permissions.get(actor) ?? [];
  if (!own.includes('Delegate')) return dmReject(STATUS.forbidden, `no Delegate right on ${moid}/${miid}`);
  if (toServer === actor) return dmReject(STATUS.forbidden, 'a server cannot change its own rights');
  if (instance.creator.kind === 'server' && instance.creator.serverId === toServer) return dmReject(STATUS.forbidden, "the creator's rights cannot be changed");
  const beyond = rights.find((r) => !own.includes(r));
  if (beyond !== undefined) return dmReject(STATUS.forbidden, `cannot grant ${beyond}, which the delegator does not hold`);
  return setPermissions(tree, moid, miid, toServer, rights);
}

function text(node: TreeNode | undefined): string | undefined {
  return node?.kind === 'leaf' && typeof node.value === 'string' ? node.value : undefined;
}

function parseRights(value: string): Right[] | undefined {
  if (value === '') return [];
  const parts = value.split('+');
  return parts.every((p) => (RIGHTS as readonly string[]).includes(p)) ? (parts as Right[]) : undefined;
}

/** One grant read from a DACMO entry node. */
interface Grant {
  readonly moid: string;
  readonly miid: string;
  readonly server: string;
  readonly rights: readonly Right[];
}

function grantsOf(entry: TreeNode): Grant[] | string {
  if (entry.kind !== 'interior') return 'DACMO entry must be an interior node';
  const moid = text(entry.children.get('MOID'));
  const miid = text(entry.children.get('MIID'));
  if (moid === undefined || miid === undefined) return 'DACMO entry needs MOID and MIID leaves';
  const perm = entry.children.get('Perm');
  if (perm === undefined || perm.kind !== 'interior') return 'DACMO entry needs a Perm node';
  const out: Grant[] = [];
  for (const p of perm.children.values()) {
    const server = text(nodeAt(p, ['SrvID']));
    const rightsText = text(nodeAt(p, ['Rights']));
    const rights = rightsText === undefined ? undefined : parseRights(rightsText);
    if (server === undefined || server === '' || rights === undefined) return 'DACMO Perm entry needs SrvID and valid Rights';
    out.push({ moid, miid, server, rights });
  }
  return out;
}

/**
 * Applies a write to the DACMO (an HGET whose data targets it) as `actor`: every grant is a
 * {@link delegate} call; the first refusal rejects the whole write (all or nothing). Entries may
 * address the DACMO root (children are `<n>` entries) or one `<n>` entry. Creator and other
 * leaves of the entries are ignored.
 */
export function applyDacmoWrite(tree: ManagementTree, actor: string, entries: readonly MoEntry[]): DmResult<ManagementTree> {
  let next = tree;
  for (const e of entries) {
    if (e.clientUri.moid !== STANDARD_MOIDS.dacmo) return dmReject(STATUS.badRequest, 'not a DACMO entry');
    const isRoot = e.clientUri.path.length === 0;
    if (e.clientUri.path.length > 1) return dmReject(STATUS.badRequest, 'DACMO writes address the root or one <n> entry');
    if (e.node.kind !== 'interior') return dmReject(STATUS.badRequest, 'DACMO data must be an interior node');
    const nodes = isRoot ? [...e.node.children.values()] : [e.node];
    for (const n of nodes) {
      const grants = grantsOf(n);
      if (typeof grants === 'string') return dmReject(STATUS.badRequest, grants);
      for (const g of grants) {
        const r = delegate(next, actor, g.moid, g.miid, g.server, g.rights);
        if (r.status !== 'ok') return r;
        next = r.value;
      }
    }
  }
  return dmOk(next);
}
