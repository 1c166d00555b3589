import { assertNever } from '../util/assert-never.js';
import type { RetryCounter } from './card-session.js';
import { describeStatusWord } from './status-words.js';

/**
 * State of a lot (a batch of cards provisioned with the same codes).
 *
 * After the first wrong code the lot is stopped: the same wrong code would burn a try on every
 * further card, so no card of the lot gets a code until an operator starts a new lot.
 */
export type LotState = { readonly kind: 'open' } | { readonly kind: 'stopped'; readonly cardId: string; readonly reason: string };

/** A fresh lot. */
export const OPEN_LOT: LotState = { kind: 'open' };

/** Why the guard refused to present a code. */
export type GuardRefusal = 'lot-stopped' | 'blocked' | 'last-try' | 'counter-unknown';

/** The guard's verdict before a VERIFY with a code. */
export type GuardDecision = { readonly kind: 'present' } | { readonly kind: 'skip' } | { readonly kind: 'refuse'; readonly reason: GuardRefusal; readonly message: string };

/** Operator choices that loosen the guard. */
export interface GuardOptions {
  /** Present even when one try is left or the counter cannot be read (a supervisor's explicit decision). */
  readonly overrideLastTry: boolean;
}

/**
 * Decides whether a code may be presented, from the counter read without spending a try.
 *
 * Invariant (tested over randomized lots): without the override, the station never presents a
 * code to a card with fewer than two tries left, and never to any card after a wrong code, so no
 * counter reaches zero through the station.
 */
export function decidePresentation(counter: RetryCounter, lot: LotState, options: GuardOptions): GuardDecision {
  if (lot.kind === 'stopped') return { kind: 'refuse', reason: 'lot-stopped', message: `lot stopped after a wrong code on card ${lot.cardId}` };
  switch (counter.kind) {
    case 'verified':
      return { kind: 'skip' };
    case 'blocked':
      return { kind: 'refuse', reason: 'blocked', message: 'the code is blocked (6983)' };
    case 'tries':
      if (counter.left === 0) return { kind: 'refuse', reason: 'blocked', message: 'no tries left' };
      if (counter.left === 1 && !options.overrideLastTry) return { kind: 'refuse', reason: 'last-try', message: 'one try left: refusing without an explicit override' };
      return { kind: 'present' };
    case 'unknown':
      return options.overrideLastTry ? { kind: 'present' } : { kind: 'refuse', reason: 'counter-unknown', message: `the card did not report a retry counter (${counter.sw.toString(16)})` };
    default:
      return assertNever(counter, 'unknown retry counter');
  }
}

/** Outcome of presenting a code. */
export type PresentationOutcome = 'accepted' | 'wrong' | 'blocked' | 'error';

/** Classifies the VERIFY status word (9000 accepted, 63Cx/6300 wrong, 6983 blocked). */
export function presentationOutcome(sw: number): PresentationOutcome {
  const info = describeStatusWord(sw);
  if (info.kind === 'ok') return 'accepted';
  if (info.kind === 'retries' || sw === 0x6300) return 'wrong';
  if (info.kind === 'blocked') return 'blocked';
  return 'error';
}

/** The lot after a presentation: any outcome other than `accepted` stops it. */
export function afterPresentation(lot: LotState, cardId: string, outcome: PresentationOutcome): LotState {
  if (outcome === 'accepted' || lot.kind === 'stopped') return lot;
  return { kind: 'stopped', cardId, reason: `code ${outcome} on card ${cardId}` };
}
