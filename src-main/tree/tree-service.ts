/**
 * The tree service: reads a device's whole management tree over its cable and applies edits to
 * it, all or nothing, in scripted DM sessions (see line-session.ts). Reading is one GET per MO
 * instance the device lists in Package#1 (its MOS: what the station's account may see) plus a
 * GET of the station's DACMO view (the instance ACLs). Applying reads again in the same session,
 * refuses when the tree is not the previewed version, then sends the whole change set in one
 * Package#2 (HGETs for values and rights, DELETEs); any failed command makes the station answer
 * the Package#3 with 409, so the device rolls the whole session back.
 */
import { createHash } from 'node:crypto';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { z } from 'zod';
import type { TreeApplyResult } from '../../src-shared/ipc/areas/tree.js';
import { formatClientUri } from '../../src-shared/protocol/dm/client-uri.js';
import { encodeMoSerialization } from '../../src-shared/protocol/dm/serialization.js';
import type { MoEntryJson } from '../../src-shared/protocol/mo/mo-entry.js';
import { DACMO_ROOT_NAME } from '../../src-shared/protocol/dm/dacmo.js';
import { DACMO_MIID } from '../../src-shared/protocol/dm/decisions.js';
import { STANDARD_MOIDS } from '../../src-shared/protocol/dm/mo-ids.js';
import type { DmCommand } from '../../src-shared/protocol/dm/packages/commands.js';
import type { MosEntry } from '../../src-shared/protocol/dm/packages/package1.js';
import { dm, type CommandResult } from '../../src-shared/protocol/dm/session/index.js';
import { aclsFromDacmo, buildRows, type ReadInstance } from '../../src-shared/tree/build-rows.js';
import { instanceUri, planEdits } from '../../src-shared/tree/plan-edits.js';
import type { DeviceTree, TreeEdit } from '../../src-shared/tree/tree-schema.js';
import { BOOTSTRAP_SERVER_ID } from '../../src-shared/bootstrap/cable-constants.js';
import { repoPath, repoUrl, runLineSession, type LineSessionOptions } from './line-session.js';

/** What {@link applyTreeEdits} resolves with. */
export type TreeApplyOutcome = z.output<typeof TreeApplyResult>;

/** Options shared by read and apply. */
export type TreeLineOptions = Omit<LineSessionOptions, 'script' | 'prepare'> & { readonly now?: () => number };

const SET_PATH = 'tree/set';
const ACL_PATH = 'tree/acl';

/** GET commands for every instance in a MOS list, then the DACMO view. */
function readCommands(mos: readonly MosEntry[]): DmCommand[] {
  const out: DmCommand[] = [];
  for (const m of mos) {
    const moid = m.MOID;
    if (moid === undefined || moid === STANDARD_MOIDS.dacmo) continue;
    for (const miid of m.MIID) out.push(dm.get(instanceUri(moid, miid)));
  }
  out.push(dm.get(instanceUri(STANDARD_MOIDS.dacmo, DACMO_MIID)));
  return out;
}

/** Builds the tree from the results of {@link readCommands}. */
export function treeFromResults(devId: string, results: readonly CommandResult[], readAtMs: number): DeviceTree {
  const instances: ReadInstance[] = [];
  let dacmo: ReadInstance['root'] | undefined;
  for (const r of results) {
    if (r.sc !== 200) continue;
    for (const e of r.data) {
      const sel = e.clientUri.instance;
      if (sel.kind !== 'miid' || e.clientUri.path.length > 0) continue;
      if (e.clientUri.moid === STANDARD_MOIDS.dacmo) dacmo = e.node;
      else instances.push({ moid: e.clientUri.moid, miid: sel.miid, root: e.node });
    }
  }
  const acls = aclsFromDacmo(dacmo, BOOTSTRAP_SERVER_ID);
  const rows = buildRows(instances, acls);
  const version = createHash('sha256').update(JSON.stringify({ rows, acls })).digest('hex');
  return { devId, version, serverId: BOOTSTRAP_SERVER_ID, readAtMs, rows, acls };
}

/** Reads the tree of the device at the end of the line (one DM session). */
export async function readDeviceTree(o: TreeLineOptions): Promise<DeviceTree> {
  const { devId, results } = await readSession(o);
  return treeFromResults(devId, results, Math.round((o.now ?? Date.now)()));
}

/** One session that GETs every MO the device's Package#1 lists; the device id and the GET results. */
async function readSession(o: TreeLineOptions): Promise<{ readonly devId: string; readonly results: readonly CommandResult[] }> {
  let results: readonly CommandResult[] = [];
  const r = await runLineSession({
    ...o,
    script: {
      next: (turn) => {
        if (turn.round === 0) return readCommands(turn.mos);
        results = turn.results;
        return [];
      },
    },
  });
  return { devId: r.devId, results };
}

/**
 * Reads every instance the device shows the station (one DM session) as MO serialization entries,
 * the form the plan compiler diffs against; the station's access-control view (DACMO) is left out.
 */
