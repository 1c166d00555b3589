import { z } from 'zod';
import { DeviceId } from '../../domain/device.js';
import { IssuedRecord } from '../../pki/registry-record.js';
import type { CommandTable, EventTable } from '../table.js';

/** A library name: lower-case letters, digits, `.`, `_`, `-` (it is a folder name in the data dir). */
const ProfileName = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'a profile name is 1–64 of a-z, 0-9, ".", "_", "-"');
/** A version id: the SHA-256 content hash of the canonical profile (hex). */
const VersionHash = z.string().regex(/^[0-9a-f]{64}$/);
/** Profile text as typed (YAML or JSON). */
const ProfileText = z.string().max(4 * 1024 * 1024);

/** One validation problem, located by JSON pointer and (where the text has it) line:column. */
const ProfileIssueView = z.strictObject({ pointer: z.string(), message: z.string(), line: z.number().int().positive().optional(), column: z.number().int().positive().optional() });

/** The station CA signature over a version (hex signature, signer = CA certificate fingerprint). */
const ApprovalView = z.strictObject({ approvedBy: z.string(), approvedAt: z.iso.datetime(), signer: z.string().regex(/^[0-9a-f]{64}$/), signature: z.string(), valid: z.boolean() });

/** One immutable version of a library profile. */
const ProfileVersionView = z.strictObject({
  hash: VersionHash,
  /** The profile's own `version` label, e.g. `2026.11-1`. */
  label: z.string(),
  profileId: z.string(),
  title: z.string(),
  savedAt: z.iso.datetime(),
  approval: ApprovalView.nullable(),
});

/** A profile of the library: its latest version and how many it has. */
const ProfileSummaryView = z.strictObject({ name: ProfileName, latest: ProfileVersionView, versions: z.number().int().positive(), approvedVersions: z.number().int().nonnegative() });

/** One structural change between two documents (values are profile data; profiles hold no secrets). */
const ProfileChangeView = z.strictObject({ kind: z.enum(['added', 'removed', 'changed']), pointer: z.string(), before: z.string().optional(), after: z.string().optional() });

/** A leaf the plan adds, changes or removes; secret values arrive masked (`•••`). */
const NodeChangeView = z.strictObject({ kind: z.enum(['added', 'changed', 'removed']), instance: z.string(), path: z.string(), before: z.string().optional(), after: z.string().optional() });

/** The plan compiled for a connected device, and its masked diff against the device's current tree. */
const PlanDiffView = z.discriminatedUnion('ok', [
  z.strictObject({
    ok: z.literal(true),
    profile: z.strictObject({ name: ProfileName, hash: VersionHash, label: z.string() }),
    device: z.strictObject({ deviceId: DeviceId, imei: z.string().optional(), model: z.string().optional() }),
    /** Where the current tree came from: the device's live tree, or the factory image predicted from its identity. */
    currentTree: z.enum(['live', 'factory-prediction', 'empty']),
    commands: z.array(z.strictObject({ name: z.string(), url: z.string() })),
    instances: z.array(z.string()),
    credentials: z.array(z.string()),
    warnings: z.array(z.strictObject({ pointer: z.string(), message: z.string() })),
    diff: z.strictObject({ added: z.array(z.string()), changed: z.array(z.string()), unchanged: z.array(z.string()), nodes: z.array(NodeChangeView) }),
  }),
  /** The profile does not fit the device (or a policy cannot be honoured): plan issues. */
  z.strictObject({ ok: z.literal(false), issues: z.array(z.strictObject({ code: z.string(), pointer: z.string(), message: z.string() })) }),
]);

/** Where a certificate push stands. */
const PushStep = z.enum(['line-open', 'identified', 'link-up', 'session', 'issued', 'delivered', 'done', 'failed']);

/** Profiles: list, edit with validation, versions, approval, plan diff; certificate push. Commands (`<area>.<verb>`), joined into the contract. */
export const profilesCommands = {
  /** Every profile of the station library (seeded with the samples on first start). */
  'profiles.list': { input: z.void(), output: z.array(ProfileSummaryView) },
  /** The text of one version (the latest when `version` is absent). */
  'profiles.get': { input: z.strictObject({ name: ProfileName, version: VersionHash.optional() }), output: z.strictObject({ name: ProfileName, version: ProfileVersionView, text: z.string() }) },
  /** Validates text with the profile validator: issues with line:column and JSON pointer. */
  'profiles.validate': {
    input: z.strictObject({ text: ProfileText }),
    output: z.strictObject({ ok: z.boolean(), issues: z.array(ProfileIssueView), hash: VersionHash.optional(), profileId: z.string().optional(), label: z.string().optional() }),
  },
  /** Saves text as a new immutable version (same content → the existing version); invalid text is refused. */
  'profiles.save': { input: z.strictObject({ name: ProfileName, text: ProfileText }), output: z.strictObject({ version: ProfileVersionView, isNew: z.boolean() }) },
  /** Versions of one profile, newest first, with their approvals. */
  'profiles.versions': { input: z.strictObject({ name: ProfileName }), output: z.array(ProfileVersionView) },
  /** Structural diff between two versions of a profile. */
  'profiles.diff': { input: z.strictObject({ name: ProfileName, from: VersionHash, to: VersionHash }), output: z.array(ProfileChangeView) },
  /** Signs a version's content hash with the station CA (which must be unlocked). */
  'profiles.approve': { input: z.strictObject({ name: ProfileName, version: VersionHash, by: z.string().trim().min(1).max(120).optional() }), output: ProfileVersionView },
  /** The plan compiled for a connected device's facts and its masked diff against the device's current tree. */
  'profiles.planDiff': { input: z.strictObject({ name: ProfileName, version: VersionHash, deviceId: DeviceId }), output: PlanDiffView },
  /**
   * Issues a certificate for a connected handset (station-generated key, signed by the unlocked CA)
   * and writes it into `Auth/Trsp` of a DMAcc instance the station created (the device's rights allow no
   * other) over its cable in one DM session. Progress is
   * `certPush.progressed`; the private key never leaves main and is wiped once the device has it.
   */
  'certs.push': {
    input: z.strictObject({ deviceId: DeviceId, account: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'an account is a DMAcc instance name (MIID), e.g. operator'), validityDays: z.number().int().min(1).max(3650).default(365) }),
    output: z.strictObject({ deviceId: DeviceId, accountUri: z.string(), record: IssuedRecord, anchors: z.number().int().nonnegative(), durationMs: z.number().nonnegative() }),
  },
} as const satisfies CommandTable;

/** Profiles: list, edit with validation, versions, approval, plan diff; certificate push. Events (`<noun>.<past-tense verb>`), joined into the contract. */
export const profilesEvents = {
  /** A step of a certificate push. */
  'certPush.progressed': z.strictObject({ deviceId: DeviceId, step: PushStep, detail: z.string().max(500).optional() }),
} as const satisfies EventTable;
