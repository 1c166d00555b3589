/**
 * Small XML text helpers for the DDF codec: line lookup, reference decoding and escaping.
 *
 * Only the five predefined entities and character references exist here: the importer refuses
 * DTD entity declarations, so there is nothing else to expand (no expansion blow-ups).
 */

const PREDEFINED: Readonly<Record<string, string>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, string>, { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }),
);

/** Maps character offsets of a text to 1-based line numbers. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** 1-based line number of a 0-based character offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

/** True for a code point XML 1.0 allows in a document (production [2] Char). */
export function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** Index of the first character XML 1.0 forbids (controls, lone surrogates, U+FFFE/F), or -1. */
export function findIllegalChar(text: string): number {
  // eslint-disable-next-line no-control-regex -- the point is to find control characters
  const m = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(text);
  return m === null ? -1 : m.index;
}

/**
 * Decodes entity and character references in raw element or attribute text.
 *
 * Returns the decoded text, or an error message for an undefined entity or a reference to a
 * character XML does not allow.
 */
export function decodeReferences(raw: string): { readonly text: string } | { readonly error: string } {
  if (!raw.includes('&')) return { text: raw };
  let out = '';
  let last = 0;
  const re = /&([^;&\s]{0,32});?/g;
  for (let m = re.exec(raw); m !== null; m = re.exec(raw)) {
    const body = m[1] ?? '';
    if (!m[0].endsWith(';')) return { error: `unterminated reference '${m[0]}'` };
    let decoded: string | undefined;
    if (body.startsWith('#x') || body.startsWith('#X')) decoded = fromCodePoint(body.slice(2), 16);
    else if (body.startsWith('#')) decoded = fromCodePoint(body.slice(1), 10);
    else decoded = Object.hasOwn(PREDEFINED, body) ? PREDEFINED[body] : undefined;
    if (decoded === undefined) return { error: `undefined or invalid reference '&${body};'` };
    out += raw.slice(last, m.index) + decoded;
    last = m.index + m[0].length;
  }
  return { text: out + raw.slice(last) };
}

function fromCodePoint(digits: string, radix: 10 | 16): string | undefined {
  const pattern = radix === 16 ? /^[0-9a-fA-F]{1,6}$/ : /^[0-9]{1,7}$/;
  if (!pattern.test(digits)) return undefined;
  const cp = Number.parseInt(digits, radix);
  return isXmlChar(cp) ? String.fromCodePoint(cp) : undefined;
}

/** Escapes text for element content (`<`, `&`, `>`, and CR so it survives line-end normalisation). */
export function escapeText(text: string): string {
  return text.replace(/[<>&\r]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : '&#13;'));
}

/** Escapes text for a double-quoted attribute value (also tabs and newlines, which would be normalised). */
export function escapeAttribute(text: string): string {
  return escapeText(text).replace(/["\t\n]/g, (c) => (c === '"' ? '&quot;' : c === '\t' ? '&#9;' : '&#10;'));
}
