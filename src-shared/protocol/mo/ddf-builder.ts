/**
 * A compact builder for DDF models, used to author the standard MO descriptions as data.
 */
import type { AccessType, CaseSense, DdfDocument, DdfNode, DfFormat, Occurrence, Scope } from '../ddf/model.js';

/** Optional DFProperties for {@link leaf} and {@link interior}. */
export interface NodeSpec {
  readonly access?: readonly AccessType[];
  readonly occurrence?: Occurrence['kind'] & ('One' | 'ZeroOrOne' | 'ZeroOrMore' | 'OneOrMore');
  readonly scope?: Scope;
  readonly title?: string;
  readonly defaultValue?: string;
  readonly caseSense?: CaseSense;
  /** MIME type of a leaf. @default 'text/plain' */
  readonly mime?: string;
  /** DDFName of an interior node (the MOID for an MO root). @default '' */
  readonly ddfName?: string;
}

/** Read-only. */
export const R: readonly AccessType[] = ['Get'];
/** Readable and replaceable. */
export const RW: readonly AccessType[] = ['Get', 'Replace'];
/** Writable but never readable: secrets and bootstrap-only data. */
export const W: readonly AccessType[] = ['Replace'];
/** Executable operation node. */
export const X: readonly AccessType[] = ['Exec', 'Get'];
/** Server-created instance: add, delete, read, replace. */
export const DYN: readonly AccessType[] = ['Add', 'Delete', 'Get', 'Replace'];

function props(format: DfFormat, description: string, spec: NodeSpec, leafNode: boolean): NonNullable<DdfNode['properties']> {
  const occurrence = spec.occurrence ?? 'One';
  return {
    accessTypes: [...(spec.access ?? R)],
    ...(spec.defaultValue === undefined ? {} : { defaultValue: spec.defaultValue }),
    description,
    format,
    occurrence: { kind: occurrence },
    scope: spec.scope ?? (occurrence === 'ZeroOrMore' || occurrence === 'OneOrMore' ? 'Dynamic' : 'Permanent'),
    ...(spec.title === undefined ? {} : { title: spec.title }),
    dfType: leafNode ? { mime: [spec.mime ?? 'text/plain'] } : { mime: [], ddfName: spec.ddfName ?? '' },
    ...(spec.caseSense === undefined ? {} : { caseSense: spec.caseSense }),
    extensions: [],
  };
}

/** A leaf node description (`name` null for a placeholder). */
export function leaf(name: string | null, format: Exclude<DfFormat, 'node'>, description: string, spec: NodeSpec = {}): DdfNode {
  return { name, properties: props(format, description, spec, true), children: [] };
}

/** An interior node description with its children. */
export function interior(name: string | null, description: string, children: readonly DdfNode[], spec: NodeSpec = {}): DdfNode {
  return { name, properties: props('node', description, spec, false), children };
}

/** A vendor-extension placeholder node (`Ext`, ZeroOrOne). */
export function ext(description = 'Vendor extensions.'): DdfNode {
  return interior('Ext', description, [], { occurrence: 'ZeroOrOne' });
}

/** An Exec-only operation leaf (format null). */
export function operation(name: string, description: string): DdfNode {
  return leaf(name, 'null', description, { access: X });
}

/** A DDF 1.2 document describing one MO. */
export function moDocument(root: DdfNode): DdfDocument {
  return { verDtd: '1.2', namespaces: [], extensions: [], nodes: [root] };
}
