import { fromHex } from '../util/bytes.js';
import type { AtrPattern, TargetMatch } from './profile-schema.js';

/** What the station knows about an attached device or card. */
export interface DeviceFacts {
  readonly model?: string;
  readonly usb?: { readonly vid: string; readonly pid: string };
  /** The card's ATR bytes. */
  readonly atr?: Uint8Array;
}

/** Which criterion decided, so the UI can say why a profile does not apply. */
export type TargetVerdict = { readonly matched: true } | { readonly matched: false; readonly failed: 'models' | 'usb' | 'atr' };

/** True when `model` matches a pattern where `*` stands for any run of characters (case-insensitive). */
export function modelMatches(pattern: string, model: string): boolean {
  const parts = pattern.toLowerCase().split('*');
  const text = model.toLowerCase();
  if (parts.length === 1) return text === parts[0];
  if (!text.startsWith(parts[0]!) || !text.endsWith(parts.at(-1)!)) return false;
  let at = parts[0]!.length;
  const endLimit = text.length - parts.at(-1)!.length;
  for (const middle of parts.slice(1, -1)) {
    const found = text.indexOf(middle, at);
    if (found < 0 || found + middle.length > endLimit) return false;
    at = found + middle.length;
  }
  return at <= endLimit;
}

/** True when an ATR equals the pattern on every bit the mask keeps (same length required). */
export function atrMatches(p: AtrPattern, atr: Uint8Array): boolean {
  const pattern = fromHex(p.pattern);
  const mask = p.mask === undefined ? undefined : fromHex(p.mask);
  if (pattern === undefined || pattern.length !== atr.length) return false;
  for (let i = 0; i < atr.length; i++) {
    const m = mask?.[i] ?? 0xff;
    if ((atr[i]! & m) !== (pattern[i]! & m)) return false;
  }
  return true;
}

/**
 * Does a profile's target apply to a device? Every non-empty criterion must match; a criterion
 * the device has no fact for does not match (an unknown model never matches a model list).
 */
export function matchTarget(target: TargetMatch, facts: DeviceFacts): TargetVerdict {
  if (target.models.length > 0 && !(facts.model !== undefined && target.models.some((m) => modelMatches(m, facts.model!)))) return { matched: false, failed: 'models' };
  if (target.usb.length > 0) {
    const usb = facts.usb;
    if (usb === undefined || !target.usb.some((u) => u.vid === usb.vid.toLowerCase() && u.pid === usb.pid.toLowerCase())) return { matched: false, failed: 'usb' };
  }
  if (target.atr.length > 0 && !(facts.atr !== undefined && target.atr.some((a) => atrMatches(a, facts.atr!)))) return { matched: false, failed: 'atr' };
  return { matched: true };
}
