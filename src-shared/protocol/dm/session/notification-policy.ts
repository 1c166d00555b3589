/**
 * The receive side of Package#0 (digest §7.3, §8): which notification opens a session.
 *
 * Finds the DMAcc whose SrvID equals SERVER-ID, verifies the SHA-256 digest with `Auth/Noti`
 * credentials, checks the TIMESTAMP window against the injected clock and drops duplicate
 * NOTIFICATION-IDs (bounded memory). Every refusal is a value with a reason; nothing throws.
 * Pure apart from its duplicate memory; the UDP socket is part B's.
 */
import { ProvisioningError } from '../../../errors/index.js';
import type { Clock } from '../../../ports/clock.js';
import { accountsOf } from '../access-control.js';
import { decodePackage0, verifyPackage0, type DigestOrder, type NotiCredentials, type Package0, type Sha256 } from '../package0.js';
import { utf8Encode } from '../text.js';
import { fromBase64 as base64Decode } from '../../../util/base64.js';
import { nodeAt } from '../tree/tree.js';
import type { ManagementTree, MoInstance } from '../tree/types.js';
import { NOTIFICATION_AUTH_POLICY, NOTIFICATION_MEMORY, NOTIFICATION_WINDOW_S } from './session-decisions.js';

/** Why a notification is ignored. */
export type NotificationRejection = 'malformed' | 'unknown-server' | 'unauthenticated' | 'bad-digest' | 'stale' | 'duplicate';

/** The decision on one notification. */
export type NotificationDecision =
  | { readonly accept: true; readonly serverId: string; readonly notificationId: number | null; readonly reqMos: boolean; readonly authenticated: boolean }
  | { readonly accept: false; readonly reason: NotificationRejection; readonly detail: string };

/** Options of a {@link NotificationPolicy}. */
export interface NotificationPolicyOptions {
  /** Accepted distance between TIMESTAMP and the clock, seconds. @default NOTIFICATION_WINDOW_S */
  readonly windowS?: number;
  /** NOTIFICATION-IDs remembered. @default NOTIFICATION_MEMORY */
  readonly memory?: number;
  /** @default NOTIFICATION_AUTH_POLICY ('when-configured') */
  readonly auth?: 'when-configured' | 'always';
  /** Reject notifications without TIMESTAMP. @default false */
  readonly requireTimestamp?: boolean;
  readonly digestOrder?: DigestOrder;
}

function leafBytes(acc: MoInstance, path: readonly string[]): Uint8Array | undefined {
  const n = nodeAt(acc.root, path);
  if (n?.kind !== 'leaf') return undefined;
  if (n.format === 'bin') return n.value;
  // MOData without a DDF hook decodes bin leaves as chr base64 text (decisions.ts MODATA_LEAF_ENCODING).
  if (typeof n.value === 'string') return base64Decode(n.value) ?? utf8Encode(n.value);
  return undefined;
}

/** The notification credentials of a DMAcc instance, when it has `Auth/Noti/Secret`. */
export function notiCredentialsOf(acc: MoInstance): NotiCredentials | undefined {
  const secret = leafBytes(acc, ['Auth', 'Noti', 'Secret']);
  if (secret === undefined) return undefined;
  return { secret, data: leafBytes(acc, ['Auth', 'Noti', 'Data']) ?? new Uint8Array(0) };
}

/** Decides on notifications; remembers accepted NOTIFICATION-IDs to drop duplicates. */
export class NotificationPolicy {
  readonly #clock: Clock;
  readonly #sha256: Sha256;
  readonly #options: NotificationPolicyOptions;
  readonly #seen = new Map<string, true>();

  constructor(deps: { readonly clock: Clock; readonly sha256: Sha256 }, options: NotificationPolicyOptions = {}) {
    this.#clock = deps.clock;
    this.#sha256 = deps.sha256;
    this.#options = options;
  }

  /** Evaluates one received Package#0 against the current tree. */
  evaluate(bytes: Uint8Array, tree: ManagementTree): NotificationDecision {
    let p: Package0;
    try {
      p = decodePackage0(bytes);
    } catch (error) {
      return { accept: false, reason: 'malformed', detail: error instanceof ProvisioningError ? error.message : 'not a Package#0' };
    }
    const serverId = p.serverId!;
    const accounts = accountsOf(tree, serverId);
    if (accounts.length === 0) return { accept: false, reason: 'unknown-server', detail: 'no DM account has this SERVER-ID' };
    const creds = accounts.map(notiCredentialsOf).filter((c): c is NotiCredentials => c !== undefined);
    let authenticated = false;
    if (creds.length > 0) {
      if (p.digest === undefined) return { accept: false, reason: 'unauthenticated', detail: 'account requires an authenticated notification; no digest' };
      const order = this.#options.digestOrder;
      authenticated = creds.some((c) => verifyPackage0(bytes, c, this.#sha256, order === undefined ? {} : { order }) !== undefined);
      if (!authenticated) return { accept: false, reason: 'bad-digest', detail: 'digest does not verify' };
    } else if ((this.#options.auth ?? NOTIFICATION_AUTH_POLICY) === 'always') {
      return { accept: false, reason: 'unauthenticated', detail: 'account has no notification credentials' };
    }
    if (p.timestampS !== undefined) {
      const skew = Math.abs(this.#clock.nowMs() / 1000 - p.timestampS);
      if (skew > (this.#options.windowS ?? NOTIFICATION_WINDOW_S)) return { accept: false, reason: 'stale', detail: `timestamp is ${Math.round(skew)} s from the clock` };
    } else if (this.#options.requireTimestamp === true) {
      return { accept: false, reason: 'stale', detail: 'no timestamp' };
    }
    const id = p.notificationId ?? null;
    if (id !== null) {
      const key = `${serverId}\n${id}`;
      if (this.#seen.has(key)) return { accept: false, reason: 'duplicate', detail: `NOTIFICATION-ID ${id} already handled` };
      this.#seen.set(key, true);
      const memory = this.#options.memory ?? NOTIFICATION_MEMORY;
      while (this.#seen.size > memory) this.#seen.delete(this.#seen.keys().next().value!);
    }
    return { accept: true, serverId, notificationId: id, reqMos: p.reqMos, authenticated };
  }
}
