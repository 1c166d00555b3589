import { instanceClientUri, type MoDataValue, type MoEntryJson } from '../protocol/mo/mo-entry.js';
import type { MoDataTemplate, Profile } from './profile-schema.js';
import { expandTemplate, type TemplateContext } from './template.js';
import { jsonPointer, type ProfileIssue } from './validate-profile.js';

/** The per-device parts of a profile with every template filled in. */
export interface ExpandedProfile {
  /** Account display names by serverId. */
  readonly accountNames: Readonly<Record<string, string>>;
  /** Initial-configuration MO instances as MO serialization entries (ClientURI + MOData). */
  readonly initialConfig: readonly MoEntryJson[];
}

function expandValue(value: MoDataTemplate, path: (string | number)[], ctx: TemplateContext, profile: Profile, issues: ProfileIssue[]): MoDataValue {
  if (typeof value === 'string') {
    const r = expandTemplate(value, ctx, profile.variables.counters);
    if (r.ok) return r.value;
    issues.push({ path, pointer: jsonPointer(path), message: r.problem.message });
    return '';
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const out: Record<string, MoDataValue> = {};
  for (const [k, v] of Object.entries(value)) out[k] = expandValue(v, [...path, k], ctx, profile, issues);
  return out as MoDataValue;
}

/**
 * Fills a validated profile's templates for one device. Every variable without a value is an issue
 * at its JSON pointer — nothing is written with a blank where a device value belongs.
 */
export function expandProfile(profile: Profile, ctx: TemplateContext): { readonly ok: true; readonly value: ExpandedProfile } | { readonly ok: false; readonly issues: readonly ProfileIssue[] } {
  const issues: ProfileIssue[] = [];
  const full: TemplateContext = { ...ctx, static: { ...profile.variables.static, ...ctx.static } };
  const accountNames: Record<string, string> = {};
  profile.accounts.forEach((a, i) => {
    accountNames[a.serverId] = expandValue(a.name, ['accounts', i, 'name'], full, profile, issues) as string;
  });
  const initialConfig = profile.initialConfig.map((c, i): MoEntryJson => ({
    ClientURI: instanceClientUri(c.moid, c.miid),
    MOData: expandValue(c.data, ['initialConfig', i, 'data'], full, profile, issues) as { readonly [root: string]: MoDataValue },
  }));
  return issues.length === 0 ? { ok: true, value: { accountNames, initialConfig } } : { ok: false, issues };
}
