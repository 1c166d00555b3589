import type { LinkHeaders, LinkMessage } from '../link/message-codec.js';
import { decodePackage0 } from '../protocol/dm/package0.js';
import { commandToRaw } from '../protocol/dm/packages/commands.js';
import { MEDIA_TYPES } from '../protocol/dm/packages/media-types.js';
import { parsePackage1Json } from '../protocol/dm/packages/package1.js';
import { parsePackage2Json } from '../protocol/dm/packages/package2.js';
import { parsePackage3Json } from '../protocol/dm/packages/package3.js';
import { MO_SERIALIZATION_MEDIA_TYPE } from '../protocol/dm/decisions.js';
import { utf8Decode } from '../link/utf8.js';
import { maskHeaders, maskJsonText } from './mask.js';

/** Longest body text a detail shows. */
const BODY_SHOWN = 6000;

const headerOf = (headers: LinkHeaders, name: string): string | undefined => headers.find(([n]) => n.toLowerCase() === name)?.[1];
const mediaOf = (headers: LinkHeaders): string => (headerOf(headers, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();

/** A short, readable form of one DM command's arguments. */
function commandText(raw: readonly string[]): string {
  const [name, ...args] = raw;
  const shown = args.map((a) => (a.length > 60 ? `${a.slice(0, 57)}…` : a));
  return [name ?? '?', ...shown].join(' ');
}

/** What a DM package body says, in one line; undefined when the body is no DM package. */
export function summarizePackage(media: string, text: string): string | undefined {
  try {
    if (media === MEDIA_TYPES.initiation) {
      const p = parsePackage1Json(text);
      const alerts = (p.Alert ?? []).map((a) => a.AlertType);
      return `Package#1 MOS ${p.MOS?.length ?? 0}${alerts.length === 0 ? '' : `, Alert ${alerts.join(', ')}`}`;
    }
    if (media === MEDIA_TYPES.request) {
      const p = parsePackage2Json(text);
      const cmds = p.commands.map((c) => (c.ok ? commandText(commandToRaw(c.value)) : `rejected(${c.error.sc}) ${c.error.raw[0] ?? ''}`));
      return `Package#2 ${cmds.join('; ')}`;
    }
    if (media === MEDIA_TYPES.response) {
      const p = parsePackage3Json(text);
      const alerts = (p.Alert ?? []).map((a) => a.AlertType);
      return `Package#3 Status ${p.Status.map((s) => s.sc).join(', ') || '(none)'}${alerts.length === 0 ? '' : `, Alert ${alerts.join(', ')}`}`;
    }
    if (media === MO_SERIALIZATION_MEDIA_TYPE) {
      const parsed = JSON.parse(text) as unknown;
      const n = Array.isArray(parsed) ? parsed.length : 1;
      return `MO serialization, ${n} ${n === 1 ? 'entry' : 'entries'}`;
    }
  } catch {
    return `malformed ${media}`;
  }
  return undefined;
}

/** The masked, readable body of a message for the detail pane. */
function bodyDetail(media: string, body: Uint8Array): string {
  if (body.length === 0) return '';
  const text = utf8Decode(body.subarray(0, 65536));
  if (media.endsWith('json') || media.endsWith('+json')) {
    const masked = maskJsonText(text);
    return masked === undefined ? `(${body.length} bytes of malformed JSON, not shown)` : masked.slice(0, BODY_SHOWN);
  }
  if (media.startsWith('text/')) return text.slice(0, BODY_SHOWN);
  return `(${body.length} bytes of ${media || 'unknown media type'}, not shown)`;
}

/** What an exchange's request was, so its response can name it. */
export interface ExchangeNote {
  readonly method: string;
  readonly target: string;
}

/**
 * One DM-layer record for a reassembled link message: the HTTP exchange it carries (method,
 * target, status, package kind and its commands or statuses) or a Package#0 notification.
 * Credentials (Authorization headers, secret MO leaves) are masked; the target's query (which can
 * carry a UI session token) is cut.
 */
export function summarizeMessage(message: LinkMessage, request?: ExchangeNote): { summary: string; detail: string } {
  if (message.kind === 'notification') {
    try {
      const p = decodePackage0(message.payload);
      const summary = `Package#0 server ${p.serverId ?? '?'}${p.notificationId === undefined ? '' : `, notification ${p.notificationId}`}${p.reqMos ? ', MOS requested' : ''}`;
      return { summary, detail: `${summary}\n${message.payload.length} bytes, digest ${p.digest === undefined ? 'absent' : 'present'}` };
    } catch {
      return { summary: `notification (${message.payload.length} bytes, not a Package#0)`, detail: '' };
    }
  }
  if (message.kind === 'request') {
    const r = message.request;
    const media = mediaOf(r.headers);
    const target = r.target.replace(/\?.*$/, '?…');
    const pkg = summarizePackage(media, utf8Decode(r.body));
    const summary = `${r.method} ${target}${pkg === undefined ? (r.body.length > 0 ? ` (${media || 'body'} ${r.body.length} B)` : '') : ` ${pkg}`}`;
    return { summary, detail: [`${r.method} ${target}`, ...maskHeaders(r.headers), '', bodyDetail(media, r.body)].join('\n') };
  }
  const r = message.response;
  const media = mediaOf(r.headers);
  const pkg = summarizePackage(media, utf8Decode(r.body));
  const about = request === undefined ? '' : ` to ${request.method} ${request.target.replace(/\?.*$/, '?…')}`;
  const summary = `${r.status}${about}${pkg === undefined ? (r.body.length > 0 ? ` (${media || 'body'} ${r.body.length} B)` : '') : ` ${pkg}`}`;
  return { summary, detail: [`HTTP ${r.status}${about}`, ...maskHeaders(r.headers), '', bodyDetail(media, r.body)].join('\n') };
}
