/**
 * Reads the prolog of a DDF document and neutralises its DOCTYPE.
 *
 * Published DDFs carry `<!DOCTYPE MgmtTree PUBLIC "…" "http://…/DM_DDF-V1_2.dtd" [<?oma-dm-ddf-ver …?>]>`.
 * The external DTD is never fetched. The internal subset may hold only processing instructions and
 * comments: entity (and any other markup) declarations are refused, which rules out entity
 * expansion attacks before the XML parser runs. The DOCTYPE is then blanked with spaces (line
 * breaks kept), so every later offset and line number still matches the original text.
 */
import type { DdfIssue } from './model.js';
import { LineIndex } from './xml-text.js';

/** What the prolog scan found, and the text with the DOCTYPE blanked. */
export interface PrologScan {
  readonly text: string;
  readonly docType?: { readonly rootName: string; readonly publicId?: string; readonly systemId?: string };
}

const WS = /[ \t\r\n]/;

class PrologError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** Scans the prolog; returns the blanked text or a located issue. */
export function scanProlog(text: string): { readonly ok: true; readonly value: PrologScan } | { readonly ok: false; readonly error: DdfIssue } {
  try {
    return { ok: true, value: scan(text) };
  } catch (error) {
    if (error instanceof PrologError) return { ok: false, error: { line: new LineIndex(text).lineOf(error.offset), message: error.message } };
    throw error;
  }
}

function scan(text: string): PrologScan {
  let i = 0;
  let docType: PrologScan['docType'];
  let blanked = text;
  for (;;) {
    while (i < text.length && WS.test(text.charAt(i))) i++;
    if (text.startsWith('<!--', i)) i = skipPast(text, i + 4, '-->', 'unterminated comment');
    else if (text.startsWith('<?', i)) i = skipPast(text, i + 2, '?>', 'unterminated processing instruction');
    else if (text.startsWith('<!DOCTYPE', i)) {
      if (docType !== undefined) throw new PrologError(i, 'more than one DOCTYPE declaration');
      const parsed = readDocType(text, i);
      docType = parsed.docType;
      blanked = blanked.slice(0, i) + blanked.slice(i, parsed.end).replace(/[^\n]/g, ' ') + blanked.slice(parsed.end);
      i = parsed.end;
    } else break;
  }
  return docType === undefined ? { text: blanked } : { text: blanked, docType };
}

function skipPast(text: string, from: number, terminator: string, message: string): number {
  const end = text.indexOf(terminator, from);
  if (end === -1) throw new PrologError(from, message);
  return end + terminator.length;
}

function readDocType(text: string, start: number): { end: number; docType: NonNullable<PrologScan['docType']> } {
  let i = start + '<!DOCTYPE'.length;
  const skipWs = (required: boolean): void => {
    const from = i;
    while (i < text.length && WS.test(text.charAt(i))) i++;
    if (required && i === from) throw new PrologError(i, 'malformed DOCTYPE declaration');
  };
  const literal = (): string => {
    const quote = text.charAt(i);
    if (quote !== '"' && quote !== "'") throw new PrologError(i, 'malformed DOCTYPE: quoted identifier expected');
    const end = text.indexOf(quote, i + 1);
    if (end === -1) throw new PrologError(i, 'malformed DOCTYPE: unterminated identifier');
    const value = text.slice(i + 1, end);
    i = end + 1;
    return value;
  };
  skipWs(true);
  const nameMatch = /^[^\s[>]+/.exec(text.slice(i, i + 256));
  if (nameMatch === null) throw new PrologError(i, 'malformed DOCTYPE: root element name expected');
  const rootName = nameMatch[0];
  i += rootName.length;
  skipWs(false);
  let publicId: string | undefined;
  let systemId: string | undefined;
  if (text.startsWith('PUBLIC', i)) {
    i += 6;
    skipWs(true);
    publicId = literal();
    skipWs(false);
    if (text.charAt(i) === '"' || text.charAt(i) === "'") systemId = literal();
  } else if (text.startsWith('SYSTEM', i)) {
    i += 6;
    skipWs(true);
    systemId = literal();
  }
  skipWs(false);
  if (text.charAt(i) === '[') i = readInternalSubset(text, i + 1);
  skipWs(false);
  if (text.charAt(i) !== '>') throw new PrologError(i, 'malformed DOCTYPE: ">" expected');
  return {
    end: i + 1,
    docType: { rootName, ...(publicId === undefined ? {} : { publicId }), ...(systemId === undefined ? {} : { systemId }) },
  };
}

function readInternalSubset(text: string, from: number): number {
  let i = from;
  for (;;) {
    while (i < text.length && WS.test(text.charAt(i))) i++;
    if (i >= text.length) throw new PrologError(from, 'unterminated DOCTYPE internal subset');
    if (text.charAt(i) === ']') return i + 1;
    if (text.startsWith('<!--', i)) i = skipPast(text, i + 4, '-->', 'unterminated comment');
    else if (text.startsWith('<?', i)) i = skipPast(text, i + 2, '?>', 'unterminated processing instruction');
    else {
      const what = /^<!([A-Z]+)/.exec(text.slice(i, i + 16))?.[1];
      throw new PrologError(
        i,
        what === undefined
          ? 'DOCTYPE internal subset may contain only processing instructions and comments'
          : `DTD declarations (<!${what} …>) are not supported in a DDF; only processing instructions and comments may appear in the internal subset`,
      );
    }
  }
}
