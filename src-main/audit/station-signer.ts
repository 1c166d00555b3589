import { createHash, sign, verify, X509Certificate, type KeyObject } from 'node:crypto';
import type { CheckpointVerifier } from '../../src-shared/audit/verify.js';

/**
 * Signs audit checkpoints and profile approvals.
 *
 * `id` names the key in what it signs (the SHA-256 fingerprint of the signer's certificate), so a
 * verifier can pick the right trust anchor after a CA rotation.
 */
export interface StationSigner {
  readonly id: string;
  /** Signature over `message` (SHA-256 with the key's algorithm; DER ECDSA or PKCS#1 v1.5 RSA). */
  sign(message: Uint8Array): Uint8Array;
}

/** A signer over the station CA key (what `CaStore.unlock` returns: certificate DER and private key). */
export function stationCaSigner(ca: { readonly certDer: Uint8Array; readonly privateKey: KeyObject }): StationSigner {
  return {
    id: createHash('sha256').update(ca.certDer).digest('hex'),
    sign: (message) => new Uint8Array(sign('sha256', message, ca.privateKey)),
  };
}

/**
 * A verifier that accepts signatures by any of the given certificates (the station's active and
 * retired CAs, i.e. `CaStore.trustAnchors()`), picked by fingerprint; unknown signers fail.
 */
export function certificateVerifier(certificates: readonly Uint8Array[]): CheckpointVerifier {
  const byId = new Map<string, KeyObject>();
  for (const der of certificates) byId.set(createHash('sha256').update(der).digest('hex'), new X509Certificate(der).publicKey);
  return (message, signatureHex, signer) => {
    const key = byId.get(signer);
    if (key === undefined || !/^(?:[0-9a-f]{2})+$/.test(signatureHex)) return false;
    try {
      return verify('sha256', message, key, Buffer.from(signatureHex, 'hex'));
    } catch {
      return false;
    }
  };
}
