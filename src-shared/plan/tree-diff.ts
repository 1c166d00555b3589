/**
 * The diff shown before anything is written: the plan's MO instances against the device's
 * current tree (MO serialization entries), leaf by leaf, secret values masked as `•••`.
 */
import { MOID_DMACC } from '../protocol/mo/moids.js';
import type { MoDataValue, MoEntryJson } from '../protocol/mo/mo-entry.js';
import { assertNever } from '../util/assert-never.js';
import type { Plan } from './plan-types.js';

/** What a secret value is shown as. */
export const MASK = '•••';

/** Leaf names whose values are secrets (DMAcc Auth secrets, PINs, keys). */
export const SECRET_LEAF_NAMES: ReadonlySet<string> = new Set(['Secret', 'ClientSecretKey', 'Password', 'PIN', 'Pin', 'PSK', 'PrivateKey']);

/** One leaf that the plan adds, changes or removes (inside an instance the plan replaces). */
export type NodeChange =
  | { readonly kind: 'added'; readonly instance: string; readonly path: string; readonly after: string }
  | { readonly kind: 'changed'; readonly instance: string; readonly path: string; readonly before: string; readonly after: string }
  | { readonly kind: 'removed'; readonly instance: string; readonly path: string; readonly before: string };

/** The plan against the current tree. Instances the plan does not touch are not listed. */
export interface TreeDiff {
  readonly instances: {
    /** `<MOID>/<MIID>` the device does not have yet. */
    readonly added: readonly string[];
    /** Instances the plan replaces with different content. */
    readonly changed: readonly string[];
    /** Instances already exactly as planned. */
    readonly unchanged: readonly string[];
  };
  readonly nodes: readonly NodeChange[];
}

/** `<MOID>/<MIID>` of an entry's ClientURI (`<MOID>/<MIID>/`). */
export function instanceOf(entry: MoEntryJson): string {
  return entry.ClientURI.replace(/\/$/, '');
}

function leaves(value: MoDataValue, path: string, out: Map<string, string>): void {
  if (typeof value === 'string') {
    out.set(path, value);
    return;
  }
  const names = Object.keys(value);
  if (names.length === 0) out.set(path, '');
  for (const name of names) leaves(value[name]!, path === '' ? name : `${path}/${name}`, out);
}

function leafMap(entry: MoEntryJson): Map<string, string> {
  const out = new Map<string, string>();
  for (const [root, value] of Object.entries(entry.MOData)) leaves(value, root, out);
  return out;
}

const isSecret = (path: string): boolean => SECRET_LEAF_NAMES.has(path.slice(path.lastIndexOf('/') + 1));
const shown = (path: string, value: string): string => (isSecret(path) ? MASK : value);

/** A copy of MO entries with every secret leaf replaced by {@link MASK} (for printing a plan). */
export function maskEntries(entries: readonly MoEntryJson[]): MoEntryJson[] {
  const mask = (value: MoDataValue, name: string): MoDataValue => {
    if (typeof value === 'string') return SECRET_LEAF_NAMES.has(name) ? MASK : value;
    const out: Record<string, MoDataValue> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mask(v, k);
    return out;
  };
  return entries.map((e) => ({ ...e, MOData: mask(e.MOData, '') as MoEntryJson['MOData'] }));
}

/** Leaves the station fills in at run time (the Trsp credential of `issueTrspSecret` and `issueCertificate` accounts). */
const DERIVED_LEAVES = ['DMAcc/Auth/Trsp/Data', 'DMAcc/Auth/Trsp/Secret'];

/**
 * Diffs the plan's instances against the device's current instances. Each planned instance
 * replaces the device's instance with the same ClientURI as a whole, so its leaves are added,
 * changed or removed; instances the plan does not name stay as they are and are not listed. With
 * the plan's bootstrap description, the credential the station derives at run time is shown as
 * added (masked) when the device lacks it, and not compared when it has one (same station key and
 * device give the same credential; the pure code cannot know the value).
 */
export function diffAgainstTree(plan: Pick<Plan, 'entries'> & Partial<Pick<Plan, 'bootstrapSpec'>>, current: readonly MoEntryJson[]): TreeDiff {
  const derived = new Set((plan.bootstrapSpec?.accounts ?? []).filter((a) => a.issueTrspSecret || a.issueCertificate !== undefined).map((a) => `${MOID_DMACC}/${a.miid}`));
  const byInstance = new Map(current.map((e) => [instanceOf(e), e]));
  const added: string[] = [];
  const changed: string[] = [];
  const unchanged: string[] = [];
  const nodes: NodeChange[] = [];
  for (const entry of plan.entries) {
    const instance = instanceOf(entry);
    const after = leafMap(entry);
    const existing = byInstance.get(instance);
    const before = existing === undefined ? new Map<string, string>() : leafMap(existing);
    const local: NodeChange[] = [];
    if (derived.has(instance)) for (const path of DERIVED_LEAVES) if (!after.has(path)) after.set(path, before.get(path) ?? MASK);
    for (const [path, value] of after) {
      const old = before.get(path);
      if (old === undefined) local.push({ kind: 'added', instance, path, after: shown(path, value) });
      else if (old !== value) local.push({ kind: 'changed', instance, path, before: shown(path, old), after: shown(path, value) });
    }
    for (const [path, value] of before) if (!after.has(path)) local.push({ kind: 'removed', instance, path, before: shown(path, value) });
    if (existing === undefined) added.push(instance);
    else if (local.length > 0) changed.push(instance);
    else unchanged.push(instance);
    nodes.push(...local);
  }
  return { instances: { added, changed, unchanged }, nodes };
}

/** The diff as text lines: `+ inst path: value`, `~ inst path: old → new`, `- inst path: old`. */
export function formatTreeDiff(diff: TreeDiff): string[] {
  if (diff.nodes.length === 0) return ['No changes: the device already holds every planned instance.'];
  return diff.nodes.map((c) => {
    switch (c.kind) {
      case 'added':
        return `+ ${c.instance} ${c.path}: ${c.after}`;
      case 'changed':
        return `~ ${c.instance} ${c.path}: ${c.before} → ${c.after}`;
      case 'removed':
        return `- ${c.instance} ${c.path}: ${c.before}`;
      default:
        return assertNever(c, 'unknown node change');
    }
  });
}
