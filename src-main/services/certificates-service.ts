import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { InspectionOutcome } from '../../src-shared/pki/inspection.js';
import { toPem } from '../../src-shared/pki/pem.js';
import type { CaEntry, CaStatus, IssuedRecord } from '../../src-shared/pki/registry-record.js';
import type { Clock } from '../../src-shared/ports/clock.js';
import { CaStore } from '../pki/ca-store.js';
import { decodeCredentials } from '../pki/credential-decode.js';
import { inspectCredentials } from '../pki/inspector.js';
import type { SigningCa } from '../pki/issue.js';
import { PassphraseProtector } from '../pki/secret-box.js';
import { StationCa } from '../pki/station-ca.js';

/** The CA status plus whether this station run holds the unlocked signer. */
export type CaStatusView = CaStatus & { readonly unlocked: boolean };

/** What {@link CertificatesService.issueFromCsr} needs. */
export interface IssueFromCsrRequest {
  /** The device's PKCS#10 request (PEM, DER as base64, or hex text). */
  readonly csr: string;
  readonly deviceId: string;
  readonly validityDays: number;
}

/** What to inspect: pasted text, or dropped bytes as base64; an optional PKCS#12 password. */
export interface InspectRequest {
  readonly text?: string | undefined;
  readonly base64?: string | undefined;
  readonly password?: string | undefined;
}

/**
 * The Certificates view's use cases over the station CA in a data directory: status, init,
 * unlock (once per station run; the signer stays in this process), issue from a CSR, the issued
 * list and the inspector. Passphrases arrive inbound only and are wiped after use.
 */
export class CertificatesService {
  #store: CaStore | undefined;
  #signer: SigningCa | undefined;

  constructor(
    private readonly dataDir: string | undefined,
    private readonly clock: Clock,
  ) {}

  private async store(): Promise<CaStore> {
    if (this.dataDir === undefined) throw new ProvisioningError('NOT_FOUND', 'This station has no data directory, so it has no CA');
    this.#store ??= await CaStore.open(this.dataDir);
    return this.#store;
  }

  /** The CA status and whether it is unlocked in this run. */
  async status(): Promise<CaStatusView> {
    return { ...(await (await this.store()).status()), unlocked: this.#signer !== undefined };
  }

  /** Creates the station CA (EC P-256, ten years) protected by `passphrase`, and unlocks it. */
  async init(passphrase: string, subject: string | undefined): Promise<CaEntry> {
    const store = await this.store();
    const protector = new PassphraseProtector(passphrase);
    try {
      const entry = await new StationCa(store, this.clock).init({ spec: 'ec-p256', subject: subject ?? 'CN=Bootbench Station CA', validityDays: 3650 }, protector);
      this.#signer = await store.unlock(protector);
      return entry;
    } finally {
      protector.dispose();
    }
  }

  /** Unlocks the active CA for this station run; `AUTH_FAILED` for a wrong passphrase. */
  async unlock(passphrase: string): Promise<{ readonly unlocked: true; readonly caId: string }> {
    const store = await this.store();
    const protector = new PassphraseProtector(passphrase);
    try {
      this.#signer = await store.unlock(protector);
    } finally {
      protector.dispose();
    }
    return { unlocked: true, caId: this.#signer.fingerprintSha256.slice(0, 16) };
  }

  /** The station CA and its unlocked signer, for other station services (profile approval, certificate push); `AUTH_FAILED` while locked. */
  async unlockedCa(): Promise<{ readonly ca: StationCa; readonly signer: SigningCa }> {
    const signer = this.#signer;
    if (signer === undefined) throw new ProvisioningError('AUTH_FAILED', 'Unlock the station CA first (Certificates)');
    return { ca: new StationCa(await this.store(), this.clock), signer };
  }

  /** Issues a device certificate from a CSR and records it; the CA must be unlocked. */
  async issueFromCsr(request: IssueFromCsrRequest): Promise<{ readonly record: IssuedRecord; readonly certificatePem: string }> {
    const signer = this.#signer;
    if (signer === undefined) throw new ProvisioningError('AUTH_FAILED', 'Unlock the station CA before issuing');
    const decoded = decodeCredentials(new TextEncoder().encode(request.csr));
    const csr = decoded.ok ? decoded.objects.find((o) => o.kind === 'csr') : undefined;
    if (csr?.kind !== 'csr') throw new ProvisioningError('CERT_INVALID', decoded.ok ? 'The input holds no certificate request (CSR)' : decoded.refusal.explanation);
    const issued = await new StationCa(await this.store(), this.clock).issueFromCsr(signer, csr.der, { request: { deviceIds: [request.deviceId], validityDays: request.validityDays } });
    return { record: issued.record, certificatePem: toPem('CERTIFICATE', issued.certificate.der) };
  }

  /** Every certificate the station CA issued, newest first; empty without a data directory. */
  async issued(): Promise<IssuedRecord[]> {
    if (this.dataDir === undefined) return [];
    return (await (await this.store()).registry.list()).reverse();
  }

  /** Inspects pasted text or dropped bytes against the station's trust anchors; bad input is a refusal value. */
  async inspect(request: InspectRequest): Promise<InspectionOutcome> {
    if (request.text !== undefined && request.base64 !== undefined) throw new ProvisioningError('INVALID_REQUEST', 'Give text or bytes, not both');
    const bytes = request.base64 === undefined ? new TextEncoder().encode(request.text ?? '') : new Uint8Array(Buffer.from(request.base64, 'base64'));
    const anchors = this.dataDir === undefined ? [] : (await (await this.store()).trustAnchors()).map((a) => a.der);
    return inspectCredentials(bytes, { nowMs: this.clock.nowMs(), anchors, ...(request.password === undefined ? {} : { password: request.password }) });
  }
}
