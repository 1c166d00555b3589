/**
 * The `station-key` credential policy over the cable (docs/cable-bootstrap.md §4): the station
 * generates the account's key, the station CA certifies it (SAN from the device id, EKU
 * clientAuth; a registry record), and the bootstrap delivers Auth/Trsp Data = certificate DER,
 * Secret = PKCS#8 private key DER.
 *
 * Exactly one certificate per device and account, even across a cable pull or a station crash:
 * before the key is delivered the journal records the certificate (public) and the private key
 * SEALED (AES-256-GCM under a key derived from the station credential key and the device id), so a
 * resumed bootstrap delivers the same certificate and key instead of issuing a second one. The
 * private key is never on disk in plaintext and never logged; without the credential key nothing
 * is issued.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { BootstrapSpec, IssuedCredential } from '../../src-shared/bootstrap/bootstrap-spec.js';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { SigningCa } from '../pki/issue.js';
import { CaStore } from '../pki/ca-store.js';
import type { SecretProtector } from '../pki/secret-box.js';
import { StationCa } from '../pki/station-ca.js';
import { MIN_CREDENTIAL_KEY_BYTES } from './credentials.js';
import type { BootstrapJournal, JournalCertificate } from './journal.js';
import { systemClock } from '../platform/node-ports.js';

/** The station CA a cable bootstrap issues `station-key` certificates with. */
export interface CableCa {
  readonly ca: StationCa;
  /** The unlocked active CA (cached by the caller). */
  readonly signer: () => SigningCa | Promise<SigningCa>;
}

/** The station CA of `dataDir`, unlocked, for cable bootstraps (CLI `--ca-passphrase-file`). */
export async function stationCableCa(dataDir: string, protector: SecretProtector): Promise<CableCa> {
  const ca = new StationCa(await CaStore.open(dataDir), systemClock);
  const signer = await ca.store.unlock(protector);
  return { ca, signer: () => signer };
}

/** A certificate fingerprint as the audit and the registry print it (SHA-256 of the DER, hex). */
export const certificateFingerprint = (der: Uint8Array): string => createHash('sha256').update(der).digest('hex');

const AAD = 'bootbench-journal-sealed-key';

function sealingKey(credentialKey: Uint8Array, devId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', credentialKey, new TextEncoder().encode('bootbench-journal-seal'), new TextEncoder().encode(`bootbench-station-key|${devId}`), 32));
}

/** Seals a private key (PKCS#8 DER) for the journal; base64 of iv ‖ tag ‖ ciphertext. */
export function sealKey(pkcs8: Uint8Array, credentialKey: Uint8Array, devId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(credentialKey, devId), iv);
  cipher.setAAD(Buffer.from(`${AAD}|${devId}`));
  const body = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** Opens a sealed key; AUTH_FAILED with another credential key or a damaged journal. */
export function unsealKey(sealed: string, credentialKey: Uint8Array, devId: string): Uint8Array<ArrayBuffer> {
  try {
    const raw = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', sealingKey(credentialKey, devId), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(`${AAD}|${devId}`));
    decipher.setAuthTag(raw.subarray(12, 28));
    return new Uint8Array(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]));
  } catch (cause) {
    throw new ProvisioningError('AUTH_FAILED', `the journalled station key of ${devId} does not open with this station credential key`, { cause });
  }
}

/** What {@link issueStationKeys} delivered: credentials for the spec, and what to audit. */
export interface StationKeyIssue {
  readonly issued: IssuedCredential[];
  /** Per account: the certificate fingerprint and whether it was issued now or reused from the journal. */
  readonly certificates: readonly (JournalCertificate & { readonly reused: boolean })[];
}

/**
 * Issues (or, on a resumed bootstrap, takes back from the journal) the `station-key` credential of
 * every account that asks for one. The journal record is durable before this returns.
 */
export async function issueStationKeys(spec: BootstrapSpec, devId: string, journal: BootstrapJournal, o: { readonly cableCa?: CableCa; readonly credentialKey?: Uint8Array; readonly profileVersion?: string }): Promise<StationKeyIssue> {
  const wanted = spec.accounts.filter((a) => a.issueCertificate !== undefined && a.issueCertificate.keySource === 'station');
  if (wanted.length === 0) return { issued: [], certificates: [] };
  const key = o.credentialKey;
  if (key === undefined || key.length < MIN_CREDENTIAL_KEY_BYTES) {
    throw new ProvisioningError('INVALID_REQUEST', `a station-key account needs a station credential key of at least ${MIN_CREDENTIAL_KEY_BYTES} bytes (it seals the key in the journal)`);
  }
  const issued: IssuedCredential[] = [];
  const certificates: (JournalCertificate & { reused: boolean })[] = [];
  for (const a of wanted) {
    const before = journal.certificate(a.miid);
    if (before !== undefined) {
      if (before.sealedKey === undefined) throw new ProvisioningError('INVALID_REQUEST', `account ${a.miid} of ${devId} was certified for a device-held key: the station has no key to deliver`);
      const der = new Uint8Array(Buffer.from(before.certificate, 'base64'));
      issued.push({ miid: a.miid, data: der, secret: unsealKey(before.sealedKey, key, devId) });
      certificates.push({ ...before, reused: true });
      continue;
    }
    if (o.cableCa === undefined) throw new ProvisioningError('INVALID_REQUEST', `account ${a.miid} asks for a station-key certificate: the station has no CA (bootbench ca init)`);
    const signer = await o.cableCa.signer();
    const spec = a.issueCertificate!;
    const { certificate, keys } = await o.cableCa.ca.issueWithGeneratedKey(signer, spec.keyType, {
      request: { deviceIds: [devId], validityDays: spec.validityDays },
      ...(o.profileVersion === undefined ? {} : { profileVersion: o.profileVersion }),
    });
    const pkcs8 = new Uint8Array(keys.privateKey.export({ type: 'pkcs8', format: 'der' }));
    const record: JournalCertificate = { miid: a.miid, fingerprint: certificateFingerprint(certificate.der), serialHex: certificate.serialHex, certificate: Buffer.from(certificate.der).toString('base64'), sealedKey: sealKey(pkcs8, key, devId) };
    await journal.recordCertificate(record, Date.now());
    issued.push({ miid: a.miid, data: new Uint8Array(certificate.der), secret: pkcs8 });
    certificates.push({ ...record, reused: false });
  }
  return { issued, certificates };
}
