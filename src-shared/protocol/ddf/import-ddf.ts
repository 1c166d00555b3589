/**
 * Imports DDF XML text (DM 1.2/1.3 `MgmtTree`, reused by DM 2.0) into a typed {@link DdfDocument}.
 *
 * Never throws for bad input: every failure is a located {@link DdfIssue} (line numbers where the
 * XML reader can give them). RTProperties are skipped with a warning (DM 2.0 ignores them, §5.5).
 */
import { ProvisioningError } from '../../errors/provisioning-error.js';
import { err, ok, type Result } from '../../util/result.js';
import {
  DEFAULT_DDF_LIMITS,
  DdfImportFailure,
  ImportContext,
  childElements,
  expectNoAttributes,
  textContent,
  type DdfLimits,
} from './import-context.js';
import { ROOT_SCOPE, enterScope, isExtension, namespaceOf, toExtension, type NamespaceScope } from './import-extension.js';
import { importProperties } from './import-properties.js';
import type { DdfDocument, DdfImport, DdfIssue, DdfNode, DfProperties, ExtensionElement, NamespaceDeclaration } from './model.js';
import { parseXmlTree, type XmlElement } from './xml-tree.js';

/** Options for {@link importDdf}. */
export interface ImportDdfOptions {
  readonly limits?: Partial<DdfLimits>;
}

/** Parses DDF XML text into the typed model, or returns the first located problem. */
export function importDdf(text: string, options: ImportDdfOptions = {}): Result<DdfImport, DdfIssue> {
  const limits: DdfLimits = { ...DEFAULT_DDF_LIMITS, ...options.limits };
  const parsed = parseXmlTree(text, {
    maxInputChars: limits.maxInputChars,
    maxElementDepth: limits.maxDepth + 24,
    maxElements: limits.maxElements,
  });
  if (!parsed.ok) return parsed;
  const ctx = new ImportContext(limits);
  try {
    const document = importRoot(ctx, parsed.value.root);
    return ok({ document, warnings: ctx.warnings });
  } catch (error) {
    if (error instanceof DdfImportFailure) return err(error.issue);
    throw error;
  }
}

/** Like {@link importDdf} but throws a `ProvisioningError('INVALID_REQUEST')` with the line in details. */
export function importDdfOrThrow(text: string, options: ImportDdfOptions = {}): DdfImport {
  const result = importDdf(text, options);
  if (result.ok) return result.value;
  throw new ProvisioningError('INVALID_REQUEST', `Invalid DDF: ${formatIssue(result.error)}`, {
    details: { line: result.error.line ?? null, reason: result.error.message },
  });
}

/** Formats an issue as `file:line: message` (or `line N: message` without a file name). */
export function formatIssue(issue: DdfIssue, fileName?: string): string {
  const line = issue.line === undefined ? '' : fileName === undefined ? `line ${issue.line}: ` : `${issue.line}: `;
  const where = fileName === undefined ? line : `${fileName}:${line === '' ? ' ' : line}`;
  return `${where}${issue.message}`;
}

function importRoot(ctx: ImportContext, root: XmlElement): DdfDocument {
  const local = root.name.slice(root.name.indexOf(':') + 1);
  if (local === 'identity') {
    ctx.fail(root, 'this is a Windows CSP manifest (<identity> root) wrapping a DDF, not a bare DDF document; extract its <MgmtTree> element');
  }
  if (root.name !== 'MgmtTree') ctx.fail(root, `root element must be <MgmtTree>, found <${root.name}>`);
  const scope = enterScope(ctx, root, ROOT_SCOPE);
  if (scope.get('') !== undefined && scope.get('') !== '') ctx.fail(root, 'DDF elements have no namespace; a default xmlns is not supported');
  const namespaces: NamespaceDeclaration[] = [];
  for (const [name, value] of root.attributes) {
    if (name.startsWith('xmlns:')) namespaces.push({ prefix: name.slice(6), uri: value });
    else if (name !== 'xmlns' && namespaceOf(ctx, root, name, scope, true) === '') ctx.fail(root, `unexpected attribute '${name}' on <MgmtTree>`);
  }
  const children = childElements(ctx, root);
  const verDtd = children[0];
  if (verDtd?.name !== 'VerDTD') ctx.fail(verDtd ?? root, '<VerDTD> must be the first child of <MgmtTree>');
  const version = textContent(ctx, verDtd).trim();
  if (!/^[0-9]+\.[0-9]+$/.test(version)) ctx.fail(verDtd, `<VerDTD> must be a version like 1.2, found '${version.slice(0, 20)}'`);
  let man: string | undefined;
  let mod: string | undefined;
  const extensions: ExtensionElement[] = [];
  const nodes: DdfNode[] = [];
  for (const child of children.slice(1)) {
    if (isExtension(ctx, child, scope)) {
      if (nodes.length > 0) ctx.fail(child, `vendor element <${child.name}> must come before the first <Node>`);
      extensions.push(toExtension(ctx, child, scope));
    } else if ((child.name === 'Man' || child.name === 'Mod') && nodes.length === 0 && extensions.length === 0) {
      expectNoAttributes(ctx, child);
      if (child.name === 'Man' && man === undefined && mod === undefined) man = textContent(ctx, child).trim();
      else if (child.name === 'Mod' && mod === undefined) mod = textContent(ctx, child).trim();
      else ctx.fail(child, `<${child.name}> is repeated or out of order`);
    } else if (child.name === 'Node') nodes.push(importNode(ctx, child, scope, 1));
    else ctx.fail(child, `unexpected element <${child.name}> in <MgmtTree>`);
  }
  if (nodes.length === 0) ctx.fail(root, '<MgmtTree> has no <Node>');
  return {
    verDtd: version,
    ...(man === undefined ? {} : { man }),
    ...(mod === undefined ? {} : { mod }),
    namespaces,
    extensions,
    nodes,
  };
}

