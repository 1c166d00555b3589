/**
 * The device-initiated configuration request (digest §3.10): a local app needs the configuration
 * of an MOID the tree lacks.
 *
 * 1. An instance exists → `present` (nothing to do).
 * 2. A DEFAULT source is known → HTTP GET it and apply the data as if the DEFAULT's server had
 *    sent HGET (creator = that server), without reporting a status → `fetched`.
 * 3. Otherwise (or when the fetch or apply fails) → a Generic Alert of type
 *    CONFIG_REQUEST_ALERT_TYPE (`Data: {"MOID": moid}`) is queued for every server granted the
 *    MOID; it travels in that server's next session (the caller opens it with `openSession`) →
 *    `requested`. No server is granted the MOID → `unavailable`.
 */
import { grantedMoids, visibleTo } from '../access-control.js';
import { applyMoEntries } from '../apply.js';
import { STANDARD_MOIDS } from '../mo-ids.js';
import type { TreeStore } from '../tree/transaction.js';
import { instancesOf, nodeAt } from '../tree/tree.js';
import type { ManagementTree } from '../tree/types.js';
import type { ClientState, PendingAlert } from './client-ports.js';
import { fetchMoData, type RepositoryCallContext } from './repository-client.js';
import { CONFIG_REQUEST_ALERT_TYPE } from './session-decisions.js';
import type { SubscriptionReport } from './subscriptions.js';

/** What a configuration request did. */
export type ConfigurationOutcome =
  | { readonly kind: 'present'; readonly miids: readonly string[] }
  | { readonly kind: 'fetched'; readonly uris: readonly string[]; readonly reports: readonly SubscriptionReport[] }
  | { readonly kind: 'requested'; readonly serverIds: readonly string[]; readonly detail: string }
  | { readonly kind: 'unavailable'; readonly detail: string };

/** The client internals a configuration request uses. */
export interface ConfigurationDeps {
  readonly tree: TreeStore;
  readonly repo: RepositoryCallContext;
  readonly state: { readonly current: ClientState };
  readonly setState: (state: ClientState) => void;
  readonly report: (before: ManagementTree) => Promise<SubscriptionReport[]>;
}

function serversOf(tree: ManagementTree): string[] {
  const out: string[] = [];
  for (const acc of instancesOf(tree, STANDARD_MOIDS.dmAcc)) {
    const n = nodeAt(acc.root, ['SrvID']);
    if (n?.kind === 'leaf' && typeof n.value === 'string' && !out.includes(n.value)) out.push(n.value);
  }
  return out;
}

async function fetchDefault(moid: string, deps: ConfigurationDeps): Promise<{ uris: readonly string[] } | string> {
  const source = deps.state.current.defaults.find((d) => d.moid === moid);
  if (source === undefined) return 'no DEFAULT source';
  const fetched = await fetchMoData(deps.repo, source.serverUri);
  if (!fetched.ok) return `DEFAULT fetch failed (${fetched.sc}): ${fetched.reason}`;
  if (fetched.entries.some((e) => e.clientUri.moid !== moid)) return 'DEFAULT data names another MOID';
  let uris: readonly string[] = [];
  const r = deps.tree.transact((tx) =>
    tx.step((tree) => {
      const a = applyMoEntries(tree, fetched.entries, { creator: { kind: 'server', serverId: source.serverId }, visible: visibleTo(tree, source.serverId) });
      if (a.status !== 'ok') return a;
      uris = a.value.uris;
      return { status: 'ok', value: a.value.tree };
    }),
  );
  return r.status === 'ok' ? { uris } : `DEFAULT data not applied (${r.code}): ${r.detail}`;
}

/** Runs the configuration request for `moid`; see the module comment. */
export async function requestConfiguration(moid: string, deps: ConfigurationDeps): Promise<ConfigurationOutcome> {
  const existing = instancesOf(deps.tree.tree, moid);
  if (existing.length > 0) return { kind: 'present', miids: existing.map((i) => i.miid) };
  const before = deps.tree.tree;
  const fetched = await fetchDefault(moid, deps);
  if (typeof fetched !== 'string') return { kind: 'fetched', uris: fetched.uris, reports: await deps.report(before) };
  const servers = serversOf(deps.tree.tree).filter((s) => grantedMoids(deps.tree.tree, s).includes(moid));
  if (servers.length === 0) return { kind: 'unavailable', detail: `${fetched}; no server is granted ${moid}` };
  const alerts: PendingAlert[] = servers.map((serverId) => ({ serverId, url: null, alert: { AlertType: CONFIG_REQUEST_ALERT_TYPE, DataType: 'application/json', Data: { MOID: moid } } }));
  const s = deps.state.current;
  deps.setState({ ...s, pendingAlerts: [...s.pendingAlerts, ...alerts] });
  return { kind: 'requested', serverIds: servers, detail: fetched };
}
