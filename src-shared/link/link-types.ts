import type { ProvisioningError } from '../errors/provisioning-error.js';
import type { Result } from '../util/result.js';
import type { Random } from '../ports/clock.js';
import type { HelloParams, LinkIdentity, LinkRole } from './hello.js';
import type { LinkHttpRequest, LinkHttpResponse } from './message-codec.js';

/** What one side offers in its HELLO; the link runs on the minimum of both offers. */
export interface LinkLimits {
  /** Largest DATA payload per frame in bytes. @default 1024 */
  readonly maxFramePayload: number;
  /** DATA frames in flight before an ack is needed (1–127). @default 16 */
  readonly window: number;
  /** Largest reassembled message this side accepts. @default 4 MiB */
  readonly maxMessageBytes: number;
  /** Requests this side accepts outstanding at once. @default 8 */
  readonly maxExchanges: number;
}

/** Timing parameters (all milliseconds on the caller's monotonic clock). */
export interface LinkTimers {
  /** RTO before the first RTT sample. @default 1000 */
  readonly initialRtoMs: number;
  /** @default 100 */
  readonly minRtoMs: number;
  /** @default 8000 */
  readonly maxRtoMs: number;
  /** Consecutive timeouts without progress before the link fails. @default 8 */
  readonly maxRetries: number;
  /** Delay before a standalone ACK when no DATA can carry it. @default 10 */
  readonly ackDelayMs: number;
  /** Send a PING after this long without receiving anything (0 disables). @default 1000 */
  readonly keepaliveMs: number;
  /** Fail the link after this long without receiving anything (0 disables). @default 5000 */
  readonly idleTimeoutMs: number;
  /** HELLO attempts by the station before giving up (0 = keep trying). @default 0 */
  readonly helloAttempts: number;
  /**
   * Line rate in bytes per second (e.g. 11,520 for 115,200 baud 8N1), when known. Lets the sender
   * time frames from when they leave the line rather than when they were queued; needed below
   * ~57,600 baud, where a window of frames takes longer to send than the maximum RTO.
   */
  readonly lineBytesPerSecond?: number;
}

/** Defaults for {@link LinkLimits}. */
export const DEFAULT_LINK_LIMITS: LinkLimits = { maxFramePayload: 1024, window: 16, maxMessageBytes: 4 * 1024 * 1024, maxExchanges: 8 };

/** Defaults for {@link LinkTimers}. */
export const DEFAULT_LINK_TIMERS: LinkTimers = {
  initialRtoMs: 1000,
  minRtoMs: 100,
  maxRtoMs: 8000,
  maxRetries: 8,
  ackDelayMs: 10,
  keepaliveMs: 1000,
  idleTimeoutMs: 5000,
  helloAttempts: 0,
};

/** Options of {@link createLinkEndpoint}. */
export interface LinkEndpointOptions {
  readonly role: LinkRole;
  readonly identity: LinkIdentity;
  /** Source of the HELLO nonce and the initial sequence number. */
  readonly random: Random;
  readonly limits?: Partial<LinkLimits>;
  readonly timers?: Partial<LinkTimers>;
}

/** Limits both sides agreed on at HELLO time. */
export interface NegotiatedLimits {
  readonly version: number;
  readonly maxFramePayload: number;
  readonly window: number;
  /** Largest message the peer accepts from us. */
  readonly peerMaxMessageBytes: number;
  /** Requests we may have outstanding at the peer. */
  readonly peerMaxExchanges: number;
}

/** Something the link reports to its owner. */
export type LinkEvent =
  | { readonly kind: 'hello-complete'; readonly peer: HelloParams; readonly negotiated: NegotiatedLimits }
  | { readonly kind: 'request'; readonly exchangeId: number; readonly request: LinkHttpRequest }
  | { readonly kind: 'response'; readonly exchangeId: number; readonly response: LinkHttpResponse }
  | { readonly kind: 'notification'; readonly payload: Uint8Array }
  | { readonly kind: 'message-dropped'; readonly reason: string }
  | { readonly kind: 'exchange-failed'; readonly exchangeId: number; readonly error: ProvisioningError }
  | { readonly kind: 'peer-restarted' }
  | { readonly kind: 'failed'; readonly error: ProvisioningError }
  | { readonly kind: 'closed'; readonly byPeer: boolean };

/** What {@link LinkEndpoint.poll} returns. */
export interface LinkPollResult {
  /** Wire bytes to write, in order (one encoded frame each). */
  readonly output: Uint8Array[];
  readonly events: LinkEvent[];
  /** Call `poll` again no later than this (undefined: only on input or a new send). */
  readonly nextDeadlineMs: number | undefined;
}

/** Life-cycle state of an endpoint. */
export type LinkStateKind = 'handshaking' | 'open' | 'failed' | 'closed';

/** Counters for diagnostics and benchmarks. */
export interface LinkStats {
  framesSent: number;
  framesReceived: number;
  framesRejected: number;
  retransmissions: number;
  wireBytesSent: number;
  payloadBytesSent: number;
  smoothedRttMs: number | undefined;
  rtoMs: number;
}

/**
 * One end of a Bootbench link, sans-I/O.
 *
 * Feed received bytes with `receive`, queue messages with the `send*` methods, and call `poll`
 * with the current monotonic time after each of those and whenever `nextDeadlineMs` passes. The
 * endpoint never throws on peer input: damage is counted, protocol breaches become events.
 */
export interface LinkEndpoint {
  readonly role: LinkRole;
  /** Current life-cycle state. */
  readonly state: LinkStateKind;
  /** Peer HELLO, once the handshake completed. */
  readonly peer: HelloParams | undefined;
  readonly negotiated: NegotiatedLimits | undefined;
  /** True when nothing is queued, in flight or waiting for an ack. */
  readonly isIdle: boolean;
  /** Buffers received wire bytes; they are processed at the next `poll`. */
  receive(bytes: Uint8Array): void;
  /** Queues an HTTP request; returns its exchange id or a typed refusal. */
  sendRequest(request: LinkHttpRequest): Result<number, ProvisioningError>;
  /** Queues the response to a request received as a `request` event. */
  sendResponse(exchangeId: number, response: LinkHttpResponse): Result<void, ProvisioningError>;
  /** Queues a Package#0 notification (opaque bytes). */
  sendNotification(payload: Uint8Array): Result<void, ProvisioningError>;
  /** Sends RESET(close) at the next poll and closes; outstanding exchanges fail with CANCELLED. */
  close(): void;
  /** Advances the endpoint to `nowMs`: processes input, timers and queued sends. */
  poll(nowMs: number): LinkPollResult;
  stats(): LinkStats;
}