/** Phases of a Node's content model: NodeName, Path?, RTProperties?, DFProperties?, (Node* | Value?). */
const NODE_PHASE = { NodeName: 0, Path: 1, RTProperties: 2, DFProperties: 3, Node: 4, Value: 4 } as const;

function importNode(ctx: ImportContext, el: XmlElement, outer: NamespaceScope, depth: number): DdfNode {
  if (depth > ctx.limits.maxDepth) ctx.fail(el, `nodes nested deeper than ${ctx.limits.maxDepth}`);
  ctx.nodeCount += 1;
  if (ctx.nodeCount > ctx.limits.maxNodes) ctx.fail(el, `more than ${ctx.limits.maxNodes} nodes`);
  expectNoAttributes(ctx, el);
  const scope = enterScope(ctx, el, outer);
  if (scope.get('') !== undefined && scope.get('') !== '') ctx.fail(el, 'DDF elements have no namespace; a default xmlns is not supported');
  const children = childElements(ctx, el);
  const nameEl = children[0];
  if (nameEl?.name !== 'NodeName') ctx.fail(nameEl ?? el, '<NodeName> must be the first child of <Node>');
  expectNoAttributes(ctx, nameEl);
  const rawName = textContent(ctx, nameEl).trim();
  if (rawName.includes('/')) ctx.fail(nameEl, `node name '${rawName.slice(0, 60)}' must not contain '/'`);
  let path: string | undefined;
  let properties: DfProperties | undefined;
  let value: string | undefined;
  const nodes: DdfNode[] = [];
  let phase = 0;
  for (const child of children.slice(1)) {
    const name = child.name;
    if (isExtension(ctx, child, scope) || !Object.hasOwn(NODE_PHASE, name)) ctx.fail(child, `unexpected element <${name}> in <Node>`);
    const childPhase = NODE_PHASE[name as keyof typeof NODE_PHASE];
    const repeatable = name === 'Node';
    if (childPhase < phase || (childPhase === phase && !repeatable) || (name === 'Node' && value !== undefined) || (name === 'Value' && nodes.length > 0)) {
      ctx.fail(child, `<${name}> is repeated or out of order in <Node> (expected NodeName, Path?, RTProperties?, DFProperties?, then Node* or Value?)`);
    }
    phase = childPhase;
    if (name !== 'Node') expectNoAttributes(ctx, child);
    if (name === 'Path') path = textContent(ctx, child).trim();
    else if (name === 'RTProperties') ctx.warn(child, '<RTProperties> is ignored (DM 2.0 does not use run-time properties)');
    else if (name === 'DFProperties') properties = importProperties(ctx, child, scope);
    else if (name === 'Value') value = textContent(ctx, child);
    else if (name === 'Node') nodes.push(importNode(ctx, child, scope, depth + 1));
  }
  if (properties !== undefined && properties.format !== 'node' && nodes.length > 0) {
    ctx.warn(el, `node with format '${properties.format}' has child nodes`);
  }
  return {
    name: rawName === '' ? null : rawName,
    ...(path === undefined ? {} : { path }),
    ...(properties === undefined ? {} : { properties }),
    children: nodes,
    ...(value === undefined ? {} : { value }),
  };
}
