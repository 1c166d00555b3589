import type { KeyObject } from 'node:crypto';
import type { Clock } from '../../src-shared/ports/clock.js';
import type { CaEntry, IssuedRecord, KeySource } from '../../src-shared/pki/registry-record.js';
import type { CaStore } from './ca-store.js';
import { createCaCertificate, issueForPublicKey, issueFromCsr, type DeviceCertificateRequest, type IssuedCertificate, type SigningCa } from './issue.js';
import { generateKeyPairFor, keyInfoOf, spkiDer, type KeyPair, type KeySpec } from './keys.js';
import type { SecretProtector } from './secret-box.js';
import { spkiFromDer } from './x509-build.js';

/** Options for a new station CA. */
export interface NewCaOptions {
  readonly spec: KeySpec;
  readonly subject: string;
  readonly validityDays: number;
}

/** What a device certificate is for, beyond the certificate fields. */
export interface IssueContext {
  readonly request: Omit<DeviceCertificateRequest, 'nowMs'>;
  /** Version of the profile that asked for the certificate, for the registry. */
  readonly profileVersion?: string;
}

/**
 * The station CA use cases over a {@link CaStore}: create, import, rotate, and issue with a durable
 * registry record written before the certificate is returned.
 */
export class StationCa {
  constructor(
    readonly store: CaStore,
    private readonly clock: Clock,
  ) {}

  /** Creates and stores a new CA (refused if one is active). */
  async init(options: NewCaOptions, protector: SecretProtector): Promise<CaEntry> {
    const keys = await generateKeyPairFor(options.spec);
    const der = createCaCertificate(keys, options.subject, options.validityDays, this.clock.nowMs());
    return this.store.install(der, keys.privateKey, protector, this.clock.nowMs());
  }

  /** Stores an existing CA certificate and key (refused if one is active). */
  async import(certDer: Uint8Array, privateKey: KeyObject, protector: SecretProtector): Promise<CaEntry> {
    return this.store.install(certDer, privateKey, protector, this.clock.nowMs());
  }

  /**
   * Replaces the active CA with a new one; the old one is retired but stays a trust anchor.
   *
   * `current` must unlock the active CA first (proof of authority, and a wrong passphrase changes
   * nothing); `next` protects the new key (it may be the same protector).
   */
  async rotate(options: NewCaOptions, current: SecretProtector, next: SecretProtector): Promise<CaEntry> {
    await this.store.unlock(current);
    const keys = await generateKeyPairFor(options.spec);
    const der = createCaCertificate(keys, options.subject, options.validityDays, this.clock.nowMs());
    return this.store.install(der, keys.privateKey, next, this.clock.nowMs(), { rotate: true });
  }

  private async record(ca: SigningCa, issued: IssuedCertificate, context: IssueContext, keySource: KeySource): Promise<IssuedRecord> {
    const record: IssuedRecord = {
      serialHex: issued.serialHex,
      fingerprintSha256: issued.fingerprintSha256,
      deviceId: context.request.deviceIds[0] ?? '',
      subject: issued.subject,
      profileVersion: context.profileVersion ?? null,
      keySource,
      key: issued.key,
      issuedAt: new Date(this.clock.nowMs()).toISOString(),
      notAfter: new Date(issued.notAfterMs).toISOString(),
      caFingerprintSha256: ca.fingerprintSha256,
    };
    await this.store.registry.append(record);
    return record;
  }

  /** Issues a certificate for a device-generated key (CSR) and records it. */
  async issueFromCsr(ca: SigningCa, csrDer: Uint8Array, context: IssueContext): Promise<{ readonly certificate: IssuedCertificate; readonly record: IssuedRecord }> {
    const certificate = issueFromCsr(ca, csrDer, { ...context.request, nowMs: this.clock.nowMs() });
    return { certificate, record: await this.record(ca, certificate, context, 'device-csr') };
  }

  /**
   * Generates a key on the station, issues and records its certificate.
   *
   * The caller owns `keys.privateKey` and hands it to {@link deliverStationKey} (delivery.ts).
   */
  async issueWithGeneratedKey(ca: SigningCa, spec: KeySpec, context: IssueContext): Promise<{ readonly certificate: IssuedCertificate; readonly record: IssuedRecord; readonly keys: KeyPair }> {
    const keys = await generateKeyPairFor(spec);
    const certificate = issueForPublicKey(ca, spkiFromDer(spkiDer(keys.publicKey)), undefined, { ...context.request, nowMs: this.clock.nowMs() }, keyInfoOf(keys.publicKey));
    return { certificate, record: await this.record(ca, certificate, context, 'station-generated'), keys };
  }
}
