import { ProvisioningError } from '../../errors/index.js';
import { assertNever } from '../../util/assert-never.js';
import { err, ok, type Result } from '../../util/result.js';
import { DEFAULT_LIMITS } from './limits.js';
import { isXName, nameProblem } from './tree/names.js';
import { quoteShort } from './text.js';

/** The mo-inst part of a ClientURI (digest §4.1). */
export type InstanceSelector =
  | { readonly kind: 'miid'; readonly miid: string }
  | { readonly kind: 'xname'; readonly name: string }
  | { readonly kind: 'single' }
  | { readonly kind: 'all' };

/** One path segment of a ClientURI. */
export type PathSegment =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'xname'; readonly name: string }
  | { readonly kind: 'all' };

/** A node-value condition `nv=(x)/rel/path:value`. */
export interface NvCondition {
  /** The x-name letter, without parentheses. */
  readonly xname: string;
  readonly relPath: readonly string[];
  readonly value: string;
}

/** A parsed ClientURI: `<MOID>/<mo-inst>/<path>[?nv=…&cv=…]`. */
export interface ClientUri {
  readonly moid: string;
  readonly instance: InstanceSelector;
  readonly path: readonly PathSegment[];
  readonly nv: readonly NvCondition[];
  readonly cv?: string;
}

/** True when the text is a ServerURI (an http or https URL), the way P2 arguments are told apart. */
export function isServerUri(text: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(text);
}

const INSTANCE_ROOT = /^(urn:[^\s/?#&]+)\/([^\s/?#&()*]+)\/$/;

function bad(uri: string, why: string): ProvisioningError {
  return new ProvisioningError('INVALID_REQUEST', `Bad ClientURI: ${why}`, { details: { uri: uri.slice(0, 200) } });
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + sep.length)];
}

function nameOrError(uri: string, name: string, what: string): string | ProvisioningError {
  const problem = nameProblem(name);
  return problem === undefined ? name : bad(uri, `${what} ${quoteShort(name)}: ${problem}`);
}

