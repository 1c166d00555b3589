/**
 * Turns a pending change set into the exact diff a preview shows (old → new per node, permission
 * changes), or the problems that keep it from being applied. Runs in the renderer (inline) and at
 * the station (authoritative, before a preview token is issued).
 */
import { MASK, type DeviceTree, type EditProblem, type InstanceAcl, type TreeDiffEntry, type TreeEdit, type TreeRow } from './tree-schema.js';
import { valueProblem } from './value-rules.js';

/** The outcome of {@link planEdits}. */
export type EditPlan = { readonly ok: true; readonly diff: readonly TreeDiffEntry[] } | { readonly ok: false; readonly problems: readonly EditProblem[] };

/** Rows by ClientURI. */
export function rowsByUri(tree: DeviceTree): ReadonlyMap<string, TreeRow> {
  return new Map(tree.rows.map((r) => [r.uri, r]));
}

/** The ClientURI of an instance root. */
export const instanceUri = (moid: string, miid: string): string => `${moid}/${miid}/`;

/** The text of a rights list in diffs: `Read+Write`, or `(none)`. */
export const rightsText = (rights: readonly string[]): string => (rights.length === 0 ? '(none)' : rights.join('+'));

function aclProblem(tree: DeviceTree, acl: InstanceAcl | undefined, e: TreeEdit & { kind: 'acl' }): string | undefined {
  if (acl === undefined) return 'no such instance (or the station has no right on it)';
  if (!acl.stationRights.includes('Delegate')) return 'the station has no Delegate right on this instance';
  if (e.serverId === tree.serverId) return "the station cannot change its own rights";
  if (e.serverId === acl.creator) return "the creator's rights cannot be changed";
  const beyond = e.rights.find((r) => !acl.stationRights.includes(r));
  if (beyond !== undefined) return `cannot grant ${beyond}, which the station does not hold`;
  if (new Set(e.rights).size !== e.rights.length) return 'a right is listed twice';
  return undefined;
}

function setProblem(row: TreeRow | undefined, value: string): string | undefined {
  if (row === undefined) return 'no such node';
  if (row.kind !== 'leaf') return 'only leaf nodes have values';
  if (!row.writable) return 'read-only node (DDF AccessType or the station\'s rights)';
  return valueProblem(row.format, value);
}

/**
 * Checks every edit against the tree it was made on and returns the diff, in edit order. No-op
 * value changes are left out; an empty result is a problem (nothing to apply).
 */
export function planEdits(tree: DeviceTree, edits: readonly TreeEdit[], byUri: ReadonlyMap<string, TreeRow> = rowsByUri(tree)): EditPlan {
  const problems: EditProblem[] = [];
  const diff: TreeDiffEntry[] = [];
  const seen = new Set<string>();
  const deleted: string[] = [];
  const acls = new Map(tree.acls.map((a) => [instanceUri(a.moid, a.miid), a]));
  edits.forEach((e, index) => {
    const key = e.kind === 'acl' ? `${instanceUri(e.moid, e.miid)}#${e.serverId}` : e.uri;
    const problem = (message: string) => problems.push({ index, uri: key, message });
    if (seen.has(key)) return problem('edited twice in one change set');
    seen.add(key);
    if (e.kind === 'set') {
      const row = byUri.get(e.uri);
      const p = setProblem(row, e.value);
      if (p !== undefined) return problem(p);
      if (!row!.masked && row!.value === e.value) return;
      diff.push(row!.masked ? { kind: 'value', uri: e.uri, before: MASK, after: MASK, masked: true } : { kind: 'value', uri: e.uri, ...(row!.value === undefined ? {} : { before: row!.value }), after: e.value, masked: false });
    } else if (e.kind === 'delete') {
      const row = byUri.get(e.uri);
      if (row === undefined) return problem('no such node');
      if (!row.deletable) return problem('this node cannot be deleted (DDF AccessType, permanent node or the station\'s rights)');
      deleted.push(e.uri.endsWith('/') ? e.uri : `${e.uri}/`);
      diff.push({ kind: 'delete', uri: e.uri, ...(row.kind === 'leaf' && !row.masked && row.value !== undefined ? { before: row.value } : {}), masked: row.masked });
    } else {
      const acl = acls.get(instanceUri(e.moid, e.miid));
      const p = aclProblem(tree, acl, e);
      if (p !== undefined) return problem(p);
      const before = acl!.entries.find((x) => x.serverId === e.serverId)?.rights ?? [];
      if (rightsText(before) === rightsText(e.rights)) return;
      diff.push({ kind: 'acl', uri: key, before: rightsText(before), after: rightsText(e.rights), masked: false });
    }
  });
  edits.forEach((e, index) => {
    if (e.kind === 'delete') return;
    const uri = e.kind === 'acl' ? instanceUri(e.moid, e.miid) : e.uri;
    if (deleted.some((d) => uri.startsWith(d))) problems.push({ index, uri, message: 'inside a node this change set deletes' });
  });
  if (problems.length > 0) return { ok: false, problems };
  if (diff.length === 0) return { ok: false, problems: [{ index: -1, uri: '', message: 'nothing to apply: every edit leaves the tree as it is' }] };
  return { ok: true, diff };
}
