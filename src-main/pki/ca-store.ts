import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import { decodePem, toPem } from '../../src-shared/pki/pem.js';
import { CaState, ProtectorKind, type CaEntry, type CaStatus } from '../../src-shared/pki/registry-record.js';
import { writeFileAtomic } from './atomic-file.js';
import { JsonLinesIssuedRegistry, type IssuedRegistry } from './issued-registry.js';
import { signingCaFrom, sha256Hex, type SigningCa } from './issue.js';
import { keyInfoOf, pkcs8Der } from './keys.js';
import { parseSealedSecret, type SecretProtector } from './secret-box.js';

const StateFile = z.object({
  version: z.literal(1),
  cas: z.array(
    z.object({
      id: z.string().regex(/^[0-9a-f]{16}$/),
      state: CaState,
      createdAt: z.iso.datetime(),
      retiredAt: z.iso.datetime().nullable(),
      protector: ProtectorKind,
    }),
  ),
});
type StateFile = z.output<typeof StateFile>;

/** Additional authenticated data binding a key envelope to one CA. */
const aadFor = (id: string): string => `bootbench:ca-key:v1:${id}`;

/**
 * The station CA's material in a data directory.
 *
 * Layout under `<dataDir>/pki/`: `ca-state.json` (the commit point: which CAs exist and which is
 * active), `ca/<id>.crt.pem`, `ca/<id>.key.json` (the sealed private key; never plaintext), and
 * `issued.jsonl` (the registry). Files are written atomically with mode 0600 in 0700 directories.
 * Reading never writes, so a wrong passphrase cannot change anything.
 */
export class CaStore {
  readonly registry: IssuedRegistry;

  private constructor(readonly root: string) {
    this.registry = new JsonLinesIssuedRegistry(join(root, 'issued.jsonl'));
  }

  /** Opens (creating if needed) the PKI folder of a data directory. */
  static async open(dataDir: string): Promise<CaStore> {
    const root = join(dataDir, 'pki');
    await mkdir(join(root, 'ca'), { recursive: true, mode: 0o700 });
    return new CaStore(root);
  }

  private certPath = (id: string): string => join(this.root, 'ca', `${id}.crt.pem`);
  private keyPath = (id: string): string => join(this.root, 'ca', `${id}.key.json`);
  private statePath = (): string => join(this.root, 'ca-state.json');

