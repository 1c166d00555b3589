/**
 * Imports a `<DFProperties>` element (digest §12) into {@link DfProperties}.
 *
 * Published DDFs deviate from the DTD's fixed child order, repeat or omit DFType and leave
 * AccessType empty; those are tolerated with warnings. Missing or repeated AccessType/DFFormat,
 * unknown elements and bad values are errors.
 */
import { assertNever } from '../../util/assert-never.js';
import { childElements, expectEmpty, expectNoAttributes, singleChoice, textContent, type ImportContext } from './import-context.js';
import { enterScope, isExtension, toExtension, type NamespaceScope } from './import-extension.js';
import {
  ACCESS_TYPES,
  CASE_SENSES,
  COUNTED_OCCURRENCES,
  DF_FORMATS,
  PLAIN_OCCURRENCES,
  SCOPES,
  type AccessType,
  type DfProperties,
  type DfType,
  type ExtensionElement,
  type Occurrence,
} from './model.js';
import type { XmlElement } from './xml-tree.js';

/** DTD order of DFProperties children (digest §12). */
const DTD_ORDER = ['AccessType', 'DefaultValue', 'Description', 'DFFormat', 'Occurrence', 'Scope', 'DFTitle', 'DFType', 'CaseSense'] as const;
type PropertyName = (typeof DTD_ORDER)[number];

const OCCURRENCE_NAMES = [...PLAIN_OCCURRENCES, ...COUNTED_OCCURRENCES] as const;

function isPropertyName(name: string): name is PropertyName {
  return (DTD_ORDER as readonly string[]).includes(name);
}

/** Mutable collector while reading children, turned into {@link DfProperties} at the end. */
interface Draft {
  accessTypes?: AccessType[];
  defaultValue?: string;
  description?: string;
  format?: DfProperties['format'];
  occurrence?: Occurrence;
  scope?: DfProperties['scope'];
  title?: string;
  mime: string[];
  ddfName?: string;
  hasDfType: boolean;
  caseSense?: DfProperties['caseSense'];
  extensions: ExtensionElement[];
}

/** Reads one DFProperties element. */
export function importProperties(ctx: ImportContext, el: XmlElement, outer: NamespaceScope): DfProperties {
  expectNoAttributes(ctx, el);
  const scope = enterScope(ctx, el, outer);
  const children = childElements(ctx, el);
  const first = children[0];
  if (first?.name !== 'AccessType' || isExtension(ctx, first, scope)) ctx.fail(first ?? el, '<AccessType> must be the first child of <DFProperties>');
  const draft: Draft = { mime: [], hasDfType: false, extensions: [] };
  const seen = new Set<PropertyName>();
  let lastRank = -1;
  let warnedOrder = false;
  for (const child of children) {
    if (isExtension(ctx, child, scope)) {
      draft.extensions.push(toExtension(ctx, child, scope));
      continue;
    }
    const name = child.name;
    if (!isPropertyName(name)) ctx.fail(child, `unexpected element <${name}> in <DFProperties>`);
    if (seen.has(name) && name !== 'DFType') ctx.fail(child, `<${name}> appears more than once in <DFProperties>`);
    if (seen.has(name)) ctx.warn(child, '<DFType> appears more than once; the entries were merged');
    seen.add(name);
    const rank = DTD_ORDER.indexOf(name);
    if (rank < lastRank && !warnedOrder) {
      ctx.warn(child, `<${name}> is out of the DTD order of <DFProperties> children`);
      warnedOrder = true;
    }
    lastRank = Math.max(lastRank, rank);
    expectNoAttributes(ctx, child);
    readProperty(ctx, child, name, draft);
  }
  if (draft.format === undefined) ctx.fail(el, '<DFProperties> has no <DFFormat>');
  if (!draft.hasDfType) ctx.warn(el, '<DFProperties> has no <DFType>');
  if (draft.accessTypes?.length === 0) ctx.warn(el, '<AccessType> is empty');
  return finish(draft, draft.format);
}

