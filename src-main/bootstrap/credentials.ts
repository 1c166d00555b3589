import { createHash, hkdfSync } from 'node:crypto';
import type { BootstrapSpec, IssuedCredential } from '../../src-shared/bootstrap/bootstrap-spec.js';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';

/** Smallest station credential key accepted (bytes). */
export const MIN_CREDENTIAL_KEY_BYTES = 32;

/**
 * Issues the Auth/Trsp credentials a bootstrap description asks the station for: Data = the
 * DevID, Secret = HKDF-SHA256(key, salt = SrvID, info = "bootbench-trsp|" + DevID), `trspSecretBytes`
 * bytes (32 by default; a shorter secret is a prefix of the longer one, as HKDF expands). The
 * same key gives the same credential for the same device, so a resumed bootstrap reuses the
 * credential instead of issuing a second one, and nothing secret is ever stored by the station
 * (the DM server derives the same secret from the same key). Returns the fingerprints to journal.
 */
export function issueCredentials(spec: BootstrapSpec, devId: string, key: Uint8Array | undefined): { issued: IssuedCredential[]; noti: IssuedCredential[]; fingerprints: { miid: string; fingerprint: string }[] } {
  const wanted = spec.accounts.filter((a) => a.issueTrspSecret);
  const wantedNoti = spec.accounts.filter((a) => a.issueNotiSecret);
  if (wanted.length === 0 && wantedNoti.length === 0) return { issued: [], noti: [], fingerprints: [] };
  if (key === undefined || key.length < MIN_CREDENTIAL_KEY_BYTES) {
    throw new ProvisioningError('INVALID_REQUEST', `the description asks the station to issue credentials: give a station credential key of at least ${MIN_CREDENTIAL_KEY_BYTES} bytes`);
  }
  const issued = wanted.map((a) => ({
    miid: a.miid,
    data: new TextEncoder().encode(devId),
    secret: new Uint8Array(hkdfSync('sha256', key, new TextEncoder().encode(a.account.srvId), new TextEncoder().encode(`bootbench-trsp|${devId}`), a.trspSecretBytes)),
  }));
  const noti = wantedNoti.map((a) => ({ miid: a.miid, ...notiCredentialFor(key, a.account.srvId, devId) }));
  return {
    issued,
    noti,
    fingerprints: [...issued.map((c) => ({ miid: c.miid, fingerprint: fingerprintOf(c.secret) })), ...noti.map((c) => ({ miid: `${c.miid}#noti`, fingerprint: fingerprintOf(c.secret) }))],
  };
}

/**
 * The notification credential (`Auth/Noti`) of account `srvId` on device `devId`: Data = the DevID,
 * Secret = HKDF-SHA256(key, salt = SrvID, info = "bootbench-noti|" + DevID), 32 bytes. The DM server
 * holding the same key signs its Package#0 with it (digest §7.3); nothing is stored.
 */
export function notiCredentialFor(key: Uint8Array, srvId: string, devId: string): { data: Uint8Array<ArrayBuffer>; secret: Uint8Array<ArrayBuffer> } {
  return { data: new TextEncoder().encode(devId), secret: new Uint8Array(hkdfSync('sha256', key, new TextEncoder().encode(srvId), new TextEncoder().encode(`bootbench-noti|${devId}`), 32)) };
}

/** A non-secret identifier of a secret (first 16 hex digits of SHA-256 over a label and the secret). */
export function fingerprintOf(secret: Uint8Array): string {
  return createHash('sha256').update('bootbench-credential-fingerprint|').update(secret).digest('hex').slice(0, 16);
}
