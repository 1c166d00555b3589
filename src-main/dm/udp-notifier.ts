/**
 * Package#0 over UDP on loopback: one datagram per notification (digest §8.3 names no UDP port;
 * ours is configurable). Implements {@link NotificationCarrier}; oversized datagrams are dropped
 * with a refusal, never delivered.
 */
import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { ProvisioningError } from '../../src-shared/errors/index.js';
import type { NotificationCarrier, NotificationListener } from '../../src-shared/ports/notification-carrier.js';
import { DEFAULT_LIMITS } from '../../src-shared/protocol/dm/limits.js';
import { emitRefusal, type RefusalListener } from './refusal.js';

/** Options of {@link openUdpCarrier}. */
export interface UdpCarrierOptions {
  /** Local address to bind. @default '127.0.0.1' */
  readonly host?: string;
  /** Local port to bind (0 = any; a client listening for notifications uses a fixed one). @default 0 */
  readonly port?: number;
  /** Where `send` delivers (a device's notification port). */
  readonly target?: { readonly host: string; readonly port: number };
  /** Largest datagram delivered to listeners. @default DEFAULT_LIMITS.package0MaxBytes */
  readonly maxBytes?: number;
  readonly onRefusal?: RefusalListener;
}

/** A bound UDP carrier. */
export interface UdpCarrier extends NotificationCarrier {
  /** The local port bound. */
  readonly port: number;
}

/** Binds a UDP socket and returns the carrier once it listens. */
export async function openUdpCarrier(options: UdpCarrierOptions = {}): Promise<UdpCarrier> {
  const socket: Socket = createSocket({ type: 'udp4' });
  const listeners = new Set<NotificationListener>();
  const maxBytes = options.maxBytes ?? DEFAULT_LIMITS.package0MaxBytes;
  socket.on('message', (msg, rinfo) => {
    const from = `${rinfo.address}:${rinfo.port}`;
    if (msg.length > maxBytes) {
      emitRefusal(options.onRefusal, { code: 'INVALID_REQUEST', reason: `notification of ${msg.length} bytes exceeds ${maxBytes}`, peer: { transport: 'udp', remote: from } });
      return;
    }
    const bytes = new Uint8Array(msg.buffer.slice(msg.byteOffset, msg.byteOffset + msg.byteLength));
    for (const l of listeners) {
      try {
        l(bytes, { carrier: 'udp', from });
      } catch {
        // A listener failing must not stop delivery to the others.
      }
    }
  });
  socket.on('error', () => {
    // Errors after bind (e.g. ICMP port unreachable) are per-datagram; send() reports its own.
  });
  socket.bind(options.port ?? 0, options.host ?? '127.0.0.1');
  await once(socket, 'listening');
  let closed = false;
  return {
    port: socket.address().port,
    send: (bytes) =>
      new Promise<void>((resolve, reject) => {
        const target = options.target;
        if (target === undefined) {
          reject(new ProvisioningError('INVALID_REQUEST', 'UDP carrier has no target to send to'));
          return;
        }
        if (closed) {
          reject(new ProvisioningError('DEVICE_DISCONNECTED', 'UDP carrier is closed'));
          return;
        }
        socket.send(bytes, target.port, target.host, (error) =>
          error ? reject(new ProvisioningError('DEVICE_DISCONNECTED', `UDP send to ${target.host}:${target.port} failed`, { cause: error })) : resolve(),
        );
      }),
    onNotification(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      const done = once(socket, 'close');
      socket.close();
      await done;
    },
  };
}
