import { ProvisioningError } from '../errors/provisioning-error.js';
import { assertNever } from '../util/assert-never.js';
import { concatBytes } from '../util/bytes.js';
import { err, ok, type Result } from '../util/result.js';
import { Deframer, type DeframerItem } from './deframer.js';
import { encodeFrame, FrameType, type Frame, type FrameTypeValue } from './frame.js';
import { encodeHello, LINK_VERSION, type HelloParams, type LinkRole } from './hello.js';
import { FrameDispatcher, ResetReason } from './link-frames.js';
import {
  DEFAULT_LINK_LIMITS,
  DEFAULT_LINK_TIMERS,
  type LinkEndpoint,
  type LinkEndpointOptions,
  type LinkEvent,
  type LinkLimits,
  type LinkPollResult,
  type LinkStateKind,
  type LinkStats,
  type LinkTimers,
  type NegotiatedLimits,
} from './link-types.js';
import { encodeMessage, validateMessage, type LinkHttpRequest, type LinkHttpResponse, type LinkMessage } from './message-codec.js';
import { ReliableReceiver } from './reliable-receiver.js';
import { ReliableSender, type OutgoingData } from './reliable-sender.js';
import { RtoEstimator } from './rto.js';

/** Creates a link endpoint; the station initiates the handshake, the device answers. */
export function createLinkEndpoint(options: LinkEndpointOptions): LinkEndpoint {
  return new LinkEndpointImpl(options);
}

const LEADING_DELIMITER = Uint8Array.of(0);

function u32(bytes: Uint8Array): number {
  return ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
}

class LinkEndpointImpl implements LinkEndpoint {
  readonly role: LinkRole;
  state: LinkStateKind = 'handshaking';
  peer: HelloParams | undefined;
  negotiated: NegotiatedLimits | undefined;
  private readonly limits: LinkLimits;
  private readonly timers: LinkTimers;
  private readonly local: HelloParams;
  private readonly deframer: Deframer;
  private readonly rto: RtoEstimator;
  private sender: ReliableSender;
  private receiver: ReliableReceiver | undefined;
  private readonly dispatcher: FrameDispatcher;
  private received: DeframerItem[] = [];
  private output: Uint8Array[] = [];
  private events: LinkEvent[] = [];
  private readonly outgoing = new Set<number>();
  private readonly incoming = new Set<number>();
  private nextExchangeId = 1;
  private helloNextMs: number | undefined;
  private helloAttempts = 0;
  private lastRxMs: number | undefined;
  private lastPingMs: number | undefined;
  private pollNowMs = 0;
  private readonly counters = { framesSent: 0, framesReceived: 0, wireBytesSent: 0, payloadBytesSent: 0 };

  constructor(options: LinkEndpointOptions) {
    this.role = options.role;
    this.limits = { ...DEFAULT_LINK_LIMITS, ...options.limits };
    this.timers = { ...DEFAULT_LINK_TIMERS, ...options.timers };
    const r = options.random.bytes(6);
    this.local = {
      version: LINK_VERSION,
      role: options.role,
      nonce: u32(r),
      initialSeq: (r[4]! << 8) | r[5]!,
      maxFramePayload: this.limits.maxFramePayload,
      window: this.limits.window,
      maxMessageBytes: this.limits.maxMessageBytes,
      maxExchanges: this.limits.maxExchanges,
      identity: options.identity,
    };
    this.deframer = new Deframer(this.limits.maxFramePayload);
    this.rto = new RtoEstimator(this.timers);
    this.sender = this.newSender();
    this.dispatcher = new FrameDispatcher({
      role: this.role,
      local: this.local,
      isOpen: () => this.state === 'open',
      sendFrame: (type, payload) => this.emitFrame(type, 0, 0, payload),
      reset: (reason, text) => this.emitReset(reason, text),
      complete: (peer, restarted) => this.completeHandshake(peer, restarted),
      fail: (error) => this.fail(error),
      closedByPeer: () => this.finish({ kind: 'closed', byPeer: true }, new ProvisioningError('DEVICE_DISCONNECTED', 'Link closed by peer')),
      onData: (frame, nowMs) => this.onData(frame, nowMs),
      onAck: (ack, sack, nowMs) => this.sendData(this.sender.onAck(ack, sack, nowMs)),
      onPing: () => this.receiver?.requestAck(),
      event: (e) => this.events.push(e),
      dispatchMessage: (bytes) => this.dispatchMessage(bytes),
      maxMessageBytes: this.limits.maxMessageBytes,
    });
  }

