/**
 * Compares a device's tree with MO serialization entries from a file (`bootbench tree diff`):
 * leaf by leaf, only inside the instances the file names. Masked (secret) leaves are never
 * compared nor printed.
 */
import { z } from 'zod';
import type { TreeRow } from './tree-schema.js';

/** One difference between the device and the file. */
export const TreeDifference = z.object({
  /** `changed`: both have the leaf with other values; `file-only`: the device lacks it; `device-only`: the file lacks it. */
  kind: z.enum(['changed', 'file-only', 'device-only']),
  uri: z.string(),
  device: z.string().optional(),
  file: z.string().optional(),
});
export type TreeDifference = z.output<typeof TreeDifference>;

const instanceOf = (uri: string): string => {
  const first = uri.indexOf('/');
  const second = first < 0 ? -1 : uri.indexOf('/', first + 1);
  return second < 0 ? uri : uri.slice(0, second + 1);
};

/** Differences between device rows and file rows, in the file's order, then the device's. */
export function compareRows(device: readonly TreeRow[], file: readonly TreeRow[]): TreeDifference[] {
  const leaves = (rows: readonly TreeRow[]) => new Map(rows.filter((r) => r.kind === 'leaf' && !r.masked).map((r) => [r.uri, r.value ?? '']));
  const onDevice = leaves(device);
  const inFile = leaves(file);
  const instances = new Set(file.filter((r) => r.kind === 'instance').map((r) => r.uri));
  const out: TreeDifference[] = [];
  for (const [uri, value] of inFile) {
    const d = onDevice.get(uri);
    if (d === undefined) out.push({ kind: 'file-only', uri, file: value });
    else if (d !== value) out.push({ kind: 'changed', uri, device: d, file: value });
  }
  for (const [uri, value] of onDevice) if (instances.has(instanceOf(uri)) && !inFile.has(uri)) out.push({ kind: 'device-only', uri, device: value });
  return out;
}
