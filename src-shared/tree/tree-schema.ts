/**
 * The device tree as the station shows it (contract `tree` area, CLI `--json`): one flat row per
 * node in pre-order (MO, instance, interior and leaf nodes), with the DDF-derived format and access
 * types, plus each instance's access control list per server. Secrets never appear: a masked row
 * carries no value.
 */
import { z } from 'zod';
import { ACCESS_TYPES } from '../protocol/ddf/model.js';
import { NODE_FORMATS, RIGHTS } from '../protocol/dm/tree/types.js';

/** One access right on an MO instance. */
export const TreeRight = z.enum(RIGHTS);

/** What a row stands for: an MO (all instances of one MOID), an instance root, or a node below it. */
export const TreeRowKind = z.enum(['mo', 'instance', 'interior', 'leaf']);
export type TreeRowKind = z.output<typeof TreeRowKind>;

/** One node of the flattened tree, in pre-order. */
export const TreeRow = z.object({
  /** ClientURI of the node (`MOID/MIID/path`); the MOID for an `mo` row. */
  uri: z.string().min(1).max(2048),
  name: z.string().min(1).max(512),
  /** 0 = MO, 1 = instance root, 2… = nodes below the root. */
  depth: z.number().int().min(0).max(64),
  kind: TreeRowKind,
  /** Format from the DDF (`node` for interior rows; JSON type when the MO is not described). */
  format: z.enum(NODE_FORMATS),
  /** The value as text (leaf rows that are readable). */
  value: z.string().max(1_000_000).optional(),
  /** A secret (write-only) leaf: its value is never read nor shown. */
  masked: z.boolean(),
  /** DDF AccessType of the node (empty when the MO is not described). */
  access: z.array(z.enum(ACCESS_TYPES)),
  /** The station may replace this leaf's value: DDF Replace (or undescribed) and the Write right. */
  writable: z.boolean(),
  /** The station may delete this node (instance roots and dynamic nodes with Delete and Write). */
  deletable: z.boolean(),
  description: z.string().max(2000).optional(),
});
export type TreeRow = z.output<typeof TreeRow>;

/** One server's rights on an instance. */
export const AclEntry = z.object({ serverId: z.string().min(1).max(200), rights: z.array(TreeRight) });
export type AclEntry = z.output<typeof AclEntry>;

/** The access control list of one MO instance, as the station (through the DACMO) sees it. */
export const InstanceAcl = z.object({
  moid: z.string().min(1).max(512),
  miid: z.string().min(1).max(64),
  /** SrvID of the creator, or `local`. */
  creator: z.string().max(200),
  /** The station's own rights on the instance. */
  stationRights: z.array(TreeRight),
  /** Every server's rights the station may see (all of them when it holds Delegate). */
  entries: z.array(AclEntry),
});
export type InstanceAcl = z.output<typeof InstanceAcl>;

/** A device's tree as read over its cable. */
export const DeviceTree = z.object({
  /** The device's OMADM-DevID (`IMEI:…`). */
  devId: z.string().max(200),
  /** Content hash of what was read; a preview is bound to it. */
  version: z.string().regex(/^[0-9a-f]{64}$/),
  /** The SrvID the station reads as (its DM account on the device). */
  serverId: z.string().max(200),
  readAtMs: z.number().int().nonnegative(),
  rows: z.array(TreeRow),
  acls: z.array(InstanceAcl),
});
export type DeviceTree = z.output<typeof DeviceTree>;

/** One change the user asks for. Values are text in the MOData form (bin as base64). */
export const TreeEdit = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('set'), uri: z.string().min(1).max(2048), value: z.string().max(65_536) }),
  z.object({ kind: z.literal('delete'), uri: z.string().min(1).max(2048) }),
  z.object({ kind: z.literal('acl'), moid: z.string().min(1).max(512), miid: z.string().min(1).max(64), serverId: z.string().min(1).max(200), rights: z.array(TreeRight) }),
]);
export type TreeEdit = z.output<typeof TreeEdit>;

/** One line of a diff preview: old → new per node, or a permission change. Secrets show as masked. */
export const TreeDiffEntry = z.object({
  kind: z.enum(['value', 'delete', 'acl']),
  /** Node ClientURI (`value`, `delete`) or instance ClientURI plus `#<SrvID>` (`acl`). */
  uri: z.string().max(2300),
  before: z.string().max(1_000_000).optional(),
  after: z.string().max(65_536).optional(),
  masked: z.boolean(),
});
export type TreeDiffEntry = z.output<typeof TreeDiffEntry>;

/** A validation problem with one edit (inline in the editor; `INVALID_REQUEST` details over IPC). */
export interface EditProblem {
  readonly index: number;
  readonly uri: string;
  readonly message: string;
}

/** Placeholder shown for a secret, before and after. */
export const MASK = '••••••';
