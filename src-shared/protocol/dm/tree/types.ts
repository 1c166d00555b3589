/**
 * Management-tree data types: MO instances keyed by (MOID, MIID) holding interior and leaf nodes.
 *
 * All values are immutable; mutations (see `tree.ts`) copy the path they change and share the
 * rest, so a snapshot taken before a transaction stays valid and rollback is free.
 */

/** DM node formats (digest §5.1). `node` is the interior-node format; all others are leaf formats. */
export const NODE_FORMATS = ['chr', 'int', 'bool', 'bin', 'float', 'date', 'time', 'node', 'null', 'b64', 'xml'] as const;

/** One DM node format. */
export type NodeFormat = (typeof NODE_FORMATS)[number];

/** Formats a leaf may carry. */
export type LeafFormat = Exclude<NodeFormat, 'node'>;

/** A typed leaf value. `bin` is raw bytes (base64 only in serialized form); `b64` is text. */
export type LeafValue =
  | { readonly format: 'chr' | 'date' | 'time' | 'b64' | 'xml'; readonly value: string }
  | { readonly format: 'int' | 'float'; readonly value: number }
  | { readonly format: 'bool'; readonly value: boolean }
  | { readonly format: 'bin'; readonly value: Uint8Array }
  | { readonly format: 'null'; readonly value: null };

/** A leaf node: a value, no children. Permanent nodes cannot be deleted by a server. */
export type LeafNode = { readonly kind: 'leaf'; readonly permanent: boolean } & LeafValue;

/** An interior node: named children, no value. */
export interface InteriorNode {
  readonly kind: 'interior';
  readonly permanent: boolean;
  readonly children: ReadonlyMap<string, TreeNode>;
}

/** Any node of a management tree. */
export type TreeNode = LeafNode | InteriorNode;

/** Access rights on an MO instance (digest §5.2, §6.1). */
export const RIGHTS = ['Read', 'Write', 'Execute', 'Delegate'] as const;

/** One access right. */
export type Right = (typeof RIGHTS)[number];

/** Who created an MO instance or acts on the tree: a DM server (by SrvID) or a local application. */
export type Principal = { readonly kind: 'server'; readonly serverId: string } | { readonly kind: 'local' };

/** One MO instance: the unit of addressing (MOID + MIID) and of access control. */
export interface MoInstance {
  readonly moid: string;
  readonly miid: string;
  /** Name of the MO root node (the single key of MOData, e.g. `DevInfo`). */
  readonly rootName: string;
  readonly root: InteriorNode;
  readonly creator: Principal;
  /** Rights per server id (creator included when it is a server). */
  readonly permissions: ReadonlyMap<string, readonly Right[]>;
  /** Cache validator; changes whenever anything in the instance changes. */
  readonly cv: string;
  /** DDF URL announced for this instance, when known. */
  readonly ddf?: string;
}

/** The whole tree: instances by MOID, then by MIID, plus a change counter for cache validators. */
export interface ManagementTree {
  readonly instances: ReadonlyMap<string, ReadonlyMap<string, MoInstance>>;
  /** Incremented by every mutation; feeds generated cache validators. */
  readonly revision: number;
}

/** A node path inside an MO instance, from (excluding) the instance root. */
export type NodePath = readonly string[];
