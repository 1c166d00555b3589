import { connect, type Socket } from 'node:net';
import type { FaultCard } from './fault-card.js';

/** vpcd control messages (1-byte payloads), vsmartcard's vpcd protocol. */
const CTRL = { off: 0x00, on: 0x01, reset: 0x02, atr: 0x04 } as const;

/**
 * Connects a {@link FaultCard} to vpcd like vicc does: frames are a 2-byte big-endian length and a
 * payload; 1-byte payloads are control messages, anything longer is a command APDU.
 *
 * A tear (the card's fault plan, or {@link remove}) closes the connection, which pcscd sees as the
 * card leaving the reader; {@link insert} connects again (power-on resets the card's session).
 */
export class VpcdCard {
  private socket: Socket | undefined;
  private buffer = new Uint8Array(0);

  constructor(
    readonly card: FaultCard,
    private readonly socketPath: string,
  ) {}

  /** Puts the card into the reader; resolves once connected to vpcd. */
  insert(): Promise<void> {
    this.card.insert();
    this.buffer = new Uint8Array(0);
    return new Promise((resolve, reject) => {
      const socket = connect(this.socketPath);
      socket.setNoDelay(true);
      socket.once('connect', () => resolve());
      socket.once('error', reject);
      socket.on('data', (chunk: Buffer) => this.receive(socket, chunk));
      this.socket = socket;
    });
  }

  /** Pulls the card out of the reader (closes the vpcd connection). */
  remove(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private receive(socket: Socket, chunk: Buffer): void {
    const merged = new Uint8Array(this.buffer.length + chunk.length);
    merged.set(this.buffer);
    merged.set(chunk, this.buffer.length);
    this.buffer = merged;
    while (this.buffer.length >= 2) {
      const length = (this.buffer[0]! << 8) | this.buffer[1]!;
      if (this.buffer.length < 2 + length) return;
      const payload = this.buffer.slice(2, 2 + length);
      this.buffer = this.buffer.slice(2 + length);
      this.handle(socket, payload);
    }
  }

  private send(socket: Socket, payload: Uint8Array): void {
    const frame = new Uint8Array(2 + payload.length);
    frame[0] = payload.length >> 8;
    frame[1] = payload.length & 0xff;
    frame.set(payload, 2);
    socket.write(frame);
  }

  private handle(socket: Socket, payload: Uint8Array): void {
    if (payload.length === 1) {
      if (payload[0] === CTRL.atr) this.send(socket, this.card.atr());
      else if (payload[0] === CTRL.reset || payload[0] === CTRL.on) this.card.insert();
      return;
    }
    this.card.transmit(payload).then(
      (response) => {
        if (!socket.destroyed) this.send(socket, response);
      },
      () => {
        if (socket === this.socket) this.remove();
      },
    );
  }
}

