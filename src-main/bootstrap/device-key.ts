/**
 * The `device-csr` credential policy over the cable (docs/cable-bootstrap.md): in the first round
 * of the bootstrap session the device generates each key through its KeyGen MO and returns a CSR;
 * here the station CA certifies it (SAN from the device id, EKU clientAuth, a registry record) and
 * the bootstrap's account carries the certificate in `Auth/Trsp/Data` (no Secret: the key never
 * leaves the device).
 *
 * One certificate per device and account: the journal durably records the certificate and the
 * SHA-256 of its public key before it is delivered. A resumed bootstrap does not ask the device for
 * a new key (KeyGen's EXEC always makes one): it delivers the journalled certificate for the key the
 * device already holds, bound to the account (a real device keeps it in secure storage across a
 * cable pull). A CSR for an account already certified must carry the same key, else it is refused
 * (CERT_INVALID) rather than given a second certificate.
 */
import { createHash } from 'node:crypto';
import type { BootstrapSpec, IssuedCredential } from '../../src-shared/bootstrap/bootstrap-spec.js';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import { KEYGEN_MOID, parseKeygenReport } from '../../src-shared/pki/keygen-mo.js';
import { encodeMoSerialization } from '../../src-shared/protocol/dm/serialization.js';
import type { CommandResult } from '../../src-shared/protocol/dm/session/index.js';
import { parseCsr } from '../pki/x509-read.js';
import type { BootstrapJournal, JournalCertificate } from './journal.js';
import { certificateFingerprint, type CableCa } from './station-key.js';

/** The KeyGen report (MOData) of instance `miid` in a round's GET results. */
function keygenReportOf(results: readonly CommandResult[], miid: string): unknown {
  for (const r of results) {
    if (r.command.name !== 'GET') continue;
    const entry = r.data.find((e) => e.clientUri.moid === KEYGEN_MOID && e.clientUri.instance.kind === 'miid' && e.clientUri.instance.miid === miid);
    if (entry === undefined) continue;
    const json: unknown = JSON.parse(encodeMoSerialization([entry]));
    return Array.isArray(json) ? (json[0] as { MOData?: unknown } | undefined)?.MOData : undefined;
  }
  return undefined;
}

const spkiSha256 = (csrDer: Uint8Array): string => createHash('sha256').update(parseCsr(csrDer).publicKey.export({ type: 'spki', format: 'der' })).digest('hex');

/** What {@link certifyDeviceKeys} produced: credentials (certificate only) and what to audit. */
export interface DeviceKeyIssue {
  readonly issued: IssuedCredential[];
  readonly certificates: readonly (JournalCertificate & { readonly reused: boolean })[];
}

/**
 * Certifies the CSR each device-key account's KeyGen instance returned in `results` (or takes the
 * journalled certificate back for the same key). The journal record is durable before this returns.
 *
 * @throws ProvisioningError `PROTOCOL_VIOLATION` when the device returned no CSR, `CERT_INVALID` for a
 * CSR that does not verify or a key other than the one already certified, `INVALID_REQUEST` without a CA.
 */
export async function certifyDeviceKeys(spec: BootstrapSpec, devId: string, journal: BootstrapJournal, results: readonly CommandResult[], o: { readonly cableCa?: CableCa; readonly profileVersion?: string }): Promise<DeviceKeyIssue> {
  const issued: IssuedCredential[] = [];
  const certificates: (JournalCertificate & { reused: boolean })[] = [];
  for (const a of spec.accounts) {
    const wanted = a.issueCertificate;
    if (wanted?.keySource !== 'device') continue;
    const before = journal.certificate(a.miid);
    const raw = keygenReportOf(results, a.miid);
    if (before !== undefined && raw === undefined) {
      // Resumed: the device was not asked for a new key (planKeygen skips certified accounts); it
      // still holds the certified one, bound to the account.
      if (before.spkiSha256 === undefined) throw new ProvisioningError('INVALID_REQUEST', `account ${a.miid} of ${devId} was certified for a station key, not a device key`);
      issued.push({ miid: a.miid, data: new Uint8Array(Buffer.from(before.certificate, 'base64')), secret: new Uint8Array(0) });
      certificates.push({ ...before, reused: true });
      continue;
    }
    const report = parseKeygenReport(raw);
    if (report.status !== 'csr') throw new ProvisioningError('PROTOCOL_VIOLATION', `the device returned no CSR for account ${a.miid} (${report.status === 'pending' ? 'still generating' : report.detail})`);
    const spki = spkiSha256(report.csrDer);
    if (before !== undefined) {
      if (before.spkiSha256 !== spki) {
        throw new ProvisioningError('CERT_INVALID', `account ${a.miid} of ${devId} was certified for another key (certificate sha256 ${before.fingerprint}); the device no longer holds it — revoke that certificate before provisioning the device again`, { details: { certificate: before.fingerprint } });
      }
      issued.push({ miid: a.miid, data: new Uint8Array(Buffer.from(before.certificate, 'base64')), secret: new Uint8Array(0) });
      certificates.push({ ...before, reused: true });
      continue;
    }
    if (o.cableCa === undefined) throw new ProvisioningError('INVALID_REQUEST', `account ${a.miid} asks for a device-csr certificate: the station has no CA (bootbench ca init)`);
    const signer = await o.cableCa.signer();
    const { certificate } = await o.cableCa.ca.issueFromCsr(signer, report.csrDer, {
      request: { deviceIds: [devId], validityDays: wanted.validityDays },
      ...(o.profileVersion === undefined ? {} : { profileVersion: o.profileVersion }),
    });
    const record: JournalCertificate = { miid: a.miid, fingerprint: certificateFingerprint(certificate.der), serialHex: certificate.serialHex, certificate: Buffer.from(certificate.der).toString('base64'), spkiSha256: spki };
    await journal.recordCertificate(record, Date.now());
    issued.push({ miid: a.miid, data: new Uint8Array(certificate.der), secret: new Uint8Array(0) });
    certificates.push({ ...record, reused: false });
  }
  return { issued, certificates };
}
