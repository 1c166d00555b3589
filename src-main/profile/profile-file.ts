import { readFile } from 'node:fs/promises';
import { LineCounter, isMap, isNode, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { profileHash, canonicalProfileJson } from '../../src-shared/profile/profile-hash.js';
import type { Profile } from '../../src-shared/profile/profile-schema.js';
import { validateProfile, type ProfileIssue } from '../../src-shared/profile/validate-profile.js';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import { nodeSha256 } from '../storage/audit-store.js';

/** A profile read from text: valid (with its content hash) or a list of located issues. */
export type LoadedProfile =
  | { readonly ok: true; readonly profile: Profile; readonly hash: string; readonly canonical: string; readonly source: string }
  | { readonly ok: false; readonly issues: readonly ProfileIssue[]; readonly source: string };

/** Largest profile file accepted (a profile is configuration, not data). */
export const MAX_PROFILE_BYTES = 4 * 1024 * 1024;

/** The node at `path`, or the nearest ancestor that exists; for a map key, the key node itself. */
function nodeAt(doc: Document, path: readonly (string | number)[]): YamlNode | undefined {
  let node: unknown = doc.contents;
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
      if (pair === undefined) return node;
      // Point at the value, or at the key when the value is empty.
      node = isNode(pair.value) ? pair.value : pair.key;
    } else if (isSeq(node) && typeof step === 'number' && isNode(node.items[step])) {
      node = node.items[step];
    } else {
      return isNode(node) ? node : undefined;
    }
  }
  return isNode(node) ? node : undefined;
}

/** For an unknown field, point at its key rather than its value. */
function keyNodeAt(doc: Document, path: readonly (string | number)[]): YamlNode | undefined {
  const parent = nodeAt(doc, path.slice(0, -1));
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(path.at(-1)));
  return isNode(pair?.key) ? pair.key : undefined;
}

/**
 * Parses and validates a profile from JSON or YAML text (JSON is read by the YAML 1.2 parser, so
 * both get positions). Every issue has a JSON pointer and, where the source has it, line:column.
 */
export function parseProfileText(text: string, source = '<text>'): LoadedProfile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      source,
      issues: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { path: [], pointer: '', message: e.message.split('\n')[0] ?? e.message, line: pos.line, column: pos.col };
      }),
    };
  }
  let data: unknown;
  try {
    // toJS resolves aliases: an unresolved one, or too many (billion laughs), throws here.
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, source, issues: [{ path: [], pointer: '', message: error instanceof Error ? error.message : 'the document cannot be read' }] };
  }
  const result = validateProfile(data);
  if (!result.ok) {
    return {
      ok: false,
      source,
      issues: result.issues.map((i) => {
        const node = (i.message.startsWith('unknown field') ? keyNodeAt(doc, i.path) : undefined) ?? nodeAt(doc, i.path);
        if (node?.range === undefined || node.range === null) return i;
        const pos = lineCounter.linePos(node.range[0]);
        return { ...i, line: pos.line, column: pos.col };
      }),
    };
  }
  return { ok: true, source, profile: result.profile, hash: profileHash(result.profile, nodeSha256), canonical: canonicalProfileJson(result.profile) };
}

/** Reads and validates a profile file; an unreadable or oversized file is a typed error. */
export async function loadProfileFile(file: string): Promise<LoadedProfile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    throw new ProvisioningError('NOT_FOUND', `Cannot read the profile ${file}`, { cause });
  }
  if (bytes.length > MAX_PROFILE_BYTES) throw new ProvisioningError('INVALID_REQUEST', `${file} is larger than ${MAX_PROFILE_BYTES} bytes`);
  return parseProfileText(bytes.toString('utf8'), file);
}

/** One issue as a `file:line:col: pointer: message` line (the compiler convention editors link). */
export function formatIssue(source: string, i: ProfileIssue): string {
  const where = i.line === undefined ? source : `${source}:${i.line}:${i.column ?? 1}`;
  return `${where}: ${i.pointer === '' ? '(document)' : i.pointer}: ${i.message}`;
}
