import { ProvisioningError } from '../errors/provisioning-error.js';
import { assertNever } from '../util/assert-never.js';
import { err, ok, type Result } from '../util/result.js';

/** The states of one device's production run, in order (the last three are terminal). */
export const RUN_STATES = ['queued', 'identifying', 'bootstrapping', 'first-contact', 'done', 'failed', 'cancelled'] as const;

/** One state of a device's production run. */
export type RunState = (typeof RUN_STATES)[number];

/** What moves a run from one state to the next. */
export type RunEvent =
  | { readonly kind: 'start' }
  | { readonly kind: 'identified' }
  | { readonly kind: 'bootstrapped' }
  | { readonly kind: 'first-contact-ok' }
  | { readonly kind: 'fail'; readonly code: string }
  | { readonly kind: 'cancel' }
  /** Retry-failed: a failed (or cancelled) run goes back to the queue. */
  | { readonly kind: 'retry' }
  /** A station restart found the run mid-way: it goes back to the queue and resumes from its journal. */
  | { readonly kind: 'resume' };

/** True for states a run never leaves on its own (`retry` can requeue failed/cancelled). */
export function isTerminal(state: RunState): boolean {
  return state === 'done' || state === 'failed' || state === 'cancelled';
}

/** Parses a stored state string; unknown text is a typed `INTERNAL` error (a corrupt row). */
export function parseRunState(text: string): Result<RunState, ProvisioningError> {
  const found = RUN_STATES.find((s) => s === text);
  return found === undefined ? err(new ProvisioningError('INTERNAL', `unknown stored run state "${text.slice(0, 40)}"`)) : ok(found);
}

const active = (s: RunState): boolean => s === 'identifying' || s === 'bootstrapping' || s === 'first-contact';

/**
 * The next state of a run for an event, or `INVALID_REQUEST` when the transition is not allowed
 * (checked transitions: a done run never restarts; only failed/cancelled runs are retried).
 */
export function nextRunState(state: RunState, event: RunEvent): Result<RunState, ProvisioningError> {
  const refuse = (): Result<RunState, ProvisioningError> => err(new ProvisioningError('INVALID_REQUEST', `run transition "${event.kind}" is not allowed from state "${state}"`, { details: { state, event: event.kind } }));
  switch (event.kind) {
    case 'start':
      return state === 'queued' ? ok('identifying') : refuse();
    case 'identified':
      return state === 'identifying' ? ok('bootstrapping') : refuse();
    case 'bootstrapped':
      return state === 'bootstrapping' ? ok('first-contact') : refuse();
    case 'first-contact-ok':
      return state === 'first-contact' ? ok('done') : refuse();
    case 'fail':
      return state === 'queued' || active(state) ? ok('failed') : refuse();
    case 'cancel':
      return state === 'queued' || active(state) ? ok('cancelled') : refuse();
    case 'retry':
      return state === 'failed' || state === 'cancelled' ? ok('queued') : refuse();
    case 'resume':
      return active(state) || state === 'queued' ? ok('queued') : refuse();
    default:
      return assertNever(event);
  }
}
