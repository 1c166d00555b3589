/**
 * The plan compiler (issue #8 item 2): a validated station profile plus one device's facts →
 * the exact bootstrap description, the DM 2.0 commands and MO documents of the bootstrap session
 * (through `planBootstrap`, the code path the cable bootstrap runs), credential actions and card
 * content. Pure: no I/O, randomness injected.
 */
import { BootstrapSpec } from '../bootstrap/bootstrap-spec.js';
import { planBootstrap } from '../bootstrap/bootstrap-plan.js';
import { expandProfile } from '../profile/expand.js';
import type { Profile } from '../profile/profile-schema.js';
import { atrMatches, matchTarget } from '../profile/target-match.js';
import { commandToRaw } from '../protocol/dm/packages/commands.js';
import { toHex } from '../util/bytes.js';
import { err, ok, type Result } from '../util/result.js';
import { credentialAction } from './credential-actions.js';
import { buildCardContent, miidFrom, resolveAnchors } from './plan-parts.js';
import type { CredentialAction, Plan, PlanDeps, PlanFacts, PlanIssue } from './plan-types.js';

function targetIssue(profile: Profile, facts: PlanFacts, deps: PlanDeps): PlanIssue | undefined {
  const d = facts.device;
  // A profile with handset and smartcard sections (a mixed bench): for a card, the handset
  // criteria (models, USB ids) do not apply; target.atr and smartcard.cardAtr do.
  const mixed = deps.purpose === 'card' && profile.smartcard !== undefined && profile.target.models.length + profile.target.usb.length > 0;
  const target = mixed ? { ...profile.target, models: [], usb: [] } : profile.target;
  const verdict = matchTarget(target, { ...(d.model === undefined ? {} : { model: d.model }), ...(d.usb === undefined ? {} : { usb: d.usb }), ...(d.atr === undefined ? {} : { atr: d.atr }) });
  if (!verdict.matched) {
    const has = verdict.failed === 'models' ? `model ${d.model === undefined ? '(unknown)' : JSON.stringify(d.model)}` : verdict.failed === 'usb' ? `USB id ${d.usb === undefined ? '(unknown)' : `${d.usb.vid}:${d.usb.pid}`}` : `ATR ${d.atr === undefined ? '(unknown)' : toHex(d.atr)}`;
    return { code: 'target-mismatch', pointer: `/target/${verdict.failed}`, message: `profile ${profile.id} does not apply to this device: ${has} is not in target.${verdict.failed}` };
  }
  const cardAtr = profile.smartcard?.cardAtr ?? [];
  if (deps.purpose === 'card' && cardAtr.length > 0 && !(d.atr !== undefined && cardAtr.some((p) => atrMatches(p, d.atr!)))) {
    return { code: 'target-mismatch', pointer: '/smartcard/cardAtr', message: `profile ${profile.id} does not apply to this card: ATR ${d.atr === undefined ? '(unknown)' : toHex(d.atr)} is not in smartcard.cardAtr` };
  }
  return undefined;
}

/**
 * Compiles the plan for one device. The target is checked first (a mismatch is the only issue
 * then). Issues that stop `deps.purpose` make the result an error; for `preview` they are kept as
 * the plan's warnings, so an operator can read what a profile would do before the flow supports it.
 */
export function compilePlan(profile: Profile, facts: PlanFacts, deps: PlanDeps): Result<Plan, readonly PlanIssue[]> {
  const mismatch = targetIssue(profile, facts, deps);
  if (mismatch !== undefined) return err([mismatch]);
  const issues: PlanIssue[] = [];
  const warnings: PlanIssue[] = [];
  const d = facts.device;
  const v = facts.variables;
  const expanded = expandProfile(profile, {
    ...(d.imei === undefined ? {} : { imei: d.imei }),
    ...(d.iccid === undefined ? {} : { iccid: d.iccid }),
    ...(d.imsi === undefined ? {} : { imsi: d.imsi }),
    ...(v.serial === undefined ? {} : { serial: v.serial }),
    ...(v.counters === undefined ? {} : { counters: v.counters }),
    ...(v.csv === undefined ? {} : { csv: v.csv }),
  });
  if (!expanded.ok) return err(expanded.issues.map((i) => ({ code: 'template', pointer: i.pointer, message: i.message })));

  const taken = new Set<string>();
  const onCard = new Set(profile.smartcard?.bootstrap ?? []);
  const credentialActions: CredentialAction[] = [];
  const rawAccounts = profile.accounts.map((a, i) => {
    const miid = miidFrom(a.authority, taken);
    const { action, issue } = credentialAction(a, miid, i, deps.purpose === 'card' ? 'card' : 'cable');
    credentialActions.push(action);
    const relevant = deps.purpose !== 'card' || onCard.has(a.serverId);
    if (issue !== undefined && relevant) (deps.purpose === 'preview' ? warnings : issues).push(issue);
    // The cable derives a notification secret per device (issueNotiSecret); a card cannot hold one yet.
    if (a.notification.auth === 'shared-secret' && relevant && deps.purpose === 'card') {
      issues.push({ code: 'credential-unsupported', pointer: `/accounts/${i}/notification/auth`, message: `account ${a.serverId}: a notification shared secret cannot be issued by the smartcard bootstrap yet` });
    }
    const cable = deps.purpose !== 'card';
    return {
      miid,
      srvId: a.serverId,
      srvUri: a.serverUri,
      name: expanded.value.accountNames[a.serverId] ?? a.name,
      permittedMoids: a.permittedMoids,
      issueTrspSecret: cable && action.kind === 'psk',
      issueNotiSecret: cable && a.notification.auth === 'shared-secret',
      ...(cable && action.kind === 'psk' ? { trspSecretBytes: action.lengthBytes } : {}),
      ...(cable && (action.kind === 'station-key' || action.kind === 'device-csr') ? { issueCertificate: { keyType: action.keyType, validityDays: action.validityDays, keySource: action.kind === 'station-key' ? 'station' : 'device' } } : {}),
    };
  });
  const trustAnchors = resolveAnchors(profile, deps, issues);
  const config = expanded.value.initialConfig.map((c) => ({ ClientURI: c.ClientURI, MOData: c.MOData, grants: [] }));
  if (issues.length > 0) return err(issues);

  const parsed = BootstrapSpec.safeParse({ version: 1, accounts: rawAccounts, trustAnchors, config });
  if (!parsed.success) return err(parsed.error.issues.map((i) => ({ code: 'invalid-spec', pointer: `/${i.path.map(String).join('/')}`, message: `bootstrap description: ${i.message}` })));
  const spec = parsed.data;
  const session = planBootstrap(spec);
  const cardContent = deps.purpose === 'cable' ? undefined : buildCardContent(profile, spec.accounts, facts, deps, deps.purpose === 'card' ? issues : warnings);
  if (issues.length > 0) return err(issues);
  if (deps.purpose === 'card' && cardContent === undefined) return err([{ code: 'smartcard', pointer: '/smartcard', message: `profile ${profile.id} has no smartcard section` }]);
  return ok({
    profileId: profile.id,
    profileVersion: profile.version,
    purpose: deps.purpose,
    bootstrapSpec: spec,
    commands: session.commands,
    commandSummary: session.commands.map((c) => {
      const raw = commandToRaw(c);
      return { name: raw[0] ?? c.name, url: raw[1] ?? '' };
    }),
    moDocuments: session.publications,
    entries: session.publications.flatMap((p) => p.entries),
    instances: session.instances,
    credentialActions,
    ...(cardContent === undefined ? {} : { cardContent }),
    warnings,
  });
}
