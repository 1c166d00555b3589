import type { ClientUri } from './client-uri.js';
import { withDacmoView } from './dacmo.js';
import { STANDARD_MOIDS } from './mo-ids.js';
import { DENY_STATUS, MOS_LIST_EMPTY_GRANTS } from './decisions.js';
import type { CommandName } from './packages/commands.js';
import type { MosEntry } from './packages/package1.js';
import { resolveClientUri, type ResolvedTarget } from './resolve.js';
import { STATUS, dmOk, dmReject, type DmResult } from './status.js';
import { getInstance, instancesOf, nodeAt } from './tree/tree.js';
import type { ManagementTree, MoInstance, Right } from './tree/types.js';
import { assertNever } from '../../util/assert-never.js';

const DMACC_MOID = STANDARD_MOIDS.dmAcc;

/** An MO instance a command touches; `miid` undefined for an instance the command would create. */
export interface InstanceRef {
  readonly moid: string;
  readonly miid?: string;
}

/** The answer of the access check: allow, or deny with status 403 and a reason (never a secret). */
export type AccessDecision = 'allow' | { readonly deny: typeof DENY_STATUS; readonly reason: string };

/**
 * The logical operation a command performs on its ClientURI targets (digest §5.2), or undefined
 * for commands without targets (SHOW, CONT, END, DEFAULT). SUB/UNSUB read (our choice).
 */
export function logicalOpOf(command: CommandName): Right | undefined {
  switch (command) {
    case 'GET':
    case 'HPUT':
    case 'HPOST':
    case 'SUB':
    case 'UNSUB':
      return 'Read';
    case 'HGET':
    case 'DELETE':
      return 'Write';
    case 'EXEC':
      return 'Execute';
    case 'SHOW':
    case 'CONT':
    case 'END':
    case 'DEFAULT':
      return undefined;
    default:
      return assertNever(command, 'unknown command');
  }
}

function leafString(instance: MoInstance, path: readonly string[]): string | undefined {
  const n = nodeAt(instance.root, path);
  return n?.kind === 'leaf' && typeof n.value === 'string' ? n.value : undefined;
}

/** The DMAcc instances of a server (those whose `SrvID` leaf equals `serverId`). */
export function accountsOf(tree: ManagementTree, serverId: string): MoInstance[] {
  return instancesOf(tree, DMACC_MOID).filter((i) => leafString(i, ['SrvID']) === serverId);
}

/** MOIDs granted to a server at bootstrap: every DMAcc `Perm/<x>/MOID` of its accounts, in order. */
export function grantedMoids(tree: ManagementTree, serverId: string): string[] {
  const out: string[] = [];
  for (const acc of accountsOf(tree, serverId)) {
    const perm = nodeAt(acc.root, ['Perm']);
    if (perm?.kind !== 'interior') continue;
    for (const x of perm.children.keys()) {
      const moid = leafString(acc, ['Perm', x, 'MOID']);
      if (moid !== undefined && !out.includes(moid)) out.push(moid);
    }
  }
  return out;
}

/** A server's rights on an instance. */
export function rightsOf(instance: MoInstance, serverId: string): readonly Right[] {
  return instance.permissions.get(serverId) ?? [];
}

/** Instances a server may see: MOID granted and at least one right. */
export function visibleTo(tree: ManagementTree, serverId: string): (instance: MoInstance) => boolean {
  const granted = new Set(grantedMoids(tree, serverId));
  return (instance) => granted.has(instance.moid) && rightsOf(instance, serverId).length > 0;
}

/**
 * Decides whether `serverId` may run `command` on `targets` (digest §6.1).
 *
 * Denied when the server has no DMAcc account, when a target's MOID was not granted at bootstrap,
 * or when the server lacks the command's logical right on an existing target instance. Creating
 * an instance (miid undefined) needs only the MOID grant; the creator then gets full rights.
 */
export function check(tree: ManagementTree, serverId: string, command: CommandName, targets: readonly InstanceRef[]): AccessDecision {
  const granted = grantedMoids(tree, serverId);
  if (accountsOf(tree, serverId).length === 0) return { deny: DENY_STATUS, reason: 'server has no DM account' };
  if (command === 'DEFAULT') {
    for (const t of targets) if (!granted.includes(t.moid)) return { deny: DENY_STATUS, reason: `MOID ${t.moid} not granted` };
    return 'allow';
  }
  const op = logicalOpOf(command);
  if (op === undefined) return 'allow';
  for (const t of targets) {
    if (!granted.includes(t.moid)) return { deny: DENY_STATUS, reason: `MOID ${t.moid} not granted` };
    if (t.miid === undefined) continue;
    const instance = getInstance(tree, t.moid, t.miid);
    if (instance !== undefined && !rightsOf(instance, serverId).includes(op)) {
      return { deny: DENY_STATUS, reason: `no ${op} right on ${t.moid}/${t.miid}` };
    }
  }
  return 'allow';
}

