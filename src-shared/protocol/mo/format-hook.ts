/**
 * Leaf formats from DDF descriptions, for the DM engine's MO serialization decoder.
 */
import type { DdfDocument, DdfNode } from '../ddf/model.js';
import type { FormatHook } from '../dm/serialization.js';
import type { LeafFormat } from '../dm/tree/types.js';
import { STANDARD_DDFS } from './standard-ddfs.js';

/** A DDF with the MOID it describes. */
export interface DescribedMo {
  readonly moid: string;
  readonly document: DdfDocument;
}

/** The child matching a node name: an exact name first, else the unnamed placeholder `<x>`. */
function childFor(node: DdfNode, name: string): DdfNode | undefined {
  return node.children.find((c) => c.name === name) ?? node.children.find((c) => c.name === null);
}

/**
 * The DDF leaf format at `path` (relative to the MO instance root) of an MO, or undefined when
 * the MO or the path is not described or names an interior node.
 */
export function formatAt(mo: DescribedMo, path: readonly string[]): LeafFormat | undefined {
  let node = mo.document.nodes[0];
  for (const segment of path) {
    if (node === undefined) return undefined;
    node = childFor(node, segment);
  }
  const format = node?.properties?.format;
  return format === undefined || format === 'node' ? undefined : format;
}

/** A {@link FormatHook} answering from the given descriptions (default: the standard MOs). */
export function formatHookFromDdfs(mos: readonly DescribedMo[] = STANDARD_DDFS): FormatHook {
  const byMoid = new Map(mos.map((m) => [m.moid, m]));
  return (moid, path) => {
    const mo = byMoid.get(moid);
    return mo === undefined ? undefined : formatAt(mo, path);
  };
}
