/**
 * Walking and addressing the nodes of a {@link DdfDocument}.
 */
import { PLACEHOLDER_LABEL, type DdfDocument, type DdfNode } from './model.js';

/** A node with its address in the described tree. */
export interface LocatedNode {
  readonly node: DdfNode;
  /** Slash-separated address; placeholders appear as `<x>`; top-level nodes start from their `Path`. */
  readonly uri: string;
  /** 0 for top-level nodes. */
  readonly depth: number;
}

/** Display label of a node: its name, or `<x>` for an unnamed placeholder. */
export function nodeLabel(node: DdfNode): string {
  return node.name ?? PLACEHOLDER_LABEL;
}

/** Address of a top-level node: `Path/Name` when a Path is given, else the bare name. */
export function topLevelUri(node: DdfNode): string {
  const path = node.path?.replace(/\/+$/, '');
  return path === undefined || path === '' ? nodeLabel(node) : `${path}/${nodeLabel(node)}`;
}

/** Every node in document order (depth first, parents before children), iteratively. */
export function listNodes(doc: DdfDocument): LocatedNode[] {
  const out: LocatedNode[] = [];
  const stack: LocatedNode[] = [];
  for (let i = doc.nodes.length - 1; i >= 0; i--) {
    const node = doc.nodes[i];
    if (node !== undefined) stack.push({ node, uri: topLevelUri(node), depth: 0 });
  }
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    out.push(item);
    const children = item.node.children;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child !== undefined) stack.push({ node: child, uri: `${item.uri}/${nodeLabel(child)}`, depth: item.depth + 1 });
    }
  }
  return out;
}

/** The node at an address as produced by {@link listNodes}, if any. */
export function findNode(doc: DdfDocument, uri: string): DdfNode | undefined {
  return listNodes(doc).find((n) => n.uri === uri)?.node;
}

/** The MOID a DDF describes: the first non-empty DDFName of a top-level node, if any. */
export function moidOf(doc: DdfDocument): string | undefined {
  for (const node of doc.nodes) {
    const name = node.properties?.dfType?.ddfName;
    if (name !== undefined && name !== '') return name;
  }
  return undefined;
}
