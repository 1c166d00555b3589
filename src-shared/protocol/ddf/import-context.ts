/**
 * Shared state and element helpers for the DDF importer: limits, warnings, located failures.
 */
import type { DdfIssue } from './model.js';
import { isXmlText, type XmlElement } from './xml-tree.js';

/** Bounds on an imported DDF. */
export interface DdfLimits {
  /** Maximum document length in characters. @default 16 MiB */
  readonly maxInputChars: number;
  /** Maximum nesting of `<Node>` elements. @default 64 */
  readonly maxDepth: number;
  /** Maximum number of `<Node>` elements. @default 50,000 */
  readonly maxNodes: number;
  /** Maximum number of XML elements of any kind. @default 1,000,000 */
  readonly maxElements: number;
}

/** Default limits: generous for published DDFs (the largest Windows Policy DDF is ~2.7 MB). */
export const DEFAULT_DDF_LIMITS: DdfLimits = Object.freeze({
  maxInputChars: 16 * 1024 * 1024,
  maxDepth: 64,
  maxNodes: 50_000,
  maxElements: 1_000_000,
});

/** Thrown inside the importer to abort with a located issue; never escapes `importDdf`. */
export class DdfImportFailure extends Error {
  constructor(readonly issue: DdfIssue) {
    super(issue.message);
  }
}

/** Mutable per-import state. */
export class ImportContext {
  readonly warnings: DdfIssue[] = [];
  nodeCount = 0;

  constructor(readonly limits: DdfLimits) {}

  /** Aborts the import with a message at an element's line. */
  fail(at: XmlElement, message: string): never {
    throw new DdfImportFailure({ line: at.line, message });
  }

  /** Records a tolerated deviation from the DTD. */
  warn(at: XmlElement, message: string): void {
    if (this.warnings.length < 1000) this.warnings.push({ line: at.line, message });
  }
}

/** Child elements of an element-only element; non-whitespace text is an error. */
export function childElements(ctx: ImportContext, el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const child of el.children) {
    if (isXmlText(child)) {
      if (child.text.trim() !== '') ctx.fail(el, `unexpected text in <${el.name}>`);
    } else out.push(child);
  }
  return out;
}

/** Text content of a text-only element (child elements are an error). */
export function textContent(ctx: ImportContext, el: XmlElement): string {
  let text = '';
  for (const child of el.children) {
    if (isXmlText(child)) text += child.text;
    else ctx.fail(child, `<${el.name}> may contain only text, found <${child.name}>`);
  }
  return text;
}

/** Checks that a marker element (e.g. `<Get/>`, `<chr/>`) is empty. */
export function expectEmpty(ctx: ImportContext, el: XmlElement): void {
  const children = childElements(ctx, el);
  const first = children[0];
  if (first !== undefined) ctx.fail(first, `<${el.name}> must be empty`);
}

/**
 * The single marker child of a choice element such as `<DFFormat><chr/></DFFormat>`.
 *
 * Fails unless there is exactly one child and its name is in `allowed`.
 */
export function singleChoice<T extends string>(ctx: ImportContext, el: XmlElement, allowed: readonly T[]): { readonly choice: T; readonly element: XmlElement } {
  const children = childElements(ctx, el);
  const [first, second] = children;
  if (first === undefined) ctx.fail(el, `<${el.name}> needs one of: ${allowed.join(', ')}`);
  if (second !== undefined) ctx.fail(second, `<${el.name}> must contain exactly one element`);
  const choice = allowed.find((a) => a === first.name);
  if (choice === undefined) ctx.fail(first, `<${first.name}> is not allowed in <${el.name}> (expected one of: ${allowed.join(', ')})`);
  return { choice, element: first };
}

/** Fails on attributes other than namespace declarations (DDF elements carry none). */
export function expectNoAttributes(ctx: ImportContext, el: XmlElement): void {
  for (const [name] of el.attributes) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) ctx.fail(el, `unexpected attribute '${name}' on <${el.name}>`);
  }
}
