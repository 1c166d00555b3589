/**
 * The device's current instances for a plan diff, as MO serialization entries: from a file (an
 * MO serialization array or an unsealed device state file) or predicted from the factory image.
 */
import { readFile } from 'node:fs/promises';
import { decodeDeviceState } from '../../src-shared/bootstrap/device-state.js';
import { factoryTree, type FactoryIdentity } from '../../src-shared/bootstrap/factory-tree.js';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import { encodeTree } from '../../src-shared/protocol/dm/serialization.js';
import type { ManagementTree } from '../../src-shared/protocol/dm/tree/types.js';
import type { MoEntryJson } from '../../src-shared/protocol/mo/mo-entry.js';

/** Largest current-tree file read. */
const MAX_TREE_BYTES = 16 * 1024 * 1024;

/** A tree's instances as MO serialization entries. */
export function treeEntries(tree: ManagementTree): MoEntryJson[] {
  return JSON.parse(encodeTree(tree)) as MoEntryJson[];
}

/** The factory image's entries for a device with this identity (what a factory-state device holds). */
export function factoryEntries(identity: FactoryIdentity): MoEntryJson[] {
  return treeEntries(factoryTree(identity));
}

/** Reads current entries from an MO serialization array or a `bootbench-device-state` file. */
export async function readCurrentEntries(file: string): Promise<MoEntryJson[]> {
  let text: string;
  try {
    const bytes = await readFile(file);
    if (bytes.length > MAX_TREE_BYTES) throw new ProvisioningError('INVALID_REQUEST', `${file} is larger than ${MAX_TREE_BYTES} bytes`);
    text = bytes.toString('utf8');
  } catch (cause) {
    if (cause instanceof ProvisioningError) throw cause;
    throw new ProvisioningError('NOT_FOUND', `cannot read the current tree file ${file}`, { cause });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new ProvisioningError('INVALID_REQUEST', `${file}: not JSON`, { cause });
  }
  if (Array.isArray(value)) {
    const ok = value.every((e) => e !== null && typeof e === 'object' && typeof (e as { ClientURI?: unknown }).ClientURI === 'string' && typeof (e as { MOData?: unknown }).MOData === 'object');
    if (!ok) throw new ProvisioningError('INVALID_REQUEST', `${file}: not an MO serialization array (each element needs ClientURI and MOData)`);
    return value as MoEntryJson[];
  }
  return treeEntries(decodeDeviceState(text).tree);
}
