/**
 * The station's profile library (docs/profiles.md "In the station"): profiles live under the data
 * directory as immutable, content-hashed versions —
 *
 *   profiles/<name>/versions/<hash>.yaml   the text as saved (YAML or JSON; `<hash>` = profile hash)
 *   profiles/<name>/versions/<hash>.json   { hash, label, profileId, title, savedAt }
 *   profiles/<name>/approvals/<hash>.json  the station CA's signature over the hash (ProfileApproval)
 *
 * seeded with the sample profiles of `assets/profiles/` when the library does not exist yet.
 * Validation, hashing, approval messages and plan compilation are the existing modules'.
 */
import { readdir, readFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { Clock } from '../../src-shared/ports/clock.js';
import { diffProfiles } from '../../src-shared/profile/profile-diff.js';
import { certificateVerifier } from '../audit/station-signer.js';
import { findAssetsDir } from '../ddf/asset-paths.js';
import { CaStore } from '../pki/ca-store.js';
import { writeFileAtomic } from '../pki/atomic-file.js';
import { verifyApproval } from '../profile/approval.js';
import { MAX_PROFILE_BYTES, parseProfileText, type LoadedProfile } from '../profile/profile-file.js';
import type { ProfileApproval } from '../storage/profile-store.js';

/** One stored version with its approval (verified against the station CA's certificates). */
export interface ProfileVersionInfo {
  readonly hash: string;
  readonly label: string;
  readonly profileId: string;
  readonly title: string;
  readonly savedAt: string;
  readonly approval: (Omit<ProfileApproval, 'versionHash'> & { readonly valid: boolean }) | null;
}

/** A profile of the library and its latest version. */
export interface ProfileSummary {
  readonly name: string;
  readonly latest: ProfileVersionInfo;
  readonly versions: number;
  readonly approvedVersions: number;
}

/** A validation result as the editor shows it. */
export interface TextValidation {
  readonly ok: boolean;
  readonly issues: { pointer: string; message: string; line?: number; column?: number }[];
  readonly hash?: string;
  readonly profileId?: string;
  readonly label?: string;
}

/** Signs an approval of a validated version (the station wires the CA, storage and audit log behind it). */
export type ApprovalSigner = (loaded: Extract<LoadedProfile, { ok: true }>, approvedBy: string, nowIso: string) => Promise<ProfileApproval>;

/** This module's folder in the ESM bundles and the sources, and in Electron's CJS bundles (where `import.meta.url` is empty). */
const here = (): string => (typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url)));

/** The sample profiles shipped in `assets/profiles/`. */
export const bundledSamplesDir = (): string => join(findAssetsDir(join('profiles', 'factory-handset.yaml'), here()), 'profiles');

const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const HASH = /^[0-9a-f]{64}$/;
const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;
const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function checkName(name: string): string {
  if (!NAME.test(name)) throw new ProvisioningError('INVALID_REQUEST', `"${name}" is not a profile name (1–64 of a-z, 0-9, ".", "_", "-")`);
  return name;
}

/** Validates text with the profile validator; issues carry line:column and JSON pointers. */
export function validateProfileText(source: string): TextValidation {
  if (new TextEncoder().encode(source).length > MAX_PROFILE_BYTES) return { ok: false, issues: [{ pointer: '', message: `a profile is at most ${MAX_PROFILE_BYTES} bytes` }] };
  const loaded = parseProfileText(source, '<editor>');
  if (!loaded.ok) return { ok: false, issues: loaded.issues.map((i) => ({ pointer: i.pointer, message: i.message, ...(i.line === undefined ? {} : { line: i.line }), ...(i.column === undefined ? {} : { column: i.column }) })) };
  return { ok: true, issues: [], hash: loaded.hash, profileId: loaded.profile.id, label: loaded.profile.version };
}

/** The profile library of one data directory. */
export class ProfilesService {
  #seeded: Promise<void> | undefined;

  constructor(
    private readonly dataDir: string | undefined,
    private readonly clock: Clock,
    private readonly signApproval: ApprovalSigner,
    private readonly samplesDir: () => string = bundledSamplesDir,
  ) {}

