import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import { writeFileAtomic } from '../pki/atomic-file.js';

/** Steps of a cable bootstrap, in order (docs/cable-bootstrap.md §5). */
export const BOOTSTRAP_STEPS = ['identified', 'credential-issued', 'link-up', 'notified', 'bootstrap-ended', 'bootstrap-complete'] as const;

/** One step of a cable bootstrap. */
export type BootstrapStep = (typeof BOOTSTRAP_STEPS)[number];

const JournalFile = z.strictObject({
  format: z.literal('bootbench-bootstrap-journal'),
  version: z.literal(1),
  devId: z.string().min(1).max(256),
  attempts: z.number().int().min(0),
  steps: z.array(z.strictObject({ step: z.enum(BOOTSTRAP_STEPS), attempt: z.number().int().min(1), atMs: z.number() })).max(10_000),
  done: z.boolean(),
  /** Credentials issued to this device: which account, and a fingerprint (never the secret). */
  credentials: z.array(z.strictObject({ miid: z.string().min(1).max(64), fingerprint: z.string().regex(/^[0-9a-f]{16}$/) })).max(64).default([]),
  /**
   * Certificates issued to this device: the certificate (public); for a station key its private key
   * sealed under the station credential key (never plaintext), for a device key the SHA-256 of its
   * public key — so a resume re-delivers them instead of issuing again.
   */
  certificates: z
    .array(
      z.strictObject({
        miid: z.string().min(1).max(64),
        fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
        serialHex: z.string().regex(/^[0-9a-f]{1,64}$/),
        certificate: z.string().max(65_536),
        sealedKey: z.string().max(16_384).optional(),
        spkiSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
      }),
    )
    .max(64)
    .default([]),
});

/** A station-key certificate in the journal. */
export type JournalCertificate = z.output<typeof JournalFile>['certificates'][number];

/** The durable record of one device's bootstrap. */
export type JournalRecord = z.output<typeof JournalFile>;

/**
 * Per-device journal files (`<dir>/<devId>.json`, written atomically, mode 0600): which steps of
 * which attempt happened, and whether the device confirmed the bootstrap (BootstrapComplete).
 * Holds no plaintext secret: credential fingerprints, and station keys only sealed.
 */
export class BootstrapJournal {
  #record: JournalRecord;
  #writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    record: JournalRecord,
  ) {
    this.#record = record;
  }

  /** The journal file of `devId` in `dir`. */
  static pathOf(dir: string, devId: string): string {
    return join(dir, `${devId.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
  }

  /** Reads the journal of `devId` in `dir` without counting an attempt; undefined when there is none. */
  static async read(dir: string, devId: string): Promise<JournalRecord | undefined> {
    const path = BootstrapJournal.pathOf(dir, devId);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return undefined;
      throw new ProvisioningError('INTERNAL', `bootstrap journal ${path} could not be read (${code ?? (error instanceof Error ? error.message : 'unknown error')})`, { cause: error, retryable: true });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new ProvisioningError('INVALID_REQUEST', `bootstrap journal ${path} is not JSON (${text.length} characters): ${(error as Error).message}`, { cause: error });
    }
    const parsed = JournalFile.safeParse(json);
    if (!parsed.success) throw new ProvisioningError('INVALID_REQUEST', `bootstrap journal ${path} is malformed: ${parsed.error.issues[0]?.message ?? ''}`);
    if (parsed.data.devId !== devId) throw new ProvisioningError('INVALID_REQUEST', `bootstrap journal ${path} belongs to another device`);
    return parsed.data;
  }

  /** Opens (or starts) the journal of `devId` in `dir` and counts a new attempt. */
  static async open(dir: string, devId: string): Promise<BootstrapJournal> {
    const record: JournalRecord = (await BootstrapJournal.read(dir, devId)) ?? { format: 'bootbench-bootstrap-journal', version: 1, devId, attempts: 0, steps: [], done: false, credentials: [], certificates: [] };
    const journal = new BootstrapJournal(BootstrapJournal.pathOf(dir, devId), { ...record, attempts: record.attempts + 1 });
    await journal.#save();
    return journal;
  }

  /** The current record. */
  get record(): JournalRecord {
    return this.#record;
  }

  /** True when `step` was recorded by any attempt. */
  has(step: BootstrapStep): boolean {
    return this.#record.steps.some((s) => s.step === step);
  }

  /** Appends a step (and marks the journal done for `bootstrap-complete`), durably. */
  async append(step: BootstrapStep, atMs: number): Promise<void> {
    this.#record = { ...this.#record, steps: [...this.#record.steps, { step, attempt: this.#record.attempts, atMs }], done: this.#record.done || step === 'bootstrap-complete' };
    await this.#save();
  }

  /** The fingerprint of the credential issued for account `miid`, if one was. */
  credential(miid: string): string | undefined {
    return this.#record.credentials.find((c) => c.miid === miid)?.fingerprint;
  }

  /** Records an issued credential (its fingerprint) and the `credential-issued` step, durably. */
  async recordCredential(miid: string, fingerprint: string, atMs: number): Promise<void> {
    this.#record = { ...this.#record, credentials: [...this.#record.credentials, { miid, fingerprint }] };
    await this.append('credential-issued', atMs);
  }

  /** The certificate issued for account `miid`, if one was. */
  certificate(miid: string): JournalCertificate | undefined {
    return this.#record.certificates.find((c) => c.miid === miid);
  }

  /** Records an issued certificate (a station key sealed) and the `credential-issued` step, durably. */
  async recordCertificate(certificate: JournalCertificate, atMs: number): Promise<void> {
    this.#record = { ...this.#record, certificates: [...this.#record.certificates, certificate] };
    await this.append('credential-issued', atMs);
  }

  /** Resolves when every change so far is on disk. */
  flushed(): Promise<void> {
    return this.#writing;
  }

  /** Writes are chained, so files land in the order of the changes even when callers do not wait. */
  #save(): Promise<void> {
    const text = `${JSON.stringify(this.#record, null, 1)}\n`;
    const write = this.#writing.catch(() => undefined).then(() => writeFileAtomic(this.path, text));
    this.#writing = write;
    return write;
  }
}
