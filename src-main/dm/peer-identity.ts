/**
 * Derives the transport-level {@link PeerIdentity} of a node:net / node:tls socket, once per
 * connection (keep-alive requests reuse it).
 */
import type { X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { PeerIdentity } from '../../src-shared/ports/http.js';

/** OID of the clientAuth extended key usage. */
export const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

const pskIdentities = new WeakMap<Socket, string>();
const identities = new WeakMap<Socket, PeerIdentity>();

/** Records the PSK identity the TLS layer accepted for this socket. */
export function rememberPskIdentity(socket: Socket, identity: string): void {
  pskIdentities.set(socket, identity);
}

/** The PSK identity offered on this socket, if any (accepted or not). */
export function pskIdentityOf(socket: Socket): string | undefined {
  return pskIdentities.get(socket);
}

/** `address:port` of the remote end. */
export function remoteOf(socket: Socket): string | undefined {
  return socket.remoteAddress === undefined ? undefined : `${socket.remoteAddress}:${socket.remotePort ?? 0}`;
}

function subjectText(subject: unknown): string {
  if (subject === null || typeof subject !== 'object') return '';
  return Object.entries(subject as Record<string, unknown>)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
    .join(', ');
}

/** The verified client certificate of a TLS socket (undefined when none was presented). */
export function clientCertificateOf(socket: TLSSocket): X509Certificate | undefined {
  const raw = socket.getPeerX509Certificate?.();
  return raw ?? undefined;
}

/** True when the certificate's EKU extension lists clientAuth (a missing extension is refused too). */
export function hasClientAuthEku(cert: X509Certificate): boolean {
  const eku = cert.keyUsage as readonly string[] | undefined;
  return eku !== undefined && eku.includes(EKU_CLIENT_AUTH);
}

function compute(socket: Socket): PeerIdentity {
  if (!(socket instanceof TLSSocket)) return { transport: 'http' };
  const cipher = socket.getCipher();
  const psk = pskIdentities.get(socket);
  const cert = socket.authorized ? socket.getPeerCertificate() : undefined;
  const hasCert = cert !== undefined && cert !== null && typeof cert.fingerprint256 === 'string' && cert.fingerprint256.length > 0;
  return {
    transport: 'https',
    tls: {
      protocol: socket.getProtocol() ?? 'unknown',
      cipher: cipher.standardName ?? cipher.name,
      ...(hasCert
        ? {
            clientCertificate: {
              subject: subjectText(cert.subject),
              fingerprint256: cert.fingerprint256,
              ...(cert.subjectaltname ? { subjectAltName: cert.subjectaltname } : {}),
            },
          }
        : {}),
      ...(psk === undefined ? {} : { pskIdentity: psk }),
    },
  };
}

/** The identity of the peer on `socket`, computed on first use and cached for the connection. */
export function peerIdentityOf(socket: Socket): PeerIdentity {
  let id = identities.get(socket);
  if (id === undefined) {
    id = compute(socket);
    identities.set(socket, id);
  }
  return id;
}
