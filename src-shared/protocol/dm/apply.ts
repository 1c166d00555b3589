import { concreteClientUri } from './client-uri.js';
import { AMBIGUOUS_INSTANCE_STATUS } from './decisions.js';
import { resolveClientUri, type ResolveOptions } from './resolve.js';
import { isInteriorEntry, type MoEntry } from './serialization.js';
import { sourceOf } from './lazy-source.js';
import { STATUS, dmOk, dmReject, type DmResult } from './status.js';
import { assignMiid, createInstance, createInstances, getInstance, instancesOf, setNode, type NewInstance } from './tree/tree.js';
import type { InteriorNode, ManagementTree, Principal } from './tree/types.js';

/** Options for {@link applyMoEntries}. */
export interface ApplyOptions {
  /** Recorded as creator of new instances (gets full rights when a server). */
  readonly creator: Principal;
  /** Picks the MIID of an instance the client creates. @default smallest free integer */
  readonly assignMiid?: (tree: ManagementTree, moid: string) => string;
  /** Limits `*`/`(x)`/empty mo-inst to instances the writer may see. */
  readonly visible?: ResolveOptions['visible'];
}

/** What applying entries did: the new tree and the concrete ClientURIs written (for Status `URI`). */
export interface Applied {
  readonly tree: ManagementTree;
  readonly uris: readonly string[];
}

function newInstanceOf(entry: MoEntry, miid: string, options: ApplyOptions): NewInstance {
  const source = sourceOf(entry);
  return {
    moid: entry.clientUri.moid,
    miid,
    rootName: entry.name,
    ...(source === undefined ? { root: entry.node as InteriorNode } : { root: () => entry.node as InteriorNode, source }),
    creator: options.creator,
    ...(entry.cv === undefined ? {} : { cv: entry.cv }),
    ...(entry.ddf === undefined ? {} : { ddf: entry.ddf }),
  };
}

function createFrom(tree: ManagementTree, entry: MoEntry, miid: string, options: ApplyOptions): DmResult<Applied> {
  if (entry.node.kind !== 'interior') return dmReject(STATUS.badRequest, 'a new MO instance needs an interior root');
  const r = createInstance(tree, newInstanceOf(entry, miid, options));
  return r.status === 'ok' ? dmOk({ tree: r.value, uris: [concreteClientUri(entry.clientUri.moid, miid, [])] }) : r;
}

/**
 * Writes one MO serialization entry into a tree: the data an HGET fetched, or one element of a
 * bootstrap or tree file (digest §3.1, §5.3).
 *
 * An instance-root ClientURI with an unknown MIID creates the instance; an empty mo-inst with no
 * instance creates one with a client-assigned MIID; otherwise the entry replaces the addressed
 * node(s), `*` and `(x)` included. A non-root write must name the addressed node in MOData (400
 * otherwise). Missing parents → 404, permanent nodes → 405.
 */
export function applyMoEntry(tree: ManagementTree, entry: MoEntry, options: ApplyOptions): DmResult<Applied> {
  const uri = entry.clientUri;
  if (uri.path.length === 0 && uri.instance.kind === 'miid' && getInstance(tree, uri.moid, uri.instance.miid) === undefined) {
    return createFrom(tree, entry, uri.instance.miid, options);
  }
  if (uri.path.length === 0 && uri.instance.kind === 'single') {
    const existing = instancesOf(tree, uri.moid).filter(options.visible ?? (() => true));
    if (existing.length === 0) return createFrom(tree, entry, (options.assignMiid ?? assignMiid)(tree, uri.moid), options);
    if (existing.length > 1) return dmReject(AMBIGUOUS_INSTANCE_STATUS, `${uri.moid} has several instances`);
  }
  const last = uri.path[uri.path.length - 1];
  if (last !== undefined && last.kind === 'name' && last.name !== entry.name) {
    return dmReject(STATUS.badRequest, `MOData key ${entry.name} does not match the addressed node ${last.name}`);
  }
  // Writing may create the addressed node, so resolve its parent and write below each match.
  const parentUri = last !== undefined && last.kind === 'name' ? { ...uri, path: uri.path.slice(0, -1) } : uri;
  const resolved = resolveClientUri(tree, parentUri, options.visible === undefined ? {} : { visible: options.visible });
  if (resolved.status !== 'ok') return resolved;
  let next = tree;
  const uris: string[] = [];
  for (const target of resolved.value) {
    const path = parentUri === uri ? target.path : [...target.path, entry.name];
    const r = setNode(next, target.instance.moid, target.instance.miid, path, entry.node);
    if (r.status !== 'ok') return r;
    next = r.value;
    uris.push(concreteClientUri(target.instance.moid, target.instance.miid, path));
  }
  return dmOk({ tree: next, uris });
}

/** Applies entries in order, all or nothing: the first rejection is returned and no change is kept. */
export function applyMoEntries(tree: ManagementTree, entries: readonly MoEntry[], options: ApplyOptions): DmResult<Applied> {
  let next = tree;
  const uris: string[] = [];
  // Runs of plain instance creations are batched (one index copy per MOID instead of one per instance).
  let pending: NewInstance[] = [];
  const pendingKeys = new Set<string>();
  const flush = (): DmResult<ManagementTree> => {
    if (pending.length === 0) return dmOk(next);
    const r = createInstances(next, pending);
    pending = [];
    pendingKeys.clear();
    return r;
  };
  for (const entry of entries) {
    const uri = entry.clientUri;
    const key = `${uri.moid}\u0000${uri.instance.kind === 'miid' ? uri.instance.miid : ''}`;
    if (uri.path.length === 0 && uri.instance.kind === 'miid' && isInteriorEntry(entry) && !pendingKeys.has(key) && getInstance(next, uri.moid, uri.instance.miid) === undefined) {
      pending.push(newInstanceOf(entry, uri.instance.miid, options));
      pendingKeys.add(key);
      uris.push(concreteClientUri(uri.moid, uri.instance.miid, []));
      continue;
    }
    const flushed = flush();
    if (flushed.status !== 'ok') return flushed;
    next = flushed.value;
    const r = applyMoEntry(next, entry, options);
    if (r.status !== 'ok') return r;
    next = r.value.tree;
    uris.push(...r.value.uris);
  }
  const flushed = flush();
  if (flushed.status !== 'ok') return flushed;
  return dmOk({ tree: flushed.value, uris });
}
