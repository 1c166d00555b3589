import { z } from 'zod';
import { DeviceId } from '../../domain/device.js';
import { DeviceTree, TreeDiffEntry, TreeEdit } from '../../tree/tree-schema.js';
import type { CommandTable, EventTable } from '../table.js';

/** A preview token: binds a diff to the tree version it was computed on (single use). */
export const PreviewToken = z.string().regex(/^[0-9a-f]{32}$/);

/** The outcome of `tree.apply`: applied (with the tree read back), or refused by the device (nothing applied). */
export const TreeApplyResult = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('applied'), tree: DeviceTree, changes: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('refused'), statuses: z.array(z.object({ uri: z.string().max(2300), sc: z.number().int() })) }),
]);

/** A device's management tree: read, diff preview, apply edits, instance permissions. Commands (`<area>.<verb>`), joined into the contract. */
export const treeCommands = {
  /** Reads the whole tree the station may see over the device's cable (a DM session). */
  'tree.read': { input: z.object({ deviceId: DeviceId }), output: DeviceTree },
  /** Validates a change set against the last read tree; returns the exact diff and a token bound to its version. */
  'tree.preview': {
    input: z.object({ deviceId: DeviceId, edits: z.array(TreeEdit).min(1).max(1000) }),
    output: z.object({ token: PreviewToken, version: z.string(), diff: z.array(TreeDiffEntry) }),
  },
  /** Applies exactly the previewed change set, all or nothing; `TREE_CHANGED` when the device's tree moved on. */
  'tree.apply': { input: z.object({ deviceId: DeviceId, token: PreviewToken }), output: TreeApplyResult },
} as const satisfies CommandTable;

/** A device's management tree: read, diff preview, apply edits, instance permissions. Events (`<noun>.<past-tense verb>`), joined into the contract. */
export const treeEvents = {} as const satisfies EventTable;
