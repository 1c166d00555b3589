/**
 * A precomputed index over flat tree rows for the inspector: parent and subtree end per row and a
 * lower-cased search text, so expanding, collapsing and filtering 100k rows are linear scans over
 * typed arrays, done off the render path (React renders only the visible window).
 */
import type { TreeRow } from './tree-schema.js';

/** Rows plus their structure. */
export interface TreeIndex {
  readonly rows: readonly TreeRow[];
  /** Parent row of each row (-1 for top-level rows). */
  readonly parent: Int32Array;
  /** Index just past each row's last descendant. */
  readonly end: Int32Array;
  /** `name \n uri \n value`, lower-cased, per row; built on first use (see {@link haystackOf}). */
  haystack: readonly string[] | undefined;
}

/** Indexes rows given in pre-order with depths. */
export function buildTreeIndex(rows: readonly TreeRow[]): TreeIndex {
  const n = rows.length;
  const parent = new Int32Array(n).fill(-1);
  const end = new Int32Array(n);
  const stack: number[] = [];
  for (let i = 0; i < n; i++) {
    const depth = rows[i]!.depth;
    while (stack.length > 0 && rows[stack[stack.length - 1]!]!.depth >= depth) end[stack.pop()!] = i;
    parent[i] = stack.length === 0 ? -1 : stack[stack.length - 1]!;
    stack.push(i);
  }
  while (stack.length > 0) end[stack.pop()!] = n;
  return { rows, parent, end, haystack: undefined };
}

/**
 * The search text of every row, built once per index (the first search, or ahead of it while the
 * user looks at the first paint): the name and ClientURI (lower-cased) and the value.
 */
export function haystackOf(index: TreeIndex): readonly string[] {
  if (index.haystack !== undefined) return index.haystack;
  const { rows } = index;
  const out = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    out[i] = (r.value === undefined ? `${r.name}\n${r.uri}` : `${r.name}\n${r.uri}\n${r.value}`).toLowerCase();
  }
  index.haystack = out;
  return out;
}

/** True when the row has children. */
export const hasChildren = (index: TreeIndex, i: number): boolean => index.end[i]! > i + 1;

/** Bit set in {@link TreeFilter.marks} for a row that matches. */
export const MATCH = 1;
/** Bit set for an ancestor of a matching row. */
export const ANCESTOR = 2;

/** The result of a search: per-row marks and how many rows matched. */
export interface TreeFilter {
  readonly query: string;
  readonly marks: Uint8Array;
  readonly matches: number;
}

/** Marks rows whose name, ClientURI or value contains `query` (case-insensitive), and their ancestors. */
export function filterTree(index: TreeIndex, query: string): TreeFilter {
  const q = query.trim().toLowerCase();
  const n = index.rows.length;
  const marks = new Uint8Array(n);
  let matches = 0;
  if (q === '') return { query: q, marks, matches };
  const { parent } = index;
  const haystack = haystackOf(index);
  for (let i = 0; i < n; i++) {
    if (!haystack[i]!.includes(q)) continue;
    marks[i]! |= MATCH;
    matches++;
    for (let p = parent[i]!; p >= 0 && (marks[p]! & ANCESTOR) === 0; p = parent[p]!) marks[p]! |= ANCESTOR;
  }
  return { query: q, marks, matches };
}

/**
 * The rows to show, in order: every top-level row and the children of expanded rows. With a
 * filter, only matches and their ancestors (ancestors shown expanded); a matching row's own
 * subtree appears when the user expands it.
 */
export function visibleRows(index: TreeIndex, expanded: ReadonlySet<number>, filter?: TreeFilter): Int32Array {
  const n = index.rows.length;
  const out = new Int32Array(n);
  let count = 0;
  const { end } = index;
  const plain = (from: number, to: number): void => {
    let i = from;
    while (i < to) {
      out[count++] = i;
      i = end[i]! > i + 1 && !expanded.has(i) ? end[i]! : i + 1;
    }
  };
  if (filter === undefined || filter.query === '') plain(0, n);
  else {
    const { marks } = filter;
    let i = 0;
    while (i < n) {
      const m = marks[i]!;
      if (m === 0) {
        i = end[i]!;
        continue;
      }
      out[count++] = i;
      if ((m & ANCESTOR) !== 0) i++;
      else {
        if (expanded.has(i)) plain(i + 1, end[i]!);
        i = end[i]!;
      }
    }
  }
  return out.subarray(0, count);
}
