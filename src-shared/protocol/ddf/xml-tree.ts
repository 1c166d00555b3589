/**
 * Parses XML text into a small, located element tree with fast-xml-parser, configured safely.
 *
 * Safety: the prolog scan refuses DTD declarations and blanks the DOCTYPE (nothing is fetched,
 * nothing expanded); the parser runs with `processEntities: false` and `parseTagValue: false`, and
 * references are decoded here (predefined and character references only). Attribute names are
 * prefixed before they reach the parser and bare element names `__proto__`/`constructor`/
 * `prototype` are refused up front, so no input name becomes a reserved property name (the parser
 * would otherwise throw). Input size, nesting depth and element count are bounded.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { DdfIssue } from './model.js';
import { scanProlog, type PrologScan } from './xml-prolog.js';
import { LineIndex, decodeReferences, findIllegalChar } from './xml-text.js';

/** Text content of an element (CDATA already unwrapped, references decoded). */
export interface XmlText {
  readonly text: string;
}

/** One element with its 1-based start line; attribute names as written. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: readonly (readonly [name: string, value: string])[];
  readonly children: readonly (XmlElement | XmlText)[];
  readonly line: number;
}

/** Bounds on what the XML reader accepts. */
export interface XmlLimits {
  readonly maxInputChars: number;
  readonly maxElementDepth: number;
  readonly maxElements: number;
}

/** A parsed document: its root element and what the prolog declared. */
export interface XmlDocument {
  readonly root: XmlElement;
  readonly docType?: PrologScan['docType'];
}

type Outcome = { readonly ok: true; readonly value: XmlDocument } | { readonly ok: false; readonly error: DdfIssue };

/** Attribute names are prefixed on their way through the parser (see the module comment). */
const mark = (name: string): string => `~${name}`;
const unmark = (name: string): string => name.replace(/^~+/, '');
const NON_ELEMENT_KEYS = new Set([':@', '#text', '#cdata']);
/** Names fast-xml-parser refuses to use as keys; no DDF or vendor element is named so. */
const RESERVED_TAG_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

class TreeError extends Error {
  constructor(
    readonly issue: DdfIssue,
  ) {
    super(issue.message);
  }
}

/** True when a child is text rather than an element. */
export function isXmlText(child: XmlElement | XmlText): child is XmlText {
  return 'text' in child;
}

/** Parses a whole document; never throws for bad input. */
export function parseXmlTree(input: string, limits: XmlLimits): Outcome {
  if (input.length > limits.maxInputChars) {
    return { ok: false, error: { message: `document too large: ${input.length} characters (limit ${limits.maxInputChars})` } };
  }
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const lines = new LineIndex(text);
  const illegal = findIllegalChar(text);
  if (illegal !== -1) return { ok: false, error: { line: lines.lineOf(illegal), message: 'character not allowed in XML' } };
  const prolog = scanProlog(text);
  if (!prolog.ok) return prolog;
  const wellFormed = XMLValidator.validate(prolog.value.text, { allowBooleanAttributes: false });
  if (wellFormed !== true) {
    return { ok: false, error: { line: wellFormed.err.line, column: wellFormed.err.col, message: `not well-formed: ${wellFormed.err.msg}` } };
  }
  const { starts, misplaced } = scanTags(prolog.value.text);
  if (misplaced !== undefined) return { ok: false, error: { line: lines.lineOf(misplaced.offset), message: `not well-formed: ${misplaced.message}` } };
  for (const start of starts) {
    const name = /^[^\s/>]+/.exec(prolog.value.text.slice(start + 1, start + 64))?.[0] ?? '';
    if (RESERVED_TAG_NAMES.has(name)) return { ok: false, error: { line: lines.lineOf(start), message: `element name '${name}' is not allowed` } };
  }
  let raw: unknown;
  try {
    raw = newParser(limits).parse(prolog.value.text);
  } catch (error) {
    const message = error instanceof Error ? error.message : 'unknown parser failure';
    return {
      ok: false,
      error: { message: /nested tags/i.test(message) ? `elements nested deeper than ${limits.maxElementDepth}` : `not well-formed: ${message}` },
    };
  }
  try {
    const counter = { elements: 0, lineOf: (k: number): number => lines.lineOf(starts[k] ?? 0) };
    const roots = asEntries(raw).filter((e) => elementName(e) !== undefined);
    const [first, second] = roots;
    if (first === undefined) return { ok: false, error: { message: 'no root element' } };
    const root = toElement(first, limits, counter);
    if (second !== undefined) return { ok: false, error: { line: counter.lineOf(counter.elements), message: 'more than one root element' } };
    return { ok: true, value: prolog.value.docType === undefined ? { root } : { root, docType: prolog.value.docType } };
  } catch (error) {
    if (error instanceof TreeError) return { ok: false, error: error.issue };
    throw error;
  }
}