  get isIdle(): boolean {
    return this.sender.isIdle && (this.receiver === undefined || !this.receiver.ackDue(Number.POSITIVE_INFINITY));
  }

  receive(bytes: Uint8Array): void {
    if (this.state === 'failed' || this.state === 'closed') return;
    for (const item of this.deframer.push(bytes)) this.received.push(item);
  }

  sendRequest(request: LinkHttpRequest): Result<number, ProvisioningError> {
    const refused = this.refuseSend();
    if (refused !== undefined) return err(refused);
    const limit = Math.min(this.limits.maxExchanges, this.peer?.maxExchanges ?? this.limits.maxExchanges);
    if (this.outgoing.size >= limit) {
      return err(new ProvisioningError('DEVICE_BUSY', 'Too many outstanding link exchanges', { retryable: true, details: { limit } }));
    }
    let id = this.nextExchangeId;
    while (this.outgoing.has(id)) id = (id % 0xffff) + 1;
    this.nextExchangeId = (id % 0xffff) + 1;
    const queued = this.queueMessage({ kind: 'request', exchangeId: id, request });
    if (!queued.ok) return queued;
    this.outgoing.add(id);
    return ok(id);
  }

  sendResponse(exchangeId: number, response: LinkHttpResponse): Result<void, ProvisioningError> {
    const refused = this.refuseSend();
    if (refused !== undefined) return err(refused);
    if (!this.incoming.has(exchangeId)) {
      return err(new ProvisioningError('INVALID_REQUEST', 'No open link exchange with this id', { details: { exchangeId } }));
    }
    const queued = this.queueMessage({ kind: 'response', exchangeId, response });
    if (queued.ok) this.incoming.delete(exchangeId);
    return queued;
  }

  sendNotification(payload: Uint8Array): Result<void, ProvisioningError> {
    const refused = this.refuseSend();
    return refused !== undefined ? err(refused) : this.queueMessage({ kind: 'notification', payload });
  }

  close(): void {
    if (this.state === 'failed' || this.state === 'closed') return;
    this.emitReset(ResetReason.close);
    this.finish({ kind: 'closed', byPeer: false }, new ProvisioningError('CANCELLED', 'Link closed locally'));
  }

  poll(nowMs: number): LinkPollResult {
    this.lastRxMs ??= nowMs;
    this.pollNowMs = nowMs;
    this.dispatcher.beginPoll();
    const received = this.received;
    this.received = [];
    for (const item of received) {
      if (this.state === 'failed' || this.state === 'closed') break;
      if (!item.ok) continue;
      this.counters.framesReceived++;
      this.lastRxMs = nowMs;
      this.dispatcher.handle(item.frame, nowMs);
    }
    if (this.state === 'handshaking' && this.role === 'station') this.pollHello(nowMs);
    if (this.state === 'open') this.pollOpen(nowMs);
    const result: LinkPollResult = { output: this.output, events: this.events, nextDeadlineMs: this.deadline() };
    this.output = [];
    this.events = [];
    return result;
  }

  stats(): LinkStats {
    return {
      ...this.counters,
      framesRejected: this.deframer.stats.framesRejected,
      retransmissions: this.sender.retransmissions,
      smoothedRttMs: this.rto.smoothedRttMs,
      rtoMs: this.rto.rtoMs,
    };
  }

  private newSender(): ReliableSender {
    const rate = this.timers.lineBytesPerSecond;
    return new ReliableSender(this.rto, this.local.initialSeq, this.limits.window, this.limits.maxFramePayload, rate === undefined ? undefined : rate / 1000);
  }

  private refuseSend(): ProvisioningError | undefined {
    if (this.state === 'failed' || this.state === 'closed') return new ProvisioningError('DEVICE_DISCONNECTED', `Link is ${this.state}`);
    return undefined;
  }

