import type { CounterSpec } from './profile-schema.js';

/** One `{…}` variable reference in a template string. */
export type TemplateVariable =
  | { readonly kind: 'imei' | 'iccid' | 'imsi' | 'serial' }
  | { readonly kind: 'counter' | 'csv' | 'static'; readonly name: string };

/** A template split into literal text and variable references. */
export type TemplatePart = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'var'; readonly variable: TemplateVariable; readonly source: string };

/** Why a template is not valid. */
export interface TemplateProblem {
  readonly message: string;
}

const DEVICE_FACTS = new Set(['imei', 'iccid', 'imsi', 'serial']);
const NAMED = /^(counter|csv|static):([A-Za-z][A-Za-z0-9_-]{0,63})$/;

/**
 * Splits a template into parts. The variable set is closed: `{imei}`, `{iccid}`, `{imsi}`,
 * `{serial}`, `{counter:NAME}`, `{csv:COLUMN}`, `{static:NAME}`; `{{` and `}}` are literal braces.
 */
export function parseTemplate(text: string): { readonly ok: true; readonly parts: TemplatePart[] } | { readonly ok: false; readonly problem: TemplateProblem } {
  const parts: TemplatePart[] = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if ((c === '{' || c === '}') && text[i + 1] === c) {
      literal += c;
      i++;
      continue;
    }
    if (c === '}') return { ok: false, problem: { message: `unmatched } at character ${i + 1} (write }} for a literal brace)` } };
    if (c !== '{') {
      literal += c;
      continue;
    }
    const end = text.indexOf('}', i);
    if (end < 0) return { ok: false, problem: { message: `unclosed { at character ${i + 1} (write {{ for a literal brace)` } };
    const source = text.slice(i + 1, end);
    let variable: TemplateVariable;
    const named = NAMED.exec(source);
    if (DEVICE_FACTS.has(source)) variable = { kind: source as 'imei' | 'iccid' | 'imsi' | 'serial' };
    else if (named !== null) variable = { kind: named[1] as 'counter' | 'csv' | 'static', name: named[2]! };
    else return { ok: false, problem: { message: `unknown variable {${source}}; known: {imei} {iccid} {imsi} {serial} {counter:NAME} {csv:COLUMN} {static:NAME}` } };
    if (literal !== '') parts.push({ kind: 'text', text: literal });
    literal = '';
    parts.push({ kind: 'var', variable, source });
    i = end;
  }
  if (literal !== '') parts.push({ kind: 'text', text: literal });
  return { ok: true, parts };
}

/** The per-device values a template expands with. */
export interface TemplateContext {
  readonly imei?: string;
  readonly iccid?: string;
  readonly imsi?: string;
  /** The allocated serial (storage `allocate('serial')`). */
  readonly serial?: string;
  /** Counter values already allocated for this device, by counter name. */
  readonly counters?: Readonly<Record<string, number>>;
  /** The device's CSV row (looked up by IMEI or ICCID). */
  readonly csv?: Readonly<Record<string, string>>;
  readonly static?: Readonly<Record<string, string>>;
}

/** Formats counter value number `n` (0-based) of a counter: start + n·step, zero-padded to width. */
export function counterValue(spec: CounterSpec, n: number): string {
  return String(spec.start + n * spec.step).padStart(spec.width, '0');
}

/**
 * Expands a template; a variable with no value for this device is an error naming it (a unit
 * must never be provisioned with a blank where its IMEI should be).
 */
export function expandTemplate(text: string, ctx: TemplateContext, counters: readonly CounterSpec[]): { readonly ok: true; readonly value: string } | { readonly ok: false; readonly problem: TemplateProblem } {
  const parsed = parseTemplate(text);
  if (!parsed.ok) return parsed;
  let out = '';
  for (const part of parsed.parts) {
    if (part.kind === 'text') {
      out += part.text;
      continue;
    }
    const v = part.variable;
    let value: string | undefined;
    if (v.kind === 'counter') {
      const spec = counters.find((c) => c.name === v.name);
      const n = ctx.counters?.[v.name];
      value = spec === undefined || n === undefined ? undefined : counterValue(spec, n);
    } else if (v.kind === 'csv') value = ctx.csv?.[v.name];
    else if (v.kind === 'static') value = ctx.static?.[v.name];
    else value = ctx[v.kind];
    if (value === undefined) return { ok: false, problem: { message: `no value for {${part.source}} for this device` } };
    out += value;
  }
  return { ok: true, value: out };
}
