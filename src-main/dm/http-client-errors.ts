/**
 * Maps Node socket/TLS errors of an HTTP exchange to typed {@link ProvisioningError}s with a
 * readable reason (`AUTH_FAILED` for TLS authentication, `DEVICE_DISCONNECTED` for the rest).
 */
import { ProvisioningError } from '../../src-shared/errors/index.js';
import { certificateReason } from './refusal.js';

const CERT_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'INVALID_PURPOSE',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function tlsAlertReason(code: string): string | undefined {
  if (/PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL|WRONG_VERSION|NO_PROTOCOLS_AVAILABLE/.test(code)) return 'TLS version refused by one side (TLS 1.2+ only)';
  if (/CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE/.test(code)) return 'server refused the handshake (client certificate required or no common parameters)';
  if (/UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_EXPIRED|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|DECRYPT_ERROR|BAD_RECORD_MAC|UNKNOWN_PSK/.test(code)) {
    return `server refused our credentials (${code})`;
  }
  if (/NO_SHARED_CIPHER|NO_CIPHERS/.test(code)) return 'no shared cipher suite';
  return undefined;
}

/** Typed error for a failed exchange with `host`; `presentedCert` tells whether a client cert was sent. */
export function classifyTransportError(error: NodeJS.ErrnoException, host: string, presentedCert: boolean): ProvisioningError {
  const code = error.code ?? '';
  if (code === 'ERR_CERT_PIN_MISMATCH') {
    return new ProvisioningError('AUTH_FAILED', `server ${host}: certificate does not match the pinned fingerprint`, { cause: error, details: { reason: 'pin-mismatch' } });
  }
  if (CERT_CODES.has(code)) {
    return new ProvisioningError('AUTH_FAILED', `server ${host}: ${certificateReason(code)}`, { cause: error, details: { reason: code } });
  }
  const alert = code === 'EPROTO' ? /:(ssl\/tls alert [a-z ]+|tlsv1\d? alert [a-z ]+|[a-z ]+alert [a-z ]+)/i.exec(error.message)?.[1] : undefined;
  if (code.startsWith('ERR_SSL_') || alert !== undefined) {
    const key = alert === undefined ? code : alert.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
    const reason = tlsAlertReason(key) ?? `TLS failure (${alert ?? code})`;
    return new ProvisioningError('AUTH_FAILED', `server ${host}: ${reason}`, { cause: error, details: { reason: code } });
  }
  if (code === 'ECONNREFUSED') return new ProvisioningError('DEVICE_DISCONNECTED', `connection to ${host} refused`, { cause: error, retryable: true });
  if (presentedCert && (code === 'ECONNRESET' || /before secure TLS connection/.test(error.message))) {
    return new ProvisioningError('AUTH_FAILED', `server ${host} closed the connection during TLS set-up: it refused the client certificate`, {
      cause: error,
      details: { reason: 'closed-during-handshake' },
    });
  }
  return new ProvisioningError('DEVICE_DISCONNECTED', `connection to ${host} failed (${code || error.message})`, { cause: error, retryable: true });
}
