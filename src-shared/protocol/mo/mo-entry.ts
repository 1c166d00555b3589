/**
 * The MO serialization JSON shape (digest §5.3) that the typed MO helpers produce and read.
 */
import { z } from 'zod';
import { ProvisioningError } from '../../errors/provisioning-error.js';

/** A node in MOData: leaf values are strings (digest §5.3), interior nodes objects. */
export type MoDataValue = string | { readonly [name: string]: MoDataValue };

/** One element of the MO serialization array: `{ DDF?, ClientURI, CV?, MOData }`. */
export interface MoEntryJson {
  readonly DDF?: string;
  readonly ClientURI: string;
  readonly CV?: string;
  readonly MOData: { readonly [root: string]: MoDataValue };
}

/** Names never used as MOData keys or MIIDs: path confusion and object-key hazards. */
export const RESERVED_NAMES: readonly string[] = ['.', '..', '__proto__', 'constructor', 'prototype'];

/** An MO instance id (MIID): one ClientURI segment, no reserved name. */
export const Miid = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[^\s/?#&%]+$/, 'an MIID is one ClientURI segment')
  .refine((s) => !RESERVED_NAMES.includes(s), 'reserved name');

/** The ClientURI of an MO instance root: `MOID/MIID/`. */
export function instanceClientUri(moid: string, miid: string): string {
  return `${moid}/${Miid.parse(miid)}/`;
}

/** Plain-object check that refuses arrays and objects with a non-standard prototype. */
export function isPlainRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Own entries of a plain record, failing on reserved keys (never walks the prototype). */
export function ownEntries(value: unknown, where: string): [string, unknown][] {
  if (!isPlainRecord(value)) throw new ProvisioningError('INVALID_REQUEST', `${where} must be an object`);
  const entries = Object.entries(value);
  for (const [key] of entries) {
    if (RESERVED_NAMES.includes(key)) throw new ProvisioningError('INVALID_REQUEST', `${where} has the reserved key ${JSON.stringify(key)}`);
  }
  return entries;
}

/** Turns a zod failure into an INVALID_REQUEST naming the first problem's path (never the value). */
export function invalid(what: string, error: z.ZodError): ProvisioningError {
  const first = error.issues[0];
  const path = first === undefined ? '' : first.path.map(String).join('.');
  return new ProvisioningError('INVALID_REQUEST', `Invalid ${what}${path === '' ? '' : ` at ${path}`}: ${first?.message ?? 'invalid'}`);
}

/** The value under the single allowed key of a one-key object. */
export function only(value: unknown, key: string, where: string): unknown {
  const entries = ownEntries(value, where);
  const [first, second] = entries;
  if (first === undefined || second !== undefined || first[0] !== key) {
    throw new ProvisioningError('INVALID_REQUEST', `${where} must have exactly one key, ${key}`);
  }
  return first[1];
}

/** An object's fields as a null-prototype map, refusing keys outside `allowed`. */
export function record(value: unknown, where: string, allowed: readonly string[]): Readonly<Record<string, unknown>> {
  const out = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of ownEntries(value, where)) {
    if (!allowed.includes(k)) throw new ProvisioningError('INVALID_REQUEST', `${where} has an unknown node ${JSON.stringify(k.slice(0, 40))}`);
    out[k] = v;
  }
  return out;
}
