import { ProvisioningError } from '../errors/provisioning-error.js';
import { assertNever } from '../util/assert-never.js';
import type { Result } from '../util/result.js';
import type { AtResult } from './at-engine.js';
import type { AtFinalResult } from './result-codes.js';

/** Runs one AT command and resolves with how it ended (the AT driver in src-main provides this). */
export type AtExecutor = (command: string, options?: { readonly timeoutMs?: number }) => Promise<AtResult>;

/** A command's parsed answer, or the modem's refusal as data. */
export type AtOutcome<T> = { readonly status: 'ok'; readonly value: T } | { readonly status: 'rejected'; readonly final: AtFinalResult };

/** Result of {@link settle}: the outcome, or a typed error when the modem did not answer sensibly. */
export type AtSettled<T> = { readonly ok: true; readonly value: AtOutcome<T> } | { readonly ok: false; readonly error: ProvisioningError };

/**
 * Turns an {@link AtResult} into an outcome: `OK` lines go through `parse`, refusals stay data,
 * a timeout is TRANSPORT_TIMEOUT and an unparsable answer is PROTOCOL_VIOLATION.
 */
export function settle<T>(command: string, result: AtResult, parse: (lines: readonly string[]) => Result<T, string>): AtSettled<T> {
  switch (result.status) {
    case 'timeout':
      return { ok: false, error: new ProvisioningError('TRANSPORT_TIMEOUT', 'Modem did not answer in time', { retryable: true, details: { command } }) };
    case 'cancelled':
      return { ok: false, error: result.error };
    case 'final': {
      if (result.final.kind !== 'ok') return { ok: true, value: { status: 'rejected', final: result.final } };
      const parsed = parse(result.lines);
      if (!parsed.ok) {
        return { ok: false, error: new ProvisioningError('PROTOCOL_VIOLATION', `Unexpected modem answer: ${parsed.error}`, { details: { command } }) };
      }
      return { ok: true, value: { status: 'ok', value: parsed.value } };
    }
    default:
      return assertNever(result, 'unknown AT result');
  }
}

/** Strips an optional `+NAME:` prefix and surrounding quotes from an information line. */
export function infoValue(line: string, name?: string): string {
  let text = line.trim();
  const prefix = /^[+^][A-Za-z0-9]+:\s*/.exec(text);
  if (prefix !== null && (name === undefined || prefix[0].toUpperCase().startsWith(name.toUpperCase()))) text = text.slice(prefix[0].length);
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1);
  return text.trim();
}