function readProperty(ctx: ImportContext, child: XmlElement, name: PropertyName, draft: Draft): void {
  switch (name) {
    case 'AccessType':
      draft.accessTypes = readAccessTypes(ctx, child);
      return;
    case 'DefaultValue':
      draft.defaultValue = textContent(ctx, child);
      return;
    case 'Description':
      draft.description = textContent(ctx, child);
      return;
    case 'DFFormat': {
      const { choice, element } = singleChoice(ctx, child, DF_FORMATS);
      expectEmpty(ctx, element);
      draft.format = choice;
      return;
    }
    case 'Occurrence':
      draft.occurrence = readOccurrence(ctx, child);
      return;
    case 'Scope': {
      const { choice, element } = singleChoice(ctx, child, SCOPES);
      expectEmpty(ctx, element);
      draft.scope = choice;
      return;
    }
    case 'DFTitle':
      draft.title = textContent(ctx, child);
      return;
    case 'DFType':
      readDfType(ctx, child, draft);
      return;
    case 'CaseSense': {
      const { choice, element } = singleChoice(ctx, child, CASE_SENSES);
      expectEmpty(ctx, element);
      draft.caseSense = choice;
      return;
    }
    default:
      return assertNever(name, 'unhandled DFProperties child');
  }
}

function readAccessTypes(ctx: ImportContext, el: XmlElement): AccessType[] {
  const out: AccessType[] = [];
  for (const child of childElements(ctx, el)) {
    const type = ACCESS_TYPES.find((a) => a === child.name);
    if (type === undefined) ctx.fail(child, `<${child.name}> is not an access type (expected one of: ${ACCESS_TYPES.join(', ')})`);
    expectEmpty(ctx, child);
    if (!out.includes(type)) out.push(type);
  }
  return out;
}

function readOccurrence(ctx: ImportContext, el: XmlElement): Occurrence {
  const { choice, element } = singleChoice(ctx, el, OCCURRENCE_NAMES);
  if (choice === 'ZeroOrN' || choice === 'OneOrN') {
    const text = textContent(ctx, element).trim();
    const n = /^\+?[0-9]{1,9}$/.test(text) ? Number.parseInt(text, 10) : Number.NaN;
    if (!(n >= 1)) ctx.fail(element, `<${choice}> needs a positive integer N, found '${text.slice(0, 40)}'`);
    return { kind: choice, n };
  }
  expectEmpty(ctx, element);
  return { kind: choice };
}

function readDfType(ctx: ImportContext, el: XmlElement, draft: Draft): void {
  draft.hasDfType = true;
  const children = childElements(ctx, el);
  if (children.length === 0) ctx.fail(el, '<DFType> needs <MIME> or <DDFName>');
  let hasMime = false;
  let hasDdfName = draft.ddfName !== undefined;
  for (const child of children) {
    expectNoAttributes(ctx, child);
    if (child.name === 'MIME') {
      draft.mime.push(textContent(ctx, child).trim());
      hasMime = true;
    } else if (child.name === 'DDFName') {
      if (draft.ddfName !== undefined) ctx.fail(child, '<DFType> has more than one <DDFName>');
      draft.ddfName = textContent(ctx, child).trim();
    } else ctx.fail(child, `<${child.name}> is not allowed in <DFType> (expected MIME or DDFName)`);
  }
  hasDdfName = hasDdfName || draft.ddfName !== undefined;
  if (hasMime && hasDdfName) ctx.warn(el, '<DFType> mixes <MIME> and <DDFName>');
}

function finish(draft: Draft, format: DfProperties['format']): DfProperties {
  const dfType: DfType | undefined = !draft.hasDfType
    ? undefined
    : draft.ddfName === undefined
      ? { mime: draft.mime }
      : { mime: draft.mime, ddfName: draft.ddfName };
  return {
    accessTypes: draft.accessTypes ?? [],
    ...(draft.defaultValue === undefined ? {} : { defaultValue: draft.defaultValue }),
    ...(draft.description === undefined ? {} : { description: draft.description }),
    format,
    ...(draft.occurrence === undefined ? {} : { occurrence: draft.occurrence }),
    ...(draft.scope === undefined ? {} : { scope: draft.scope }),
    ...(draft.title === undefined ? {} : { title: draft.title }),
    ...(dfType === undefined ? {} : { dfType }),
    ...(draft.caseSense === undefined ? {} : { caseSense: draft.caseSense }),
    extensions: draft.extensions,
  };
}
