/**
 * Exports a {@link DdfDocument} as DDF 1.2 XML that validates against `assets/schema/ddf.xsd` and
 * re-imports to the same model.
 *
 * DFProperties children are written in DTD order, with vendor extensions last. Vendor elements are
 * written verbatim; namespace declarations are added where a prefix is not already bound.
 */
import type { DdfDocument, DdfNode, DfProperties, ExtensionElement } from './model.js';
import { isExtensionText } from './model.js';
import { XML_NAMESPACE } from './import-extension.js';
import { escapeAttribute, escapeText } from './xml-text.js';

/** Options for {@link exportDdf}. */
export interface ExportDdfOptions {
  /** Write the OMA DDF 1.2 DOCTYPE (public id only; nothing is fetched). @default true */
  readonly docType?: boolean;
  /** Indentation unit. @default two spaces */
  readonly indent?: string;
}

/** The DOCTYPE OMA and Microsoft publish DDF 1.2 documents with (digest §12). */
export const DDF_DOCTYPE =
  '<!DOCTYPE MgmtTree PUBLIC "-//OMA//DTD-DM-DDF 1.2//EN"\n  "http://www.openmobilealliance.org/tech/DTD/DM_DDF-V1_2.dtd"\n  [<?oma-dm-ddf-ver supported-versions="1.2"?>]>';

type Scope = ReadonlyMap<string, string>;

class Writer {
  readonly lines: string[] = [];
  constructor(readonly unit: string) {}
  line(depth: number, text: string): void {
    this.lines.push(this.unit.repeat(depth) + text);
  }
}

/** Serialises the document to DDF XML text (UTF-8 declaration, LF line ends, final newline). */
export function exportDdf(doc: DdfDocument, options: ExportDdfOptions = {}): string {
  const w = new Writer(options.indent ?? '  ');
  w.line(0, '<?xml version="1.0" encoding="UTF-8"?>');
  if (options.docType ?? true) w.line(0, DDF_DOCTYPE);
  const scope = new Map<string, string>([
    ['xml', XML_NAMESPACE],
    ['', ''],
  ]);
  const decls = doc.namespaces.map((ns) => {
    scope.set(ns.prefix, ns.uri);
    return ` xmlns:${ns.prefix}="${escapeAttribute(ns.uri)}"`;
  });
  w.line(0, `<MgmtTree${decls.join('')}>`);
  w.line(1, `<VerDTD>${escapeText(doc.verDtd)}</VerDTD>`);
  if (doc.man !== undefined) w.line(1, `<Man>${escapeText(doc.man)}</Man>`);
  if (doc.mod !== undefined) w.line(1, `<Mod>${escapeText(doc.mod)}</Mod>`);
  for (const ext of doc.extensions) writeExtension(w, 1, ext, scope);
  for (const node of doc.nodes) writeNode(w, 1, node, scope);
  w.line(0, '</MgmtTree>');
  return `${w.lines.join('\n')}\n`;
}

function writeNode(w: Writer, depth: number, node: DdfNode, scope: Scope): void {
  w.line(depth, '<Node>');
  w.line(depth + 1, `<NodeName>${escapeText(node.name ?? '')}</NodeName>`);
  if (node.path !== undefined) w.line(depth + 1, `<Path>${escapeText(node.path)}</Path>`);
  if (node.properties !== undefined) writeProperties(w, depth + 1, node.properties, scope);
  for (const child of node.children) writeNode(w, depth + 1, child, scope);
  if (node.value !== undefined && node.children.length === 0) w.line(depth + 1, `<Value>${escapeText(node.value)}</Value>`);
  w.line(depth, '</Node>');
}

function writeProperties(w: Writer, depth: number, p: DfProperties, scope: Scope): void {
  const d = depth + 1;
  w.line(depth, '<DFProperties>');
  if (p.accessTypes.length === 0) w.line(d, '<AccessType />');
  else {
    w.line(d, '<AccessType>');
    for (const a of p.accessTypes) w.line(d + 1, `<${a} />`);
    w.line(d, '</AccessType>');
  }
  if (p.defaultValue !== undefined) w.line(d, `<DefaultValue>${escapeText(p.defaultValue)}</DefaultValue>`);
  if (p.description !== undefined) w.line(d, `<Description>${escapeText(p.description)}</Description>`);
  w.line(d, `<DFFormat><${p.format} /></DFFormat>`);
  if (p.occurrence !== undefined) {
    const o = p.occurrence;
    w.line(d, `<Occurrence>${'n' in o ? `<${o.kind}>${o.n}</${o.kind}>` : `<${o.kind} />`}</Occurrence>`);
  }
  if (p.scope !== undefined) w.line(d, `<Scope><${p.scope} /></Scope>`);
  if (p.title !== undefined) w.line(d, `<DFTitle>${escapeText(p.title)}</DFTitle>`);
  if (p.dfType !== undefined) {
    const parts = p.dfType.mime.map((m) => `<MIME>${escapeText(m)}</MIME>`);
    if (p.dfType.ddfName !== undefined) parts.push(`<DDFName>${escapeText(p.dfType.ddfName)}</DDFName>`);
    w.line(d, `<DFType>${parts.join('')}</DFType>`);
  }
  if (p.caseSense !== undefined) w.line(d, `<CaseSense><${p.caseSense} /></CaseSense>`);
  for (const ext of p.extensions) writeExtension(w, d, ext, scope);
  w.line(depth, '</DFProperties>');
}

function writeExtension(w: Writer, depth: number, el: ExtensionElement, outer: Scope): void {
  const { open, scope } = startTag(el, outer);
  if (el.children.length === 0) {
    w.line(depth, `${open} />`);
    return;
  }
  const hasText = el.children.some(isExtensionText);
  if (hasText) {
    w.line(depth, `${open}>${inline(el, scope)}</${el.name}>`);
    return;
  }
  w.line(depth, `${open}>`);
  for (const child of el.children) if (!isExtensionText(child)) writeExtension(w, depth + 1, child, scope);
  w.line(depth, `</${el.name}>`);
}

/** Mixed or text-only content is written without added whitespace, so it re-imports exactly. */
function inline(el: ExtensionElement, scope: Scope): string {
  let out = '';
  for (const child of el.children) {
    if (isExtensionText(child)) out += escapeText(child.text);
    else {
      const { open, scope: inner } = startTag(child, scope);
      out += child.children.length === 0 ? `${open} />` : `${open}>${inline(child, inner)}</${child.name}>`;
    }
  }
  return out;
}

function startTag(el: ExtensionElement, outer: Scope): { open: string; scope: Scope } {
  let scope: Map<string, string> | undefined;
  let decls = '';
  const bind = (name: string, namespace: string, isAttribute: boolean): void => {
    const colon = name.indexOf(':');
    if (colon === -1 && isAttribute) return;
    const prefix = colon === -1 ? '' : name.slice(0, colon);
    if (prefix === 'xml' || (scope ?? outer).get(prefix) === namespace) return;
    scope ??= new Map(outer);
    scope.set(prefix, namespace);
    decls += prefix === '' ? ` xmlns="${escapeAttribute(namespace)}"` : ` xmlns:${prefix}="${escapeAttribute(namespace)}"`;
  };
  bind(el.name, el.namespace, false);
  for (const a of el.attributes) bind(a.name, a.namespace ?? '', true);
  const attrs = el.attributes.map((a) => ` ${a.name}="${escapeAttribute(a.value)}"`).join('');
  return { open: `<${el.name}${decls}${attrs}`, scope: scope ?? outer };
}
