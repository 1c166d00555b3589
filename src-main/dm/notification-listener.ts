/**
 * The receive side of Package#0 on a {@link NotificationCarrier}: each datagram goes through the
 * engine's notification policy; accepted ones reach `onAccepted` (which opens a session), refused
 * ones become refusal records (forged, replayed, stale, malformed, unknown server).
 */
import type { ErrorCode } from '../../src-shared/errors/index.js';
import type { NotificationCarrier, NotificationOrigin } from '../../src-shared/ports/notification-carrier.js';
import type { NotificationDecision, NotificationRejection } from '../../src-shared/protocol/dm/session/notification-policy.js';
import { assertNever } from '../../src-shared/util/assert-never.js';
import { emitRefusal, type RefusalListener } from './refusal.js';
import { nodeSha256 } from '../platform/node-ports.js';

/** SHA-256 for Package#0 digests (re-exported for the DM modules). */
export { nodeSha256 };

/** An accepted notification and where it came from. */
export type AcceptedNotification = Extract<NotificationDecision, { accept: true }> & { readonly origin: NotificationOrigin };

/** Options of {@link listenForNotifications}. */
export interface NotificationListenerOptions {
  readonly carrier: NotificationCarrier;
  /** The policy decision for raw bytes (e.g. `bytes => policy.evaluate(bytes, tree())`). */
  readonly evaluate: (bytes: Uint8Array) => NotificationDecision;
  readonly onAccepted: (accepted: AcceptedNotification) => void;
  readonly onRefusal?: RefusalListener;
}

function codeOf(reason: NotificationRejection): ErrorCode {
  switch (reason) {
    case 'malformed':
      return 'INVALID_REQUEST';
    case 'unknown-server':
    case 'unauthenticated':
    case 'bad-digest':
    case 'stale':
    case 'duplicate':
      return 'AUTH_FAILED';
    default:
      return assertNever(reason, 'unknown notification rejection');
  }
}

const WORDS: Readonly<Record<NotificationRejection, string>> = {
  malformed: 'malformed notification',
  'unknown-server': 'notification from an unknown server',
  unauthenticated: 'unauthenticated notification',
  'bad-digest': 'forged notification (digest does not verify)',
  stale: 'replayed or stale notification (timestamp outside the window)',
  duplicate: 'replayed notification (duplicate NOTIFICATION-ID)',
};

/** Starts listening; returns the function that stops. */
export function listenForNotifications(options: NotificationListenerOptions): () => void {
  return options.carrier.onNotification((bytes, origin) => {
    let decision: NotificationDecision;
    try {
      decision = options.evaluate(bytes);
    } catch {
      decision = { accept: false, reason: 'malformed', detail: 'policy failed on this input' };
    }
    if (decision.accept) {
      options.onAccepted({ ...decision, origin });
      return;
    }
    emitRefusal(options.onRefusal, {
      code: codeOf(decision.reason),
      reason: `${WORDS[decision.reason]}: ${decision.detail}`,
      peer: { transport: 'udp', ...(origin.from === undefined ? {} : { remote: origin.from }) },
    });
  });
}
