/**
 * Refusals: every request, connection or notification the DM bindings turn away yields one
 * structured, audit-worthy record (the audit log itself arrives in a later issue).
 */
import type { ErrorCode } from '../../src-shared/errors/index.js';
import type { PeerIdentity } from '../../src-shared/ports/http.js';

/** Who was refused, as far as the binding knows at the moment of refusal (never secrets). */
export interface RefusalPeer {
  readonly transport: PeerIdentity['transport'] | 'udp';
  /** `address:port` of the remote end, when known. */
  readonly remote?: string;
  readonly tlsProtocol?: string;
  readonly clientSubject?: string;
  readonly pskIdentity?: string;
  /** User name claimed (not necessarily proven) in HTTP authentication. */
  readonly httpUser?: string;
}

/** One refusal: a closed error code, a human reason and the peer. */
export interface Refusal {
  readonly code: ErrorCode;
  readonly reason: string;
  readonly peer: RefusalPeer;
  /** HTTP status answered, when the refusal was answered at the HTTP level. */
  readonly status?: number;
}

/** Receives refusals; must not throw (errors thrown by it are swallowed). */
export type RefusalListener = (refusal: Refusal) => void;

/** Calls the listener, if any, shielding the caller from its failures. */
export function emitRefusal(listener: RefusalListener | undefined, refusal: Refusal): void {
  if (listener === undefined) return;
  try {
    listener(refusal);
  } catch {
    // An audit sink failing must not take the server down; the refusal itself already happened.
  }
}

/** Refusal peer fields derived from an established {@link PeerIdentity}. */
export function refusalPeerOf(peer: PeerIdentity, remote?: string): RefusalPeer {
  return {
    transport: peer.transport,
    ...(remote === undefined ? {} : { remote }),
    ...(peer.tls === undefined ? {} : { tlsProtocol: peer.tls.protocol }),
    ...(peer.tls?.clientCertificate === undefined ? {} : { clientSubject: peer.tls.clientCertificate.subject }),
    ...(peer.tls?.pskIdentity === undefined ? {} : { pskIdentity: peer.tls.pskIdentity }),
    ...(peer.httpUser === undefined ? {} : { httpUser: peer.httpUser }),
  };
}

const CERT_REASONS: Readonly<Record<string, string>> = {
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate was not issued by a trusted CA',
  UNABLE_TO_GET_ISSUER_CERT: 'certificate issuer is not a trusted CA',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'certificate issuer is not a trusted CA',
  SELF_SIGNED_CERT_IN_CHAIN: 'certificate chain ends in an untrusted self-signed CA',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'certificate is self-signed and not trusted',
  INVALID_PURPOSE: 'certificate extended key usage does not allow this use',
  CERT_SIGNATURE_FAILURE: 'certificate signature is invalid',
  CERT_REVOKED: 'certificate is revoked',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate does not name the host connected to',
};

/** Readable reason for an OpenSSL/Node certificate verification code (falls back to the code). */
export function certificateReason(code: string): string {
  return `${CERT_REASONS[code] ?? 'certificate verification failed'} (${code})`;
}
