import { makeInterior } from '../../../src-shared/protocol/dm/tree/tree.js';
import { makeLeaf } from '../../../src-shared/protocol/dm/tree/values.js';
import { buildRows } from '../../../src-shared/tree/build-rows.js';
import { APN_MOID } from '../../../src-shared/tree/tree-ddf.js';
import type { DeviceTree, InstanceAcl, TreeRow } from '../../../src-shared/tree/tree-schema.js';

const chr = (value: string) => makeLeaf({ format: 'chr', value });
const all = ['Read', 'Write', 'Execute', 'Delegate'] as const;

/** A small tree like a bootstrapped handset's: DevInfo (read-only) and two APNs. */
export function smallTree(version = 'a'.repeat(64)): DeviceTree {
  const acls: InstanceAcl[] = [
    { moid: 'urn:oma:mo:oma-dm-devinfo:1.2', miid: 'di', creator: 'local', stationRights: ['Read'], entries: [{ serverId: 'bootbench-station', rights: ['Read'] }] },
    { moid: APN_MOID, miid: 'internet', creator: 'bootbench-station', stationRights: [...all], entries: [{ serverId: 'bootbench-station', rights: [...all] }, { serverId: 'dm.operator.test', rights: ['Read'] }] },
  ];
  const rows = buildRows(
    [
      { moid: 'urn:oma:mo:oma-dm-devinfo:1.2', miid: 'di', root: makeInterior([['DevID', chr('IMEI:356938035643809')], ['Man', chr('Bootbench')]]) },
      { moid: APN_MOID, miid: 'internet', root: makeInterior([['Name', chr('internet.operator.test')], ['MTU', chr('1420')], ['Roaming', chr('true')]]) },
    ],
    acls,
  );
  return { devId: 'IMEI:356938035643809', version, serverId: 'bootbench-station', readAtMs: 1_700_000_000_000, rows, acls };
}

/**
 * A synthetic tree of `count` rows: MOs of 100 instances, each with an interior node of leaves, so
 * every level has children to expand. Values are distinct (`v<n>`), names repeat per instance.
 */
export function syntheticRows(count: number): TreeRow[] {
  const rows: TreeRow[] = [];
  const leaf = (uri: string, name: string, depth: number, n: number): TreeRow => ({ uri, name, depth, kind: 'leaf', format: 'chr', value: `v${n}`, masked: false, access: ['Get', 'Replace'], writable: true, deletable: false });
  const node = (uri: string, name: string, depth: number, kind: TreeRow['kind']): TreeRow => ({ uri, name, depth, kind, format: 'node', masked: false, access: [], writable: false, deletable: false });
  for (let mo = 0; rows.length < count; mo++) {
    const moid = `urn:oma:mo:ext-bench-${mo}:1.0`;
    rows.push(node(moid, moid, 0, 'mo'));
    for (let i = 0; i < 100 && rows.length < count; i++) {
      const base = `${moid}/i${i}/`;
      rows.push(node(base, `i${i}`, 1, 'instance'));
      rows.push(node(`${base}Group`, 'Group', 2, 'interior'));
      for (let l = 0; l < 8 && rows.length < count; l++) rows.push(leaf(`${base}Group/Leaf${l}`, `Leaf${l}`, 3, rows.length));
    }
  }
  return rows;
}

/** A {@link DeviceTree} around {@link syntheticRows}. */
export function syntheticTree(count: number): DeviceTree {
  return { devId: 'IMEI:000000000000000', version: 'b'.repeat(64), serverId: 'bootbench-station', readAtMs: 0, rows: syntheticRows(count), acls: [] };
}
