import type { PromptField } from '../../src-shared/ipc/areas/interaction.js';

/** What the station shows for one SHOW page. */
export interface ShowPageView {
  readonly title: string;
  readonly question: string;
  readonly choices: readonly string[];
  readonly fields: readonly PromptField[];
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Decodes the character references a SHOW page may use. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

const textOf = (html: string): string => decodeEntities(html.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
const attr = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return m === null ? undefined : decodeEntities(m[1] ?? m[2] ?? m[3] ?? '');
};

/**
 * Reads the prompt out of a SHOW page (the HTML a server's web server component serves, e.g.
 * `ShowEndpoint`): title (`<title>` or `<h1>`), question (the `<p>` text), choices (the `value` of
 * each `<button name="choice">` or submit input) and text/password/number inputs with their
 * labels. Nothing of the page is ever rendered as HTML; the station shows text only.
 */
export function readShowPage(html: string): ShowPageView {
  const page = html.slice(0, 65536).replace(/<!--[\s\S]*?-->/g, '').replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '');
  const title = textOf(/<title[^>]*>([\s\S]*?)<\/title>/i.exec(page)?.[1] ?? '') || textOf(/<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(page)?.[1] ?? '') || 'Server request';
  const paragraphs = [...page.matchAll(/<p\b[^>]*>([\s\S]*?)<\/p>/gi)].map((m) => textOf(m[1] ?? '')).filter((t) => t !== '');
  const question = paragraphs.join('\n') || textOf(/<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(page)?.[1] ?? '') || title;
  const choices: string[] = [];
  for (const m of page.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)) {
    const tag = m[1] ?? '';
    const name = attr(tag, 'name');
    if (name !== undefined && name !== 'choice') continue;
    const value = attr(tag, 'value') ?? textOf(m[2] ?? '');
    if (value !== '' && !choices.includes(value)) choices.push(value.slice(0, 256));
  }
  const labels = new Map<string, string>();
  for (const m of page.matchAll(/<label\b([^>]*)>([\s\S]*?)<\/label>/gi)) {
    const target = attr(m[1] ?? '', 'for');
    if (target !== undefined) labels.set(target, textOf(m[2] ?? ''));
  }
  const fields: PromptField[] = [];
  for (const m of page.matchAll(/<input\b([^>]*)>/gi)) {
    const tag = m[1] ?? '';
    const type = (attr(tag, 'type') ?? 'text').toLowerCase();
    const name = attr(tag, 'name');
    if (name === undefined || name === '') continue;
    if (type === 'submit' && name === 'choice') {
      const value = attr(tag, 'value');
      if (value !== undefined && value !== '' && !choices.includes(value)) choices.push(value.slice(0, 256));
      continue;
    }
    if (!['text', 'password', 'number', 'tel', 'email'].includes(type) || fields.some((f) => f.name === name)) continue;
    const id = attr(tag, 'id');
    const label = (id === undefined ? undefined : labels.get(id)) ?? attr(tag, 'aria-label') ?? attr(tag, 'placeholder') ?? name;
    fields.push({ name: name.slice(0, 256), label: label.slice(0, 256), kind: type === 'password' ? 'password' : type === 'number' ? 'number' : 'text' });
  }
  return { title: title.slice(0, 256), question: question.slice(0, 4096), choices: (choices.length === 0 ? ['OK'] : choices).slice(0, 16), fields: fields.slice(0, 16) };
}
