import { assertNever } from '../util/assert-never.js';
import { ProfileSchema, type MoDataTemplate, type Profile } from './profile-schema.js';
import { parseTemplate, type TemplateVariable } from './template.js';

/** One problem in a profile, located by path (and by line:column when the source text is known). */
export interface ProfileIssue {
  /** Path into the document, e.g. `['accounts', 0, 'serverUri']`. */
  readonly path: readonly (string | number)[];
  /** The same path as an RFC 6901 JSON pointer, e.g. `/accounts/0/serverUri`. */
  readonly pointer: string;
  readonly message: string;
  /** 1-based position of the offending value (or of the nearest enclosing one) in the source. */
  readonly line?: number;
  readonly column?: number;
}

/** Outcome of validating a profile document: a bad profile is data, not an exception. */
export type ProfileValidation = { readonly ok: true; readonly profile: Profile } | { readonly ok: false; readonly issues: readonly ProfileIssue[] };

/** RFC 6901 JSON pointer of a path. */
export function jsonPointer(path: readonly (string | number)[]): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

const issue = (path: readonly (string | number)[], message: string): ProfileIssue => ({ path, pointer: jsonPointer(path), message });

function variableProblem(v: TemplateVariable, p: Profile): string | undefined {
  switch (v.kind) {
    case 'imei':
    case 'iccid':
    case 'imsi':
    case 'serial':
      return undefined;
    case 'counter':
      return p.variables.counters.some((c) => c.name === v.name) ? undefined : `{counter:${v.name}} is not declared in variables.counters`;
    case 'csv':
      if (p.variables.csv === undefined) return `{csv:${v.name}} needs variables.csv`;
      return p.variables.csv.columns.includes(v.name) ? undefined : `{csv:${v.name}} is not one of variables.csv.columns`;
    case 'static':
      return Object.hasOwn(p.variables.static, v.name) ? undefined : `{static:${v.name}} is not declared in variables.static`;
    default:
      return assertNever(v, 'Unexpected template variable');
  }
}

function checkTemplate(text: string, path: readonly (string | number)[], p: Profile, out: ProfileIssue[]): void {
  const parsed = parseTemplate(text);
  if (!parsed.ok) return void out.push(issue(path, parsed.problem.message));
  for (const part of parsed.parts) {
    if (part.kind !== 'var') continue;
    const problem = variableProblem(part.variable, p);
    if (problem !== undefined) out.push(issue(path, problem));
  }
}

function walkMoData(value: MoDataTemplate, path: readonly (string | number)[], p: Profile, out: ProfileIssue[]): void {
  if (typeof value === 'string') checkTemplate(value, path, p, out);
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walkMoData(v, [...path, k], p, out);
}

function duplicates<T>(items: readonly T[], key: (t: T) => string, path: (i: number) => readonly (string | number)[], what: string, out: ProfileIssue[]): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first !== undefined) out.push(issue(path(i), `duplicate ${what} "${k}" (first at index ${first}; one per profile)`));
    else seen.set(k, i);
  });
}

/** Rules across fields that the schema alone cannot state. */
function crossFieldIssues(p: Profile): ProfileIssue[] {
  const out: ProfileIssue[] = [];
  duplicates(p.accounts, (a) => a.authority, (i) => ['accounts', i, 'authority'], 'management authority', out);
  duplicates(p.accounts, (a) => a.serverId, (i) => ['accounts', i, 'serverId'], 'serverId', out);
  duplicates(p.variables.counters, (c) => c.name, (i) => ['variables', 'counters', i, 'name'], 'counter', out);
  duplicates(p.initialConfig, (c) => `${c.moid}/${c.miid}`, (i) => ['initialConfig', i, 'miid'], 'MO instance', out);
  duplicates(p.trustAnchors, (t) => t.name, (i) => ['trustAnchors', i, 'name'], 'trust anchor name', out);
  p.accounts.forEach((a, i) => checkTemplate(a.name, ['accounts', i, 'name'], p, out));
  p.initialConfig.forEach((c, i) => {
    walkMoData(c.data, ['initialConfig', i, 'data'], p, out);
    const granted = p.accounts.some((a) => a.permittedMoids.includes(c.moid));
    if (!granted) out.push(issue(['initialConfig', i, 'moid'], `no account is permitted ${c.moid}; add it to an account's permittedMoids`));
  });
  p.smartcard?.bootstrap.forEach((id, i) => {
    if (!p.accounts.some((a) => a.serverId === id)) out.push(issue(['smartcard', 'bootstrap', i], `no account has serverId "${id}"`));
  });
  if (p.smartcard?.pin.source === 'csv' && !(p.variables.csv?.columns.includes('pin') ?? false)) {
    out.push(issue(['smartcard', 'pin', 'source'], 'a PIN from CSV needs variables.csv with a "pin" column'));
  }
  return out;
}

/**
 * Validates an already-parsed document (JSON or YAML data) against the schema and the cross-field
 * rules. Issues carry paths; `src-main/profile/profile-file.ts` adds line:column from the source.
 */
export function validateProfile(document: unknown): ProfileValidation {
  const parsed = ProfileSchema.safeParse(document);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.flatMap(schemaIssues) };
  }
  const issues = crossFieldIssues(parsed.data);
  return issues.length === 0 ? { ok: true, profile: parsed.data } : { ok: false, issues };
}

/** A zod issue as profile issues; an unknown field is reported at the field itself (one per key). */
function schemaIssues(i: { readonly code: string; readonly message: string; readonly path: readonly PropertyKey[]; readonly keys?: readonly string[] }): ProfileIssue[] {
  const path = i.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (i.code === 'unrecognized_keys' && i.keys !== undefined) return i.keys.map((k) => issue([...path, k], `unknown field "${k}"`));
  return [issue(path, i.message)];
}
