import { ProvisioningError } from '../errors/provisioning-error.js';
import { assertNever } from '../util/assert-never.js';
import { FrameType, type Frame, type FrameTypeValue } from './frame.js';
import { decodeHello, encodeHello, LINK_VERSION, type HelloParams, type LinkRole } from './hello.js';
import type { LinkEvent } from './link-types.js';
import { decodeMessage, type LinkMessage } from './message-codec.js';
import type { DeliveredFragment } from './reliable-receiver.js';

/** RESET reason octets (docs/link-protocol.md §4). */
export const ResetReason = { close: 1, version: 2, notConnected: 3, protocol: 4 } as const;

/** What the dispatcher needs from its endpoint. */
export interface FrameDispatcherHost {
  readonly role: LinkRole;
  readonly local: HelloParams;
  readonly maxMessageBytes: number;
  isOpen(): boolean;
  sendFrame(type: FrameTypeValue, payload: Uint8Array): void;
  reset(reason: number, text?: string): void;
  complete(peer: HelloParams, restarted: boolean): void;
  fail(error: ProvisioningError): void;
  closedByPeer(): void;
  onData(frame: Frame, nowMs: number): void;
  onAck(ack: number, sack: number | undefined, nowMs: number): void;
  onPing(): void;
  event(event: LinkEvent): void;
  dispatchMessage(message: LinkMessage): void;
}

/**
 * Per-frame-type handling of the link state machine (docs/link-protocol.md §4) and message
 * reassembly; the endpoint owns the state, this class decides what each valid frame means.
 */
export class FrameDispatcher {
  private chunks: Uint8Array[] = [];
  private size = 0;
  private dropping = false;
  private resetSentThisPoll = false;

  constructor(private readonly host: FrameDispatcherHost) {}

  /** Handles one frame that passed the CRC. */
  handle(frame: Frame, nowMs: number): void {
    const host = this.host;
    switch (frame.type) {
      case FrameType.HELLO:
        this.onHello(frame);
        return;
      case FrameType.HELLO_ACK:
        this.onHelloAck(frame);
        return;
      case FrameType.DATA:
        if (!this.requireOpen()) return;
        host.onData(frame, nowMs);
        host.onAck(frame.ack, undefined, nowMs);
        return;
      case FrameType.ACK:
        if (!this.requireOpen()) return;
        host.onAck(frame.ack, frame.payload.length >= 4 ? readU32(frame.payload) : undefined, nowMs);
        return;
      case FrameType.PING:
        if (!this.requireOpen()) return;
        host.onPing();
        host.onAck(frame.ack, undefined, nowMs);
        return;
      case FrameType.RESET:
        this.onReset(frame.payload[0] ?? 0);
        return;
      default:
        assertNever(frame.type, 'unknown frame type');
    }
  }

  /** Feeds one in-order DATA fragment into message reassembly. */
  reassemble(fragment: DeliveredFragment): void {
    if (this.dropping) {
      if (fragment.fin) this.dropping = false;
      return;
    }
    this.size += fragment.payload.length;
    if (this.size > this.host.maxMessageBytes) {
      this.resetReassembly();
      this.dropping = !fragment.fin;
      this.host.event({ kind: 'message-dropped', reason: 'message exceeds the size limit' });
      return;
    }
    this.chunks.push(fragment.payload);
    if (!fragment.fin) return;
    const bytes = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    this.resetReassembly();
    const decoded = decodeMessage(bytes);
    if (decoded.ok) this.host.dispatchMessage(decoded.value);
    else this.host.event({ kind: 'message-dropped', reason: decoded.reason });
  }

  /** Forgets any partial message (new session). */
  resetReassembly(): void {
    this.chunks = [];
    this.size = 0;
    this.dropping = false;
  }

  /** Marks the start of a poll: at most one RESET(not-connected) goes out per poll. */
  beginPoll(): void {
    this.resetSentThisPoll = false;
  }

  private requireOpen(): boolean {
    if (this.host.isOpen()) return true;
    // A device that sees traffic before any HELLO has restarted under a live station: say so once.
    if (this.host.role === 'device' && !this.resetSentThisPoll) {
      this.resetSentThisPoll = true;
      this.host.reset(ResetReason.notConnected, 'no session');
    }
    return false;
  }

  private onHello(frame: Frame): void {
    const host = this.host;
    if (host.role === 'station') return; // two stations on one cable: the peer's HELLO is ignored
    const hello = decodeHello(frame.payload);
    if (!hello.ok) {
      host.reset(ResetReason.protocol, hello.reason);
      return;
    }
    if (hello.value.version !== LINK_VERSION) {
      host.reset(ResetReason.version, `version ${LINK_VERSION}`);
      return;
    }
    if (hello.value.role !== 'station') {
      host.reset(ResetReason.protocol, 'HELLO from a device');
      return;
    }
    const current = host.isOpen();
    const sameSession = current && this.peerNonce === hello.value.nonce;
    this.peerNonce = hello.value.nonce;
    host.sendFrame(FrameType.HELLO_ACK, encodeHello({ ...host.local, echoNonce: hello.value.nonce }));
    if (!sameSession) host.complete(hello.value, current);
  }

  private peerNonce: number | undefined;

  private onHelloAck(frame: Frame): void {
    const host = this.host;
    if (host.role === 'device' || host.isOpen()) return;
    const hello = decodeHello(frame.payload);
    if (!hello.ok || hello.value.echoNonce !== host.local.nonce) return; // stale or damaged: keep retrying
    if (hello.value.version !== LINK_VERSION || hello.value.role !== 'device') {
      host.fail(new ProvisioningError('PROTOCOL_VIOLATION', 'Peer answered HELLO with an incompatible HELLO-ACK', { details: { version: hello.value.version } }));
      return;
    }
    host.complete(hello.value, false);
  }

  private onReset(reason: number): void {
    const host = this.host;
    if (reason === ResetReason.close) {
      if (host.isOpen()) host.closedByPeer();
      return;
    }
    if (host.role === 'station' && reason === ResetReason.version) {
      host.fail(new ProvisioningError('PROTOCOL_VIOLATION', 'Device does not speak this link version', { details: { version: LINK_VERSION } }));
      return;
    }
    if (host.isOpen()) host.fail(new ProvisioningError('DEVICE_DISCONNECTED', 'Link peer reset the session', { retryable: true, details: { reason } }));
  }
}

function readU32(b: Uint8Array): number {
  return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
}