  private queueMessage(message: LinkMessage): Result<void, ProvisioningError> {
    const invalid = validateMessage(message);
    if (invalid !== undefined) return err(new ProvisioningError('INVALID_REQUEST', `Cannot send over the link: ${invalid}`));
    const bytes = encodeMessage(message);
    const max = Math.min(this.limits.maxMessageBytes, this.peer?.maxMessageBytes ?? this.limits.maxMessageBytes);
    if (bytes.length > max) {
      return err(new ProvisioningError('INVALID_REQUEST', 'Message exceeds the link message size limit', { details: { sizeBytes: bytes.length, maxBytes: max } }));
    }
    this.sender.enqueue(bytes);
    return ok(undefined);
  }

  private pollHello(nowMs: number): void {
    if (this.helloNextMs !== undefined && nowMs < this.helloNextMs) return;
    if (this.timers.helloAttempts > 0 && this.helloAttempts >= this.timers.helloAttempts) {
      this.fail(new ProvisioningError('TRANSPORT_TIMEOUT', 'Device did not answer the link HELLO', { retryable: true, details: { attempts: this.helloAttempts } }));
      return;
    }
    this.emitFrame(FrameType.HELLO, 0, 0, encodeHello(this.local));
    const backoff = Math.min(this.timers.maxRtoMs, this.timers.initialRtoMs * 2 ** Math.min(this.helloAttempts, 16));
    this.helloAttempts++;
    this.helloNextMs = nowMs + backoff;
  }

  private pollOpen(nowMs: number): void {
    const receiver = this.receiver!;
    const lastRx = this.lastRxMs ?? nowMs;
    // Checks use the very sums `deadline()` returns, so a deadline never stays due (float rounding).
    if (this.timers.idleTimeoutMs > 0 && nowMs >= lastRx + this.timers.idleTimeoutMs) {
      this.fail(new ProvisioningError('TRANSPORT_TIMEOUT', 'Link peer went silent', { retryable: true, details: { silentMs: nowMs - lastRx } }));
      return;
    }
    const resend = this.sender.onTimer(nowMs, this.timers.maxRetries);
    if (resend === undefined) {
      this.fail(new ProvisioningError('TRANSPORT_TIMEOUT', 'Link retransmissions exhausted', { retryable: true, details: { retries: this.timers.maxRetries } }));
      return;
    }
    this.sendData(resend);
    this.sendData(this.sender.takeNew(nowMs));
    if (receiver.ackDue(nowMs)) {
      const sack = receiver.sackBitmap();
      const payload = sack === 0 ? new Uint8Array(0) : Uint8Array.of(sack >>> 24, (sack >>> 16) & 0xff, (sack >>> 8) & 0xff, sack & 0xff);
      this.emitFrame(FrameType.ACK, 0, 0, payload);
    }
    const k = this.timers.keepaliveMs;
    if (k > 0 && nowMs >= Math.max(lastRx + k, (this.lastPingMs ?? Number.NEGATIVE_INFINITY) + k)) {
      this.emitFrame(FrameType.PING, 0, 0, new Uint8Array(0));
      this.lastPingMs = nowMs;
    }
  }

  private deadline(): number | undefined {
    if (this.state === 'handshaking') return this.role === 'station' ? this.helloNextMs : undefined;
    if (this.state !== 'open') return undefined;
    const candidates = [this.sender.deadline(), this.receiver?.deadline()];
    const lastRx = this.lastRxMs ?? 0;
    if (this.timers.idleTimeoutMs > 0) candidates.push(lastRx + this.timers.idleTimeoutMs);
    const k = this.timers.keepaliveMs;
    if (k > 0) candidates.push(Math.max(lastRx + k, (this.lastPingMs ?? Number.NEGATIVE_INFINITY) + k));
    let min: number | undefined;
    for (const c of candidates) if (c !== undefined && (min === undefined || c < min)) min = c;
    return min;
  }

  private sendData(frames: readonly OutgoingData[]): void {
    for (const f of frames) {
      this.emitFrame(FrameType.DATA, f.flags, f.seq, f.payload);
      if (!f.isRetransmission) this.counters.payloadBytesSent += f.payload.length;
    }
  }

