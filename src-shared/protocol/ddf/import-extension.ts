/**
 * Namespace scoping and vendor-extension elements for the DDF importer.
 *
 * DDF elements have no namespace (as OMA and Microsoft publish them). Elements with a prefix bound
 * to another namespace (e.g. `MSFT:` → `http://schemas.microsoft.com/MobileDevice/DM`) are vendor
 * extensions: they are kept verbatim as {@link ExtensionElement} trees, never interpreted.
 */
import type { ImportContext } from './import-context.js';
import type { ExtensionAttribute, ExtensionElement, ExtensionText } from './model.js';
import { isXmlText, type XmlElement } from './xml-tree.js';

/** In-scope namespace bindings, prefix → URI (`''` is the default namespace). */
export type NamespaceScope = ReadonlyMap<string, string>;

/** The namespace the `xml:` prefix is always bound to. */
export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

/** The scope at the document root: only `xml:` is bound. */
export const ROOT_SCOPE: NamespaceScope = new Map([['xml', XML_NAMESPACE]]);

/** Applies an element's `xmlns` / `xmlns:p` declarations to the enclosing scope. */
export function enterScope(ctx: ImportContext, el: XmlElement, outer: NamespaceScope): NamespaceScope {
  let scope: Map<string, string> | undefined;
  for (const [name, value] of el.attributes) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
    const prefix = name === 'xmlns' ? '' : name.slice('xmlns:'.length);
    if (prefix === 'xml' || prefix === 'xmlns') ctx.fail(el, `the '${prefix}' prefix cannot be redeclared`);
    if (prefix !== '' && value === '') ctx.fail(el, `namespace prefix '${prefix}' cannot be bound to an empty URI`);
    scope ??= new Map(outer);
    scope.set(prefix, value);
  }
  return scope ?? outer;
}

/** The namespace URI of an element name in a scope (`''` for no namespace); fails on an unbound prefix. */
export function namespaceOf(ctx: ImportContext, el: XmlElement, name: string, scope: NamespaceScope, isAttribute: boolean): string {
  const colon = name.indexOf(':');
  if (colon === -1) return isAttribute ? '' : (scope.get('') ?? '');
  const prefix = name.slice(0, colon);
  const uri = scope.get(prefix);
  if (uri === undefined) ctx.fail(el, `namespace prefix '${prefix}' is not declared`);
  return uri;
}

/** True when an element (in scope) belongs to a vendor namespace rather than the DDF vocabulary. */
export function isExtension(ctx: ImportContext, el: XmlElement, scope: NamespaceScope): boolean {
  return namespaceOf(ctx, el, el.name, enterScope(ctx, el, scope), false) !== '';
}

/**
 * Converts a vendor element to its verbatim model.
 *
 * Whitespace-only text between child elements is dropped (it is layout), so a pretty-printed
 * export re-imports to the same model; text in text-only elements is kept exactly.
 */
export function toExtension(ctx: ImportContext, el: XmlElement, outer: NamespaceScope): ExtensionElement {
  const scope = enterScope(ctx, el, outer);
  const namespace = namespaceOf(ctx, el, el.name, scope, false);
  const attributes: ExtensionAttribute[] = [];
  for (const [name, value] of el.attributes) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    const attributeNamespace = namespaceOf(ctx, el, name, scope, true);
    attributes.push(attributeNamespace === '' ? { name, value } : { name, value, namespace: attributeNamespace });
  }
  const hasElements = el.children.some((c) => !isXmlText(c));
  const children: (ExtensionElement | ExtensionText)[] = [];
  let pending = '';
  for (const child of el.children) {
    if (isXmlText(child)) {
      pending += child.text;
      continue;
    }
    if (pending.trim() !== '') children.push({ text: pending });
    pending = '';
    children.push(toExtension(ctx, child, scope));
  }
  if (pending !== '' && (!hasElements || pending.trim() !== '')) children.push({ text: pending });
  return { name: el.name, namespace, attributes, children };
}
