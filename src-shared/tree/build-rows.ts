/**
 * Builds the flat rows and access control lists of a {@link DeviceTree} from what a DM session
 * read: the MO instances (GET results) and the station's DACMO view. DDF formats and AccessType
 * come from {@link ddfNodeAt}; write-only leaves the DDF describes appear as masked rows (their
 * values never leave the device: the client engine cuts them out of every read).
 */
import type { AccessType } from '../protocol/ddf/model.js';
import { leafText } from '../protocol/dm/tree/values.js';
import type { Right, TreeNode } from '../protocol/dm/tree/types.js';
import { RIGHTS } from '../protocol/dm/tree/types.js';
import { ddfNodeAt, isWriteOnly } from './tree-ddf.js';
import type { InstanceAcl, TreeRow } from './tree-schema.js';

/** One MO instance as read. */
export interface ReadInstance {
  readonly moid: string;
  readonly miid: string;
  readonly root: TreeNode;
}

function childText(node: TreeNode | undefined, name: string): string | undefined {
  if (node?.kind !== 'interior') return undefined;
  const c = node.children.get(name);
  return c?.kind === 'leaf' ? leafText(c) : undefined;
}

function parseRights(text: string | undefined): Right[] {
  if (text === undefined || text === '') return [];
  return text.split('+').filter((r): r is Right => (RIGHTS as readonly string[]).includes(r));
}

/** The ACLs in a DACMO view root (`DACMO/<n>/{MOID, MIID, Creator, Perm/<m>/{SrvID, Rights}}`). */
export function aclsFromDacmo(dacmo: TreeNode | undefined, serverId: string): InstanceAcl[] {
  if (dacmo?.kind !== 'interior') return [];
  const out: InstanceAcl[] = [];
  for (const entry of dacmo.children.values()) {
    const moid = childText(entry, 'MOID');
    const miid = childText(entry, 'MIID');
    if (moid === undefined || miid === undefined || entry.kind !== 'interior') continue;
    const perm = entry.children.get('Perm');
    const entries = perm?.kind === 'interior' ? [...perm.children.values()].flatMap((p) => {
      const srv = childText(p, 'SrvID');
      return srv === undefined ? [] : [{ serverId: srv, rights: parseRights(childText(p, 'Rights')) }];
    }) : [];
    out.push({ moid, miid, creator: childText(entry, 'Creator') ?? 'local', stationRights: entries.find((e) => e.serverId === serverId)?.rights ?? [], entries });
  }
  return out;
}

const canReplace = (access: readonly AccessType[] | undefined): boolean => access === undefined || access.includes('Replace');
const canDelete = (access: readonly AccessType[] | undefined, permanent: boolean | undefined): boolean => access === undefined ? !permanent : access.includes('Delete') && !permanent;

/** Flattens read instances into rows, in pre-order, grouped by MOID in the order first seen. */
export function buildRows(instances: readonly ReadInstance[], acls: readonly InstanceAcl[]): TreeRow[] {
  const rows: TreeRow[] = [];
  const byMoid = new Map<string, ReadInstance[]>();
  for (const i of instances) byMoid.set(i.moid, [...(byMoid.get(i.moid) ?? []), i]);
  const rightsOf = new Map(acls.map((a) => [`${a.moid}/${a.miid}/`, a.stationRights]));
  for (const [moid, list] of byMoid) {
    rows.push({ uri: moid, name: moid, depth: 0, kind: 'mo', format: 'node', masked: false, access: [], writable: false, deletable: false });
    for (const inst of list) {
      const base = `${moid}/${inst.miid}/`;
      // Without a DACMO entry the station holds the rights the read proved: Read at least.
      const mayWrite = (rightsOf.get(base) ?? []).includes('Write');
      const rootDdf = ddfNodeAt(moid, []);
      const rootAccess = rootDdf?.properties?.accessTypes;
      rows.push({ uri: base, name: inst.miid, depth: 1, kind: 'instance', format: 'node', masked: false, access: [...(rootAccess ?? [])], writable: false, deletable: mayWrite && canDelete(rootAccess, false), ...(rootDdf?.properties?.description === undefined ? {} : { description: rootDdf.properties.description }) });
      walk(inst.root, [], 2);
      function walk(node: TreeNode, path: readonly string[], depth: number): void {
        if (node.kind !== 'interior') return;
        for (const [name, child] of node.children) {
          const p = [...path, name];
          const props = ddfNodeAt(moid, p)?.properties;
          const uri = base + p.join('/');
          const permanent = props?.scope === 'Permanent';
          const common = { uri, name, depth, masked: false, access: [...(props?.accessTypes ?? [])], deletable: mayWrite && canDelete(props?.accessTypes, permanent), ...(props?.description === undefined ? {} : { description: props.description }) };
          if (child.kind === 'interior') {
            rows.push({ ...common, kind: 'interior', format: 'node', writable: false });
            walk(child, p, depth + 1);
          } else {
            const writeOnly = props !== undefined && isWriteOnly(props.accessTypes);
            const format = props === undefined || props.format === 'node' ? child.format : props.format;
            rows.push({ ...common, kind: 'leaf', format, masked: writeOnly, writable: mayWrite && canReplace(props?.accessTypes), ...(writeOnly ? {} : { value: leafText(child) }) });
          }
        }
        // Secrets the DDF describes here: shown masked, writable, never read.
        for (const d of ddfNodeAt(moid, path)?.children ?? []) {
          const dp = d.properties;
          if (d.name === null || dp === undefined || dp.format === 'node' || !isWriteOnly(dp.accessTypes) || node.children.has(d.name)) continue;
          const uri = base + [...path, d.name].join('/');
          rows.push({ uri, name: d.name, depth, kind: 'leaf', format: dp.format, masked: true, access: [...dp.accessTypes], writable: mayWrite && canReplace(dp.accessTypes), deletable: false, ...(dp.description === undefined ? {} : { description: dp.description }) });
        }
      }
    }
  }
  return rows;
}
