import { fromBase64Loose, toBase64 } from '../util/base64.js';

/** One decoded PEM block (RFC 7468): its label and the DER it carries. */
export interface PemBlock {
  readonly label: string;
  readonly der: Uint8Array;
}

/** Encodes DER as a PEM block with 64-character lines. */
export function toPem(label: string, der: Uint8Array): string {
  const body = toBase64(der).replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

/** Why a PEM text was refused. */
export type PemRefusal = 'no-blocks' | 'unterminated-block' | 'label-mismatch' | 'bad-base64' | 'encrypted-legacy-pem';

/**
 * Decodes every PEM block in a text, in order.
 *
 * Text outside the blocks (e.g. `openssl x509 -text` output) is ignored, as RFC 7468 §2 allows.
 * Legacy `Proc-Type: 4,ENCRYPTED` headers are refused: such keys must be converted to PKCS#8 first.
 */
export function decodePem(text: string): { readonly ok: true; readonly blocks: PemBlock[] } | { readonly ok: false; readonly reason: PemRefusal } {
  const blocks: PemBlock[] = [];
  const begin = /-----BEGIN ([A-Z0-9 #]{1,64})-----/g;
  for (let m = begin.exec(text); m !== null; m = begin.exec(text)) {
    const label = m[1] ?? '';
    const endMarker = text.indexOf('-----END ', m.index + m[0].length);
    if (endMarker < 0) return { ok: false, reason: 'unterminated-block' };
    const endLine = /^-----END ([A-Z0-9 #]{1,64})-----/.exec(text.slice(endMarker));
    if (endLine === null) return { ok: false, reason: 'unterminated-block' };
    if (endLine[1] !== label) return { ok: false, reason: 'label-mismatch' };
    const body = text.slice(m.index + m[0].length, endMarker);
    if (/Proc-Type:/.test(body)) return { ok: false, reason: 'encrypted-legacy-pem' };
    const der = fromBase64Loose(body);
    if (der === undefined || der.length === 0) return { ok: false, reason: 'bad-base64' };
    blocks.push({ label, der });
    begin.lastIndex = endMarker + endLine[0].length;
  }
  return blocks.length === 0 ? { ok: false, reason: 'no-blocks' } : { ok: true, blocks };
}
