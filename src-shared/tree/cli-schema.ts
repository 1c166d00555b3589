/** The `--json` documents of `bootbench tree` (one line each), checked by the CLI before printing and by its tests. */
import { z } from 'zod';
import { TreeDifference } from './compare.js';
import { DeviceTree, TreeDiffEntry, TreeRow } from './tree-schema.js';

/** `tree dump --json`. */
export const TreeDumpOutput = z.object({ ok: z.literal(true), tree: DeviceTree });
/** `tree get <uri> --json`: the node and its subtree. */
export const TreeGetOutput = z.object({ ok: z.literal(true), uri: z.string(), rows: z.array(TreeRow).min(1) });
/** `tree set <uri> <value> --json`. */
export const TreeSetOutput = z.object({
  ok: z.literal(true),
  result: z.enum(['applied', 'refused']),
  diff: z.array(TreeDiffEntry),
  statuses: z.array(z.object({ uri: z.string(), sc: z.number().int() })),
  /** The node as read back from the device after the change (absent when refused or a secret). */
  readBack: z.string().optional(),
});
/** `tree diff <file> --json`. */
export const TreeCompareOutput = z.object({ ok: z.literal(true), identical: z.boolean(), differences: z.array(TreeDifference) });