  private async readState(): Promise<StateFile> {
    let text: string;
    try {
      text = await readFile(this.statePath(), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, cas: [] };
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = StateFile.safeParse(json);
    if (!parsed.success) throw new ProvisioningError('INVALID_REQUEST', `CA state file ${this.statePath()} is corrupt`);
    return parsed.data;
  }

  /** The DER certificate of CA `id`. */
  async certificate(id: string): Promise<Uint8Array> {
    const decoded = decodePem(await readFile(this.certPath(id), 'utf8'));
    const block = decoded.ok ? decoded.blocks[0] : undefined;
    if (block === undefined) throw new ProvisioningError('INVALID_REQUEST', `CA certificate file for ${id} is corrupt`);
    return block.der;
  }

  /** The status view: active CA, retired CAs, number of issued certificates. */
  async status(): Promise<CaStatus> {
    const state = await this.readState();
    const entries: CaEntry[] = [];
    for (const ca of state.cas) {
      const der = await this.certificate(ca.id);
      const cert = new X509Certificate(der);
      entries.push({
        id: ca.id,
        state: ca.state,
        subject: cert.subject.replace(/\n/g, ', '),
        key: keyInfoOf(cert.publicKey),
        fingerprintSha256: sha256Hex(der),
        notAfter: new Date(cert.validTo).toISOString(),
        createdAt: ca.createdAt,
        retiredAt: ca.retiredAt,
        protector: ca.protector,
      });
    }
    return {
      initialized: entries.length > 0,
      active: entries.find((e) => e.state === 'active') ?? null,
      retired: entries.filter((e) => e.state === 'retired'),
      issuedCount: (await this.registry.list()).length,
    };
  }

  /** Every CA certificate, active first: the trust anchors to push with a bootstrap. */
  async trustAnchors(): Promise<{ readonly id: string; readonly state: CaState; readonly der: Uint8Array }[]> {
    const state = await this.readState();
    const ordered = [...state.cas].sort((a, b) => (a.state === b.state ? 0 : a.state === 'active' ? -1 : 1));
    return Promise.all(ordered.map(async (ca) => ({ id: ca.id, state: ca.state, der: await this.certificate(ca.id) })));
  }

  /**
   * Stores a CA certificate and key as the active CA.
   *
   * With `rotate`, the current active CA becomes `retired` (it stays a trust anchor, so devices
   * issued under it keep working); without it, an existing active CA is an error.
   * The key is sealed by `protector` before anything touches the disk.
   */
  async install(certDer: Uint8Array, privateKey: KeyObject, protector: SecretProtector, nowMs: number, options: { rotate: boolean } = { rotate: false }): Promise<CaEntry> {
    const ca = signingCaFrom(certDer, privateKey);
    const state = await this.readState();
    const active = state.cas.find((c) => c.state === 'active');
    if (active !== undefined && !options.rotate) {
      throw new ProvisioningError('INVALID_REQUEST', 'A station CA already exists; use `bootbench ca rotate` to replace it');
    }
    const id = ca.fingerprintSha256.slice(0, 16);
    if (state.cas.some((c) => c.id === id)) throw new ProvisioningError('INVALID_REQUEST', 'This CA certificate is already in the store');
    const keyDer = pkcs8Der(privateKey);
    let sealed;
    try {
      sealed = await protector.seal(keyDer, aadFor(id));
    } finally {
      keyDer.fill(0);
    }
    await writeFileAtomic(this.keyPath(id), `${JSON.stringify(sealed)}\n`);
    await writeFileAtomic(this.certPath(id), toPem('CERTIFICATE', certDer), 0o644);
    const now = new Date(nowMs).toISOString();
    const next: StateFile = {
      version: 1,
      cas: [
        ...state.cas.map((c) => (c.state === 'active' ? { ...c, state: 'retired' as const, retiredAt: now } : c)),
        { id, state: 'active', createdAt: now, retiredAt: null, protector: protector.kind },
      ],
    };
    await writeFileAtomic(this.statePath(), `${JSON.stringify(next, null, 2)}\n`);
    const status = await this.status();
    if (status.active === null) throw new ProvisioningError('INTERNAL', 'CA state was written but no active CA was found');
    return status.active;
  }

  /**
   * Decrypts the active CA key and returns a signer. Read-only: a wrong passphrase changes nothing.
   *
   * @throws ProvisioningError `NOT_FOUND` without a CA, `AUTH_FAILED` for a wrong passphrase.
   */
  async unlock(protector: SecretProtector): Promise<SigningCa> {
    const state = await this.readState();
    const active = state.cas.find((c) => c.state === 'active');
    if (active === undefined) throw new ProvisioningError('NOT_FOUND', 'No station CA yet; run `bootbench ca init` or `bootbench ca import`');
    let json: unknown;
    try {
      json = JSON.parse(await readFile(this.keyPath(active.id), 'utf8'));
    } catch (cause) {
      throw new ProvisioningError('INVALID_REQUEST', 'The CA key file is missing or not JSON', { cause });
    }
    const keyDer = await protector.open(parseSealedSecret(json), aadFor(active.id));
    try {
      const privateKey = createPrivateKey({ key: Buffer.from(keyDer.buffer, keyDer.byteOffset, keyDer.byteLength), format: 'der', type: 'pkcs8' });
      return signingCaFrom(await this.certificate(active.id), privateKey);
    } finally {
      keyDer.fill(0);
    }
  }
}