function parseMoid(uri: string, main: string): [string, string] | ProvisioningError {
  if (main.startsWith('urn:')) {
    const [moid, rest] = splitOnce(main, '/');
    if (rest === undefined) return bad(uri, 'no instance part after the MOID');
    if (!/^urn:[^\s/?#&]+$/.test(moid)) return bad(uri, 'malformed URN MOID');
    return [moid, rest];
  }
  // Reverse-domain MOIDs such as org.openmobilealliance/1.0/w7 (digest Appendix E, INFERRED).
  const parts = main.split('/');
  if (parts.length < 4) return bad(uri, 'no instance part after the MOID');
  const moidParts = parts.slice(0, 3);
  if (moidParts.some((p) => p.length === 0 || /[\s?#&]/.test(p))) return bad(uri, 'malformed MOID');
  return [moidParts.join('/'), parts.slice(3).join('/')];
}

function parseInstance(uri: string, token: string): InstanceSelector | ProvisioningError {
  if (token === '') return { kind: 'single' };
  if (token === '*') return { kind: 'all' };
  if (isXName(token)) return { kind: 'xname', name: token.slice(1, -1) };
  const miid = nameOrError(uri, token, 'MIID');
  return typeof miid === 'string' ? { kind: 'miid', miid } : miid;
}

function parseSegment(uri: string, token: string): PathSegment | ProvisioningError {
  if (token === '*') return { kind: 'all' };
  if (isXName(token)) return { kind: 'xname', name: token.slice(1, -1) };
  const name = nameOrError(uri, token, 'segment');
  return typeof name === 'string' ? { kind: 'name', name } : name;
}

function parseNv(uri: string, text: string): NvCondition | ProvisioningError {
  const m = /^\(([A-Za-z])\)\/([^:]+):(.*)$/s.exec(text);
  if (m === null) return bad(uri, 'nv field must be (x)/rel/path:value');
  const relPath = m[2]!.split('/');
  for (const seg of relPath) {
    const name = nameOrError(uri, seg, 'nv path segment');
    if (typeof name !== 'string') return name;
  }
  return { xname: m[1]!, relPath, value: m[3]! };
}

/**
 * Parses a ClientURI, returning a typed error instead of throwing.
 *
 * Rules beyond the digest's grammar (documented in decisions.ts): no percent-decoding; empty
 * segments are rejected except one trailing `/`; x-names are single letters, each used at most
 * once and each constrained by at least one `nv`; every `nv` names an x-name of the path; at most
 * one `cv`.
 */
export function tryParseClientUri(uri: string, maxLength = DEFAULT_LIMITS.maxStringLength): Result<ClientUri, ProvisioningError> {
  if (typeof uri !== 'string') return err(bad('', 'not a string'));
  if (uri.length > maxLength) return err(bad(uri, 'too long'));
  // Fast path for the commonest form, an instance root `urn:…/<MIID>/` (every serialization entry).
  const simple = INSTANCE_ROOT.exec(uri);
  if (simple !== null && nameProblem(simple[2]!) === undefined) return ok({ moid: simple[1]!, instance: { kind: 'miid', miid: simple[2]! }, path: [], nv: [] });
  if (/[\s#]/.test(uri)) return err(bad(uri, 'whitespace or # in ClientURI'));
  const [main, query] = splitOnce(uri, '?');
  const moidRest = parseMoid(uri, main);
  if (moidRest instanceof ProvisioningError) return err(moidRest);
  const [moid, rest] = moidRest;
  const tokens = rest.split('/');
  const instance = parseInstance(uri, tokens[0]!);
  if (instance instanceof ProvisioningError) return err(instance);
  const segTokens = tokens.slice(1);
  if (segTokens.length > 0 && segTokens[segTokens.length - 1] === '') segTokens.pop();
  const path: PathSegment[] = [];
  for (const t of segTokens) {
    if (t === '') return err(bad(uri, 'empty path segment'));
    const seg = parseSegment(uri, t);
    if (seg instanceof ProvisioningError) return err(seg);
    path.push(seg);
  }
  const nv: NvCondition[] = [];
  let cv: string | undefined;
  if (query !== undefined) {
    for (const field of query.split('&')) {
      const [key, value] = splitOnce(field, '=');
      if (value === undefined) return err(bad(uri, `query field without "=": ${quoteShort(field)}`));
      if (key === 'nv') {
        const cond = parseNv(uri, value);
        if (cond instanceof ProvisioningError) return err(cond);
        nv.push(cond);
      } else if (key === 'cv') {
        if (cv !== undefined) return err(bad(uri, 'more than one cv field'));
        if (value.length === 0) return err(bad(uri, 'empty cv'));
        cv = value;
      } else return err(bad(uri, `unknown query field ${quoteShort(key)}`));
    }
  }
  const xnames = [instance, ...path].filter((s) => s.kind === 'xname').map((s) => (s as { name: string }).name);
  if (new Set(xnames).size !== xnames.length) return err(bad(uri, 'an x-name is used twice'));
  for (const x of xnames) if (!nv.some((c) => c.xname === x)) return err(bad(uri, `x-name (${x}) has no nv condition`));
  for (const c of nv) if (!xnames.includes(c.xname)) return err(bad(uri, `nv names (${c.xname}), which is not in the path`));
  return ok(cv === undefined ? { moid, instance, path, nv } : { moid, instance, path, nv, cv });
}

/** Parses a ClientURI; throws `ProvisioningError('INVALID_REQUEST')` when malformed. */
export function parseClientUri(uri: string, maxLength?: number): ClientUri {
  const r = tryParseClientUri(uri, maxLength);
  if (!r.ok) throw r.error;
  return r.value;
}

function formatInstance(i: InstanceSelector): string {
  switch (i.kind) {
    case 'miid':
      return i.miid;
    case 'xname':
      return `(${i.name})`;
    case 'single':
      return '';
    case 'all':
      return '*';
    default:
      return assertNever(i, 'unknown instance selector');
  }
}

function formatSegment(s: PathSegment): string {
  switch (s.kind) {
    case 'name':
      return s.name;
    case 'xname':
      return `(${s.name})`;
    case 'all':
      return '*';
    default:
      return assertNever(s, 'unknown path segment');
  }
}

/**
 * Formats a ClientURI in canonical form: `MOID/inst/` for an instance root, `MOID/inst/a/b`
 * otherwise, then `nv` fields in order and `cv` last.
 */
export function formatClientUri(uri: ClientUri): string {
  const base = `${uri.moid}/${formatInstance(uri.instance)}/${uri.path.map(formatSegment).join('/')}`;
  const fields = uri.nv.map((c) => `nv=(${c.xname})/${c.relPath.join('/')}:${c.value}`);
  if (uri.cv !== undefined) fields.push(`cv=${uri.cv}`);
  return fields.length === 0 ? base : `${base}?${fields.join('&')}`;
}

/** The concrete ClientURI of a node: `MOID/MIID/` plus the node path. */
export function concreteClientUri(moid: string, miid: string, path: readonly string[]): string {
  return `${moid}/${miid}/${path.join('/')}`;
}