  private emitFrame(type: FrameTypeValue, flags: number, seq: number, payload: Uint8Array): void {
    // Only frames of an open stream carry an ack (§3); session frames carry 0.
    const carriesAck = type === FrameType.DATA || type === FrameType.ACK || type === FrameType.PING;
    const ack = carriesAck ? (this.receiver?.ackValue ?? 0) : 0;
    const frame: Frame = { type, flags, seq, ack, payload };
    const encoded = encodeFrame(frame);
    // The first frame of a burst starts with an extra delimiter: line noise received while the
    // line was idle then ends at that 0x00 instead of swallowing this frame (§2).
    const wire = this.output.length === 0 ? concatBytes([LEADING_DELIMITER, encoded]) : encoded;
    this.output.push(wire);
    if (type !== FrameType.DATA) this.sender.noteOtherWire(this.pollNowMs, wire.length);
    this.counters.framesSent++;
    this.counters.wireBytesSent += wire.length;
    if (carriesAck) this.receiver?.markAcked();
  }

  private emitReset(reason: number, text = ''): void {
    const note = Array.from(text.slice(0, 64), (c) => c.charCodeAt(0) & 0x7f);
    this.emitFrame(FrameType.RESET, 0, 0, Uint8Array.from([reason, ...note]));
  }

  private completeHandshake(peer: HelloParams, restarted: boolean): void {
    if (restarted) {
      this.failExchanges(new ProvisioningError('DEVICE_DISCONNECTED', 'Link peer restarted'));
      this.sender = this.newSender();
      this.events.push({ kind: 'peer-restarted' });
    }
    this.peer = peer;
    this.negotiated = {
      version: LINK_VERSION,
      maxFramePayload: Math.min(this.local.maxFramePayload, peer.maxFramePayload),
      window: Math.min(this.local.window, peer.window),
      peerMaxMessageBytes: peer.maxMessageBytes,
      peerMaxExchanges: peer.maxExchanges,
    };
    this.sender.configure(this.negotiated.window, this.negotiated.maxFramePayload);
    this.receiver = new ReliableReceiver(peer.initialSeq, this.negotiated.window, this.timers.ackDelayMs);
    this.dispatcher.resetReassembly();
    this.state = 'open';
    this.events.push({ kind: 'hello-complete', peer, negotiated: this.negotiated });
  }

  private onData(frame: Frame, nowMs: number): void {
    for (const fragment of this.receiver!.onData(frame.seq, frame.flags, frame.payload, nowMs)) this.dispatcher.reassemble(fragment);
  }

  private dispatchMessage(message: LinkMessage): void {
    switch (message.kind) {
      case 'request':
        if (this.incoming.has(message.exchangeId)) {
          this.events.push({ kind: 'message-dropped', reason: `duplicate exchange id ${message.exchangeId}` });
        } else if (this.incoming.size >= this.limits.maxExchanges) {
          this.events.push({ kind: 'message-dropped', reason: 'too many outstanding exchanges; answered 503' });
          this.sender.enqueue(encodeMessage({ kind: 'response', exchangeId: message.exchangeId, response: { status: 503, headers: [], body: new Uint8Array(0) } }));
        } else {
          this.incoming.add(message.exchangeId);
          this.events.push({ kind: 'request', exchangeId: message.exchangeId, request: message.request });
        }
        return;
      case 'response':
        if (this.outgoing.delete(message.exchangeId)) {
          this.events.push({ kind: 'response', exchangeId: message.exchangeId, response: message.response });
        } else {
          this.events.push({ kind: 'message-dropped', reason: `response to unknown exchange ${message.exchangeId}` });
        }
        return;
      case 'notification':
        this.events.push({ kind: 'notification', payload: message.payload });
        return;
      default:
        assertNever(message, 'unknown message kind');
    }
  }

  private failExchanges(error: ProvisioningError): void {
    for (const exchangeId of this.outgoing) this.events.push({ kind: 'exchange-failed', exchangeId, error });
    this.outgoing.clear();
    this.incoming.clear();
  }

  private fail(error: ProvisioningError): void {
    if (this.state === 'failed' || this.state === 'closed') return;
    this.finish({ kind: 'failed', error }, error);
  }

  private finish(event: LinkEvent, exchangeError: ProvisioningError): void {
    this.failExchanges(exchangeError);
    this.state = event.kind === 'failed' ? 'failed' : 'closed';
    this.received = [];
    this.events.push(event);
  }
}