export async function readDeviceEntries(o: TreeLineOptions): Promise<MoEntryJson[]> {
  const { results } = await readSession(o);
  const entries = results.flatMap((r) => (r.sc === 200 ? r.data : [])).filter((e) => e.clientUri.instance.kind === 'miid' && e.clientUri.path.length === 0 && e.clientUri.moid !== STANDARD_MOIDS.dacmo);
  return JSON.parse(encodeMoSerialization(entries)) as MoEntryJson[];
}

/** The MO serialization entries and commands that carry a change set. */
function changeCommands(edits: readonly TreeEdit[]): { sets: unknown[]; acl: unknown[]; commands: DmCommand[] } {
  const sets: unknown[] = [];
  const perms = new Map<string, { MOID: string; MIID: string; Perm: Record<string, { SrvID: string; Rights: string }> }>();
  const deletes: DmCommand[] = [];
  for (const e of edits) {
    if (e.kind === 'set') {
      const name = e.uri.slice(e.uri.lastIndexOf('/') + 1);
      sets.push({ ClientURI: e.uri, MOData: { [name]: e.value } });
    } else if (e.kind === 'delete') deletes.push(dm.delete(e.uri));
    else {
      const key = instanceUri(e.moid, e.miid);
      const entry = perms.get(key) ?? { MOID: e.moid, MIID: e.miid, Perm: {} };
      entry.Perm[String(Object.keys(entry.Perm).length + 1)] = { SrvID: e.serverId, Rights: e.rights.join('+') };
      perms.set(key, entry);
    }
  }
  const dacmo: Record<string, unknown> = {};
  [...perms.values()].forEach((p, n) => (dacmo[String(n + 1)] = p));
  const acl = perms.size === 0 ? [] : [{ ClientURI: instanceUri(STANDARD_MOIDS.dacmo, DACMO_MIID), MOData: { [DACMO_ROOT_NAME]: dacmo } }];
  const commands = [...(sets.length > 0 ? [dm.hget(repoUrl(SET_PATH))] : []), ...(acl.length > 0 ? [dm.hget(repoUrl(ACL_PATH))] : []), ...deletes];
  return { sets, acl, commands };
}

const describeCommand = (c: DmCommand | undefined): string => (c === undefined ? '?' : c.name === 'DELETE' ? formatClientUri(c.target) : c.name === 'HGET' ? `HGET ${c.serverUri}` : c.name);

/** What to apply, and to which version. */
export interface ApplyOptions {
  readonly version: string;
  readonly edits: readonly TreeEdit[];
  /**
   * Checks the edits against the tree read in the session before sending them. Off only to prove
   * the device's own refusal path (tests). @default true
   */
  readonly planCheck?: boolean;
}

/**
 * Applies `edits` if the device's tree is still at `version` (same session: read, compare, write,
 * read back). Resolves `applied` with the tree read back, or `refused` when the device said no to
 * a command (nothing applied).
 *
 * @throws ProvisioningError `TREE_CHANGED` when the tree is no longer at `version` (nothing sent);
 *   `INVALID_REQUEST` when the edits do not fit the tree; line errors as {@link runLineSession}.
 */
export async function applyTreeEdits(o: TreeLineOptions & ApplyOptions): Promise<TreeApplyOutcome> {
  const { sets, acl, commands } = changeCommands(o.edits);
  let reads: DmCommand[] = [];
  let phase = 'read' as 'read' | 'sent' | 'refresh' | 'changed' | 'invalid';
  let invalid = '';
  let results: readonly CommandResult[] = [];
  let changes = 0;
  const r = await runLineSession({
    ...o,
    prepare: (repository) => {
      if (sets.length > 0) repository.publish(repoPath(SET_PATH), JSON.stringify(sets));
      if (acl.length > 0) repository.publish(repoPath(ACL_PATH), JSON.stringify(acl));
    },
    script: {
      next: (turn) => {
        if (turn.round === 0) return (reads = readCommands(turn.mos));
        if (phase === 'read') {
          const current = treeFromResults('', turn.results, 0);
          if (current.version !== o.version) {
            phase = 'changed';
            return [];
          }
          const plan = o.planCheck === false ? { ok: true as const, diff: o.edits } : planEdits(current, o.edits);
          if (!plan.ok) {
            phase = 'invalid';
            invalid = plan.problems.map((p) => `${p.uri}: ${p.message}`).join('; ');
            return [];
          }
          changes = plan.diff.length;
          phase = 'sent';
          return commands;
        }
        if (phase === 'sent') {
          phase = 'refresh';
          return reads;
        }
        results = turn.results;
        return [];
      },
      refuse: (statuses) => phase === 'sent' && statuses.some((s) => s.sc !== 200),
    },
  });
  const ended = phase as typeof phase;
  if (ended === 'changed') throw new ProvisioningError('TREE_CHANGED', "the device's tree changed since the preview; nothing was applied", { details: { devId: r.devId } });
  if (ended === 'invalid') throw new ProvisioningError('INVALID_REQUEST', `the change set does not fit the tree: ${invalid.slice(0, 500)}`);
  if (r.outcome === 'refused') return { kind: 'refused', statuses: r.refused.map((s, i) => ({ uri: s.URI?.[0] ?? describeCommand(commands[i]), sc: s.sc })) };
  return { kind: 'applied', tree: treeFromResults(r.devId, results, Math.round((o.now ?? Date.now)())), changes };
}