function newParser(limits: XmlLimits): XMLParser {
  return new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: false,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    commentPropName: false,
    cdataPropName: '#cdata',
    maxNestedTags: limits.maxElementDepth,
    transformAttributeName: mark,
  });
}

type Entry = Record<string, unknown>;

function asEntries(value: unknown): Entry[] {
  return Array.isArray(value) ? value.filter((v): v is Entry => typeof v === 'object' && v !== null) : [];
}

function elementName(entry: Entry): string | undefined {
  for (const key of Object.keys(entry)) if (!NON_ELEMENT_KEYS.has(key)) return key;
  return undefined;
}

/**
 * Offsets of every start tag in document order (comments, CDATA, PIs and end tags skipped).
 *
 * The parser visits elements in the same pre-order, so the k-th element it reports starts at the
 * k-th offset. (fast-xml-parser's own `captureMetaData` makes parsing about 5x slower.) The scan
 * also reports markup that fast-xml-parser's validator lets through: a declaration (`<!DOCTYPE`,
 * `<!ENTITY`) after the prolog, whose DOCTYPE is already blanked, and an XML declaration that is
 * not at the very start.
 */
function scanTags(text: string): { readonly starts: number[]; readonly misplaced?: { readonly offset: number; readonly message: string } } {
  const starts: number[] = [];
  const skip = (from: number, terminator: string): number => {
    const end = text.indexOf(terminator, from);
    return end === -1 ? text.length : end + terminator.length;
  };
  for (let i = text.indexOf('<'); i !== -1 && i < text.length; i = text.indexOf('<', i)) {
    const next = text.charAt(i + 1);
    if (text.startsWith('<!--', i)) i = skip(i + 4, '-->');
    else if (text.startsWith('<![CDATA[', i)) i = skip(i + 9, ']]>');
    else if (next === '?') {
      if (i > 0 && /^<\?xml[\s?]/i.test(text.slice(i, i + 6))) return { starts, misplaced: { offset: i, message: 'XML declaration allowed only at the start of the document' } };
      i = skip(i + 2, '?>');
    } else if (next === '!') return { starts, misplaced: { offset: i, message: 'markup declarations are allowed only in the prolog' } };
    else if (next === '/') i += 2;
    else {
      starts.push(i);
      i += 1;
    }
  }
  return { starts };
}

function decodeOrFail(raw: string, line: number | undefined): string {
  const decoded = decodeReferences(raw);
  if ('error' in decoded) throw new TreeError(line === undefined ? { message: decoded.error } : { line, message: decoded.error });
  return decoded.text;
}

interface Counter {
  elements: number;
  readonly lineOf: (index: number) => number;
}

function toElement(entry: Entry, limits: XmlLimits, counter: Counter): XmlElement {
  const key = elementName(entry);
  const line = counter.lineOf(counter.elements);
  if (key === undefined) throw new TreeError({ line, message: 'element expected' });
  counter.elements += 1;
  if (counter.elements > limits.maxElements) throw new TreeError({ line, message: `more than ${limits.maxElements} elements` });
  const attributes: (readonly [string, string])[] = [];
  const attrs = entry[':@'];
  if (typeof attrs === 'object' && attrs !== null) {
    for (const [name, value] of Object.entries(attrs)) attributes.push([unmark(name), decodeOrFail(String(value), line)]);
  }
  const children: (XmlElement | XmlText)[] = [];
  for (const child of asEntries(entry[key])) {
    if (typeof child['#text'] === 'string') children.push({ text: decodeOrFail(child['#text'], line) });
    else if (Array.isArray(child['#cdata'])) {
      const parts = asEntries(child['#cdata']).map((p) => (typeof p['#text'] === 'string' ? p['#text'] : ''));
      children.push({ text: parts.join('') });
    } else if (elementName(child) !== undefined) children.push(toElement(child, limits, counter));
  }
  return { name: key, attributes, children, line };
}
