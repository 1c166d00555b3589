/**
 * Printable forms of a compiled plan and its diff: JSON-safe (bytes as hex, secrets masked as
 * `•••`) and text lines. Nothing here ever prints a secret value.
 */
import type { Plan } from '../../src-shared/plan/plan-types.js';
import { formatTreeDiff, maskEntries, MASK, type TreeDiff } from '../../src-shared/plan/tree-diff.js';
import type { MoEntryJson } from '../../src-shared/protocol/mo/mo-entry.js';

/** A JSON-safe view of a plan: no bytes, no secrets. */
export function planView(plan: Plan): Record<string, unknown> {
  return {
    profileId: plan.profileId,
    profileVersion: plan.profileVersion,
    purpose: plan.purpose,
    instances: plan.instances,
    commands: plan.commandSummary,
    moDocuments: plan.moDocuments.map((p) => ({ path: p.path, entries: maskEntries(p.entries) })),
    credentialActions: plan.credentialActions,
    bootstrapSpec: {
      accounts: plan.bootstrapSpec.accounts.map((a) => ({ miid: a.miid, srvId: a.account.srvId, srvUri: a.account.srvUri, name: a.account.name, permittedMoids: a.account.permittedMoids, issueTrspSecret: a.issueTrspSecret, ...(a.account.auth === undefined ? {} : { auth: MASK }) })),
      trustAnchors: plan.bootstrapSpec.trustAnchors,
      config: plan.bootstrapSpec.config,
    },
    ...(plan.cardContent === undefined ? {} : { cardContent: { serverIds: plan.cardContent.serverIds, bodyBytes: plan.cardContent.body.length, entries: maskEntries(JSON.parse(plan.cardContent.json) as MoEntryJson[]) } }),
    warnings: plan.warnings,
  };
}

/** The plan and its diff as text for an operator. */
export function planText(plan: Plan, diff: TreeDiff | undefined): string {
  const lines = [`Plan for profile ${plan.profileId} ${plan.profileVersion} (${plan.purpose})`, '', 'Commands (bootstrap Package#2):'];
  for (const c of plan.commandSummary) lines.push(`  ${c.name} ${c.url}`);
  lines.push('', 'Instances:', ...plan.instances.map((i) => `  ${i}`), '', 'Credentials:');
  for (const a of plan.credentialActions) lines.push(`  ${a.serverId} (${a.miid}): ${a.kind}${a.kind === 'psk' ? ` ${a.lengthBytes} bytes, ${a.source}` : a.kind === 'device-csr' || a.kind === 'station-key' ? ` ${a.keyType}, ${a.validityDays} days (not supported yet)` : ''}`);
  if (plan.cardContent !== undefined) lines.push('', `Card EF(DM_Bootstrap): ${plan.cardContent.body.length} bytes, accounts ${plan.cardContent.serverIds.join(', ')}`);
  if (plan.warnings.length > 0) lines.push('', 'Warnings:', ...plan.warnings.map((w) => `  ${w.pointer}: ${w.message}`));
  if (diff !== undefined) lines.push('', 'Diff against the device:', ...formatTreeDiff(diff).map((l) => `  ${l}`));
  return `${lines.join('\n')}\n`;
}
