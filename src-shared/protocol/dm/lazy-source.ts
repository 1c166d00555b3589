/**
 * Lazily built MO data backed by its parsed JSON source.
 *
 * A tree loaded from an MO serialization keeps, per instance, the JSON value it came from: its
 * nodes are built on first access, and while the instance is unchanged it serializes by
 * `JSON.stringify` of that source. Objects stay plain data (the lazy `root`/`node` is an
 * enumerable getter, so structured clone, spread and equality see the built value); the source
 * rides on a non-enumerable symbol, which spread and structured clone drop, so any modified copy
 * falls back to the ordinary path.
 */

import type { InteriorNode, TreeNode } from './tree/types.js';

/** Key of the hidden source on entries and instances. */
export const MO_SOURCE: unique symbol = Symbol('bootbench.dm.moSource');

/** The parsed JSON behind a lazily built node, owned by the engine (never mutated). */
export interface MoSource {
  /** The MOData value of the node (not the one-key wrapper). */
  readonly raw: unknown;
  /** True when serializing the built node yields exactly `JSON.stringify(raw)`. */
  readonly canonical: boolean;
  /** Memoized `JSON.stringify(raw)`. */
  text?: string;
}

/** The source behind an entry or instance, if it has one. */
export function sourceOf(o: object): MoSource | undefined {
  return (o as { [MO_SOURCE]?: MoSource })[MO_SOURCE];
}

/** Attaches a source (non-enumerable) and returns the object. */
export function attachSource<T extends object>(o: T, source: MoSource): T {
  Object.defineProperty(o, MO_SOURCE, { value: source, enumerable: false });
  return o;
}

/** The canonical JSON text of a source, or undefined when it is not canonical. */
export function canonicalText(source: MoSource): string | undefined {
  if (!source.canonical) return undefined;
  source.text ??= JSON.stringify(source.raw);
  return source.text;
}

/** Defines an enumerable property computed on first read and then stored as plain data. */
export function defineLazy<T extends object>(o: T, key: string, make: () => unknown): void {
  Object.defineProperty(o, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = make();
      Object.defineProperty(o, key, { value, enumerable: true, writable: false, configurable: false });
      return value;
    },
  });
}

/**
 * An interior node built from canonical source JSON: a changed instance still serializes its
 * unchanged subtrees by `JSON.stringify` of their source. The source is a private field, so the
 * node compares, spreads and structured-clones exactly like a plain interior node; nodes are
 * immutable, so the pairing stays true for the node's lifetime.
 */
export class SourcedInterior implements InteriorNode {
  readonly kind = 'interior' as const;
  readonly #raw: unknown;

  constructor(
    readonly permanent: boolean,
    readonly children: ReadonlyMap<string, TreeNode>,
    raw: unknown,
  ) {
    this.#raw = raw;
  }

  /** The canonical source JSON of this node. */
  sourceJson(): unknown {
    return this.#raw;
  }
}

/** The canonical source JSON of a built node, if it has one. */
export function rawOf(node: TreeNode): unknown {
  return node instanceof SourcedInterior ? node.sourceJson() : undefined;
}