  private get root(): string {
    if (this.dataDir === undefined) throw new ProvisioningError('NOT_FOUND', 'This station has no data directory, so it has no profile library');
    return join(this.dataDir, 'profiles');
  }

  /** Seeds the library with the sample profiles when it does not exist yet (once per run). */
  private ready(): Promise<void> {
    this.#seeded ??= this.seed().catch((error: unknown) => {
      this.#seeded = undefined;
      throw error;
    });
    return this.#seeded;
  }

  private async seed(): Promise<void> {
    const root = this.root;
    try {
      await readdir(root);
      return;
    } catch {
      // absent: first start, seed it below
    }
    await mkdir(root, { recursive: true, mode: 0o700 });
    let dir: string;
    try {
      dir = this.samplesDir();
    } catch (error) {
      if (error instanceof ProvisioningError && error.code === 'NOT_FOUND') return; // a build without the samples: start empty
      throw error;
    }
    for (const file of (await readdir(dir)).filter((f) => /\.(ya?ml|json)$/.test(f)).sort()) {
      const source = await readFile(join(dir, file), 'utf8');
      const loaded = parseProfileText(source, file);
      if (loaded.ok) await this.store(checkName(loaded.profile.id), source, loaded);
    }
  }

  /** Writes a version (idempotent by hash); returns whether it was new. */
  private async store(name: string, source: string, loaded: Extract<LoadedProfile, { ok: true }>): Promise<boolean> {
    const dir = join(this.root, name, 'versions');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const meta = { hash: loaded.hash, label: loaded.profile.version, profileId: loaded.profile.id, title: loaded.profile.name, savedAt: new Date(this.clock.nowMs()).toISOString() };
    try {
      // The text first, exclusively: a version's content never changes once written.
      await writeFile(join(dir, `${loaded.hash}.yaml`), source, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
    await writeFileAtomic(join(dir, `${loaded.hash}.json`), json(meta));
    return true;
  }

  private async verifier(): Promise<ReturnType<typeof certificateVerifier>> {
    const anchors = this.dataDir === undefined ? [] : await (await CaStore.open(this.dataDir)).trustAnchors();
    return certificateVerifier(anchors.map((a) => a.der));
  }

  private async info(name: string, hash: string, verify: ReturnType<typeof certificateVerifier>): Promise<ProfileVersionInfo> {
    const base = join(this.root, name);
    let meta: Omit<ProfileVersionInfo, 'approval'>;
    try {
      meta = JSON.parse(await readFile(join(base, 'versions', `${hash}.json`), 'utf8')) as Omit<ProfileVersionInfo, 'approval'>;
    } catch (cause) {
      throw new ProvisioningError('NOT_FOUND', `Profile ${name} has no version ${hash.slice(0, 12)}`, { cause });
    }
    let approval: ProfileVersionInfo['approval'] = null;
    try {
      const a = JSON.parse(await readFile(join(base, 'approvals', `${hash}.json`), 'utf8')) as ProfileApproval;
      approval = { approvedBy: a.approvedBy, approvedAt: a.approvedAt, signer: a.signer, signature: a.signature, valid: a.versionHash === hash && verifyApproval(a, verify) };
    } catch {
      // not approved
    }
    return { hash: meta.hash, label: meta.label, profileId: meta.profileId, title: meta.title, savedAt: meta.savedAt, approval };
  }

  /** Versions of a profile, newest first. */
  async versions(name: string): Promise<ProfileVersionInfo[]> {
    await this.ready();
    let files: string[];
    try {
      files = await readdir(join(this.root, checkName(name), 'versions'));
    } catch (cause) {
      throw new ProvisioningError('NOT_FOUND', `No profile ${name} in the library`, { cause });
    }
    const verify = await this.verifier();
    const hashes = files.filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).filter((h) => HASH.test(h));
    const all = await Promise.all(hashes.map((h) => this.info(name, h, verify)));
    return all.sort((a, b) => (a.savedAt < b.savedAt ? 1 : a.savedAt > b.savedAt ? -1 : a.hash < b.hash ? 1 : -1));
  }

  /** Every profile with its latest version. */
  async list(): Promise<ProfileSummary[]> {
    if (this.dataDir === undefined) return [];
    await this.ready();
    const names = (await readdir(this.root, { withFileTypes: true })).filter((d) => d.isDirectory() && NAME.test(d.name)).map((d) => d.name).sort();
    const out: ProfileSummary[] = [];
    for (const name of names) {
      const versions = await this.versions(name);
      if (versions[0] !== undefined) out.push({ name, latest: versions[0], versions: versions.length, approvedVersions: versions.filter((v) => v.approval?.valid === true).length });
    }
    return out;
  }

  /** The text of a version (the latest when `hash` is absent). */
  async get(name: string, hash?: string): Promise<{ readonly name: string; readonly version: ProfileVersionInfo; readonly text: string }> {
    const versions = await this.versions(name);
    const version = hash === undefined ? versions[0] : versions.find((v) => v.hash === hash);
    if (version === undefined) throw new ProvisioningError('NOT_FOUND', `Profile ${name} has no version ${hash?.slice(0, 12) ?? ''}`.trim());
    return { name, version, text: await readFile(this.versionFile(name, version.hash), 'utf8') };
  }

  /** Path of a version's text (the plan compiler reads profiles from files). */
  versionFile(name: string, hash: string): string {
    if (!HASH.test(hash)) throw new ProvisioningError('INVALID_REQUEST', 'a version is a 64-digit hex content hash');
    return join(this.root, checkName(name), 'versions', `${hash}.yaml`);
  }

  /** A version as runs use it: its text file (for the plan compiler) and whether a valid station-CA approval covers it. */
  async versionForRuns(name: string, hash: string): Promise<{ readonly file: string; readonly version: ProfileVersionInfo; readonly approved: boolean }> {
    const file = this.versionFile(name, hash);
    await this.ready();
    const version = await this.info(name, hash, await this.verifier());
    return { file, version, approved: version.approval?.valid === true };
  }

  /** Saves text as a new version of `name`; invalid text is refused with every issue. */
  async save(name: string, source: string): Promise<{ readonly version: ProfileVersionInfo; readonly isNew: boolean }> {
    checkName(name);
    await this.ready();
    const loaded = parseProfileText(source, name);
    if (!loaded.ok) {
      const lines = loaded.issues.map((i) => `${i.line === undefined ? '' : `${i.line}:${i.column ?? 1} `}${i.pointer === '' ? '(document)' : i.pointer}: ${i.message}`);
      throw new ProvisioningError('INVALID_REQUEST', `The profile is not valid:\n${lines.join('\n')}`, { details: { issues: lines.length } });
    }
    const isNew = await this.store(name, source, loaded);
    return { version: await this.info(name, loaded.hash, await this.verifier()), isNew };
  }

  /** Structural diff of two versions of `name`. */
  async diff(name: string, from: string, to: string): Promise<{ kind: 'added' | 'removed' | 'changed'; pointer: string; before?: string; after?: string }[]> {
    const [a, b] = [await this.document(name, from), await this.document(name, to)];
    return diffProfiles(a, b).map((c) => ({ kind: c.kind, pointer: c.pointer, ...('before' in c ? { before: text(c.before) } : {}), ...('after' in c ? { after: text(c.after) } : {}) }));
  }

  private async document(name: string, hash: string): Promise<unknown> {
    const loaded = parseProfileText((await this.get(name, hash)).text, name);
    if (!loaded.ok) throw new ProvisioningError('INTERNAL', `Stored version ${hash.slice(0, 12)} of ${name} no longer validates`);
    return loaded.profile;
  }

  /** Signs a stored version with the station CA and keeps the approval beside it. */
  async approve(name: string, hash: string, approvedBy: string): Promise<ProfileVersionInfo> {
    const { text: source } = await this.get(name, hash);
    const loaded = parseProfileText(source, name);
    if (!loaded.ok || loaded.hash !== hash) throw new ProvisioningError('INTERNAL', `Stored version ${hash.slice(0, 12)} of ${name} does not match its hash`);
    const approval = await this.signApproval(loaded, approvedBy, new Date(this.clock.nowMs()).toISOString());
    const dir = join(this.root, name, 'approvals');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(join(dir, `${hash}.json`), json(approval));
    return this.info(name, hash, await this.verifier());
  }
}
