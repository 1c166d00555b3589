/**
 * Typed model of an OMA DM Device Description Framework (DDF) document: the MO description.
 *
 * DM 2.0 reuses the DM 1.2/1.3 DDF (digest §5.5, §12). The model keeps what DM 2.0 reads
 * (names, DFProperties, vendor extensions) and drops what it ignores (RTProperties). It holds no
 * objects keyed by node names, so names such as `__proto__` are plain data.
 */

/** DFFormat values (digest §12). */
export const DF_FORMATS = ['b64', 'bin', 'bool', 'chr', 'int', 'node', 'null', 'xml', 'date', 'time', 'float'] as const;
/** The format of a node's value; `node` marks an interior node. */
export type DfFormat = (typeof DF_FORMATS)[number];

/** AccessType operations, in DTD order (digest §12). */
export const ACCESS_TYPES = ['Add', 'Copy', 'Delete', 'Exec', 'Get', 'Replace'] as const;
/** One permitted DM 1.x operation on a node. */
export type AccessType = (typeof ACCESS_TYPES)[number];

/** Occurrence kinds without a count. */
export const PLAIN_OCCURRENCES = ['One', 'ZeroOrOne', 'ZeroOrMore', 'OneOrMore'] as const;
/** Occurrence kinds that carry a maximum count N. */
export const COUNTED_OCCURRENCES = ['ZeroOrN', 'OneOrN'] as const;

/** How many instances of a node may exist among its siblings. */
export type Occurrence =
  | { readonly kind: (typeof PLAIN_OCCURRENCES)[number] }
  | { readonly kind: (typeof COUNTED_OCCURRENCES)[number]; readonly n: number };

/** Scope values: permanent nodes cannot be created or deleted by a server. */
export const SCOPES = ['Permanent', 'Dynamic'] as const;
/** Permanent or dynamic node. */
export type Scope = (typeof SCOPES)[number];

/** CaseSense values: case sensitive or case insensitive values. */
export const CASE_SENSES = ['CS', 'CIS'] as const;
/** Case sensitivity of a node's value. */
export type CaseSense = (typeof CASE_SENSES)[number];

/**
 * The DFType of a node: MIME types for leaves, a DDFName (the MOID, possibly empty) for interior nodes.
 *
 * Published DDFs sometimes give both; the model keeps both.
 */
export interface DfType {
  readonly mime: readonly string[];
  readonly ddfName?: string;
}

/** Text content inside a vendor extension element. */
export interface ExtensionText {
  readonly text: string;
}

/**
 * An attribute of a vendor extension element, name as written (`prefix:local` or `local`).
 *
 * `namespace` is the URI a prefixed name is bound to (absent for unprefixed names).
 */
export interface ExtensionAttribute {
  readonly name: string;
  readonly value: string;
  readonly namespace?: string;
}

/**
 * A vendor-namespace element (e.g. `MSFT:Applicability`), preserved verbatim as a small tree.
 *
 * `name` is the qualified name as written; `namespace` the URI its prefix is bound to.
 */
export interface ExtensionElement {
  readonly name: string;
  readonly namespace: string;
  readonly attributes: readonly ExtensionAttribute[];
  readonly children: readonly (ExtensionElement | ExtensionText)[];
}

/** The DFProperties of a node (digest §12), vendor extensions kept in document order. */
export interface DfProperties {
  /** Permitted operations, de-duplicated, in document order. */
  readonly accessTypes: readonly AccessType[];
  readonly defaultValue?: string;
  readonly description?: string;
  readonly format: DfFormat;
  readonly occurrence?: Occurrence;
  readonly scope?: Scope;
  readonly title?: string;
  readonly dfType?: DfType;
  readonly caseSense?: CaseSense;
  readonly extensions: readonly ExtensionElement[];
}

/** One node description. `name` null marks an unnamed placeholder node (written `<x>`). */
export interface DdfNode {
  readonly name: string | null;
  /** Only on top-level nodes: the URI of the parent, e.g. `./Device/Vendor/MSFT`. */
  readonly path?: string;
  readonly properties?: DfProperties;
  readonly children: readonly DdfNode[];
  /** A default value given as `<Value>` (leaf nodes only). */
  readonly value?: string;
}

/** A namespace declared on the `MgmtTree` element (`xmlns:prefix="uri"`). */
export interface NamespaceDeclaration {
  readonly prefix: string;
  readonly uri: string;
}

/** A whole DDF document (`MgmtTree`). */
export interface DdfDocument {
  readonly verDtd: string;
  readonly man?: string;
  readonly mod?: string;
  readonly namespaces: readonly NamespaceDeclaration[];
  /** Vendor elements between the header and the first node (e.g. `MSFT:Diagnostics`). */
  readonly extensions: readonly ExtensionElement[];
  readonly nodes: readonly DdfNode[];
}

/** A located message about a DDF document (1-based line, when known). */
export interface DdfIssue {
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

/** The successful outcome of an import: the document plus tolerated deviations from the DTD. */
export interface DdfImport {
  readonly document: DdfDocument;
  readonly warnings: readonly DdfIssue[];
}

/** Label used for placeholder nodes in paths and trees. */
export const PLACEHOLDER_LABEL = '<x>';

/** True when the text is an extension text item rather than an element. */
export function isExtensionText(item: ExtensionElement | ExtensionText): item is ExtensionText {
  return 'text' in item;
}