/**
 * Resolves a command's ClientURIs as `serverId` sees the tree and checks access: the one call the
 * session engine makes before executing a command.
 *
 * `*`, `(x)` and empty mo-inst only consider instances visible to the server; DACMO ClientURIs
 * resolve against the server's DACMO view. HGET is checked on the instances it writes (the nodes
 * may not exist yet) and returns no targets; an HGET that would create an instance needs only the
 * MOID grant. An HGET into the DACMO is allowed here and checked entry by entry by
 * `applyDacmoWrite` (Delegate). An HGET without ClientURI only passes the account check here: once
 * the client has chosen where the data goes, call {@link check} with those instances. DEFAULT has
 * no ClientURI either: call `check(tree, serverId, 'DEFAULT', [{ moid }])`. Returns the resolved
 * targets, or 403 (access), 404 (nothing resolved), 400 (ambiguous or no target).
 */
export function authorize(tree: ManagementTree, serverId: string, command: CommandName, uris: readonly ClientUri[]): DmResult<readonly ResolvedTarget[]> {
  const visible = visibleTo(tree, serverId);
  const targets: ResolvedTarget[] = [];
  const refs: InstanceRef[] = [];
  if (uris.length === 0 && command !== 'HGET' && logicalOpOf(command) !== undefined) return dmReject(STATUS.badRequest, 'no target');
  for (const uri of uris) {
    const view = uri.moid === STANDARD_MOIDS.dacmo ? withDacmoView(tree, serverId) : tree;
    if (command === 'HGET') {
      const sel = uri.instance;
      const creates =
        (sel.kind === 'miid' && getInstance(view, uri.moid, sel.miid) === undefined) ||
        (sel.kind === 'single' && instancesOf(view, uri.moid).filter(visible).length === 0);
      if (creates) {
        refs.push({ moid: uri.moid });
        continue;
      }
      const instanceOnly: ClientUri = { moid: uri.moid, instance: sel, path: [], nv: uri.nv.filter((c) => sel.kind === 'xname' && c.xname === sel.name) };
      const r = resolveClientUri(view, instanceOnly, { visible: (i) => i.moid === STANDARD_MOIDS.dacmo || visible(i) });
      if (r.status !== 'ok') return r;
      if (uri.moid !== STANDARD_MOIDS.dacmo) refs.push(...r.value.map((t) => ({ moid: t.instance.moid, miid: t.instance.miid })));
      else refs.push({ moid: uri.moid });
      continue;
    }
    const r = resolveClientUri(view, uri, { visible: (i) => i.moid === STANDARD_MOIDS.dacmo || visible(i) });
    if (r.status !== 'ok') return r;
    targets.push(...r.value);
    for (const t of r.value) refs.push(uri.moid === STANDARD_MOIDS.dacmo ? { moid: uri.moid } : { moid: t.instance.moid, miid: t.instance.miid });
  }
  const decision = check(tree, serverId, command, refs);
  return decision === 'allow' ? dmOk(targets) : dmReject(decision.deny, decision.reason);
}

/** Options for {@link visibleMos}. */
export interface VisibleMosOptions {
  /** DDF URL per MOID when no instance carries one. */
  readonly ddfOf?: (moid: string) => string | undefined;
}

/** The Package#1 MOS list for one server: its granted MOIDs, each with the MIIDs it may see. */
export function visibleMos(tree: ManagementTree, serverId: string, options: VisibleMosOptions = {}): MosEntry[] {
  const out: MosEntry[] = [];
  const visible = visibleTo(tree, serverId);
  for (const moid of grantedMoids(tree, serverId)) {
    const instances = instancesOf(tree, moid).filter(visible);
    if (instances.length === 0 && !MOS_LIST_EMPTY_GRANTS) continue;
    const ddf = instances.find((i) => i.ddf !== undefined)?.ddf ?? options.ddfOf?.(moid);
    out.push({ ...(ddf === undefined ? {} : { DDF: ddf }), MOID: moid, MIID: instances.map((i) => i.miid) });
  }
  return out;
}
