/**
 * SUB change reports (digest §3.11): after a change is committed, every subscription whose
 * subtree now serializes differently is PUT to its ServerURI (an empty array when it vanished).
 */
import { visibleTo } from '../access-control.js';
import { tryParseClientUri } from '../client-uri.js';
import { resolveClientUri } from '../resolve.js';
import { encodeMoSerialization, type MoEntry } from '../serialization.js';
import type { ManagementTree } from '../tree/types.js';
import type { Subscription } from './client-ports.js';
import { readableEntries } from './read-entries.js';
import { uploadMoData, type RepositoryCallContext } from './repository-client.js';

/** The outcome of one change report. */
export interface SubscriptionReport {
  readonly subscription: Subscription;
  /** Status of the PUT as a DM status (200, 404, 406, 500). */
  readonly sc: number;
}

function entriesAt(tree: ManagementTree, sub: Subscription): MoEntry[] {
  const uri = tryParseClientUri(sub.clientUri);
  if (!uri.ok) return [];
  const r = resolveClientUri(tree, uri.value, { visible: visibleTo(tree, sub.serverId) });
  return r.status === 'ok' ? readableEntries(r.value) : [];
}

/** Comparable text of entries: the serialization without cache validators (they change with any sibling). */
function fingerprint(entries: readonly MoEntry[]): string {
  return encodeMoSerialization(entries.map(({ cv: _cv, ...rest }) => rest));
}

/** Subscriptions whose data differs between two trees, with the entries to send. */
export function changedSubscriptions(before: ManagementTree, after: ManagementTree, subs: readonly Subscription[]): { subscription: Subscription; entries: MoEntry[] }[] {
  const out: { subscription: Subscription; entries: MoEntry[] }[] = [];
  if (before === after) return out;
  for (const subscription of subs) {
    const next = entriesAt(after, subscription);
    if (fingerprint(entriesAt(before, subscription)) !== fingerprint(next)) out.push({ subscription, entries: next });
  }
  return out;
}

/** PUTs every changed subscription's data; failures are reported, not retried. */
export async function reportChanges(ctx: RepositoryCallContext, before: ManagementTree, after: ManagementTree, subs: readonly Subscription[]): Promise<SubscriptionReport[]> {
  const reports: SubscriptionReport[] = [];
  for (const { subscription, entries } of changedSubscriptions(before, after, subs)) {
    const r = await uploadMoData(ctx, 'PUT', subscription.serverUri, entries);
    reports.push({ subscription, sc: r.sc });
  }
  return reports;
}
