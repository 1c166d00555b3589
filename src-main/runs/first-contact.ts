import type { BootstrapSpec } from '../../src-shared/bootstrap/bootstrap-spec.js';
import { ProvisioningError, type SerializedError } from '../../src-shared/errors/provisioning-error.js';
import type { ServerEvent } from '../../src-shared/protocol/dm/session/index.js';
import type { CableBootstrapResult } from '../bootstrap/cable-bootstrap.js';

/** What the first-contact check saw (`checked` names each fact that was verified). */
export type FirstContactResult = { readonly kind: 'ok'; readonly checked: readonly string[] } | { readonly kind: 'failed'; readonly error: SerializedError; readonly checked: readonly string[] };

/** Context of one first-contact check. */
export interface FirstContactContext {
  readonly devId: string;
  readonly spec: BootstrapSpec;
  readonly bootstrap: Extract<CableBootstrapResult, { kind: 'completed' }>;
}

/** A first-contact check: resolves (never rejects) with what it verified. */
export type FirstContactCheck = (context: FirstContactContext) => Promise<FirstContactResult>;

/**
 * The check every run makes: the cable bootstrap completed, which means the device's
 * `BootstrapComplete` session to the station (over the link) closed normally and was journalled.
 */
export const bootstrapCompleteCheck: FirstContactCheck = (c) =>
  Promise.resolve(c.bootstrap.kind === 'completed' ? { kind: 'ok', checked: ['bootstrap-complete'] } : { kind: 'failed', checked: [], error: new ProvisioningError('PROTOCOL_VIOLATION', 'BootstrapComplete was not observed').toSerialized() });

/**
 * Watches a DM server's events (pass `onEvent` to `startDmServerHost`) and answers whether a device
 * opened a session to it. Sessions seen before anyone waits are remembered.
 */
export class SessionWatcher {
  readonly #seen = new Set<string>();
  readonly #waiters = new Map<string, (() => void)[]>();

  /** Feed for `DmServerHostOptions.onEvent`. */
  readonly onEvent = (event: ServerEvent): void => {
    if (event.kind !== 'session-opened') return;
    this.#seen.add(event.devId);
    for (const wake of this.#waiters.get(event.devId) ?? []) wake();
    this.#waiters.delete(event.devId);
  };

  /** Resolves true when `devId` has opened a session, false after `timeoutMs`. */
  waitFor(devId: string, timeoutMs: number): Promise<boolean> {
    if (this.#seen.has(devId)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      const list = this.#waiters.get(devId) ?? [];
      list.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
      this.#waiters.set(devId, list);
    });
  }
}

/** Options of {@link serverSessionCheck}. */
export interface ServerSessionCheckOptions {
  readonly watcher: SessionWatcher;
  /** SrvIDs of the accounts whose server the device can reach from the line (the embedded server in tests). */
  readonly reachableSrvIds: readonly string[];
  /** @default 10_000 */
  readonly timeoutMs?: number;
}

/**
 * BootstrapComplete observed AND, when the description has an account whose server is reachable
 * from the line, a DM session from the device to that server observed within the timeout.
 */
export function serverSessionCheck(o: ServerSessionCheckOptions): FirstContactCheck {
  return async (c) => {
    const base = await bootstrapCompleteCheck(c);
    if (base.kind === 'failed') return base;
    const reachable = c.spec.accounts.filter((a) => o.reachableSrvIds.includes(a.account.srvId));
    if (reachable.length === 0) return base;
    const seen = await o.watcher.waitFor(c.devId, o.timeoutMs ?? 10_000);
    const names = reachable.map((a) => a.account.srvId).join(', ');
    if (seen) return { kind: 'ok', checked: [...base.checked, `session:${names}`] };
    return { kind: 'failed', checked: base.checked, error: new ProvisioningError('TRANSPORT_TIMEOUT', `the device opened no DM session to ${names} within ${o.timeoutMs ?? 10_000} ms`, { retryable: true }).toSerialized() };
  };
}
