import {
  STANDARD_MOIDS,
  createInstance,
  emptyTree,
  makeInterior,
  makeLeaf,
  setPermissions,
  RIGHTS,
  type InteriorNode,
  type ManagementTree,
  type TreeNode,
} from '../../../src-shared/protocol/dm/index.js';

/** Plain subtree description: strings are chr leaves, objects interior nodes. */
export type Plain = string | { readonly [name: string]: Plain };

function nodeOf(plain: Plain): TreeNode {
  if (typeof plain === 'string') return makeLeaf({ format: 'chr', value: plain });
  return makeInterior(Object.entries(plain).map(([k, v]) => [k, nodeOf(v)] as const));
}

/** Adds a locally created instance to a tree. */
export function withInstance(tree: ManagementTree, moid: string, miid: string, rootName: string, plain: { readonly [name: string]: Plain }): ManagementTree {
  const r = createInstance(tree, { moid, miid, rootName, root: nodeOf(plain) as InteriorNode, creator: { kind: 'local' } });
  if (r.status !== 'ok') throw new Error(r.detail);
  return r.value;
}

export const FUMO = 'urn:oma:mo:oma-fumo:1.0';
export const APP = 'urn:oma:mo:ex-app:1.0';
export const { dmAcc: DMACC, devInfo: DEVINFO } = STANDARD_MOIDS;
export const DEV_ID = 'IMEI:356938035643809';
export const SERVER_ID = 'bootbench-dms';
/** Base64 of the notification secret held in DMAcc Auth/Noti/Secret. */
export const NOTI_SECRET_B64 = Buffer.from('notification secret of bootbench-dms').toString('base64');

/** A device tree: DevInfo, FUMO and APP instances (all rights for {@link SERVER_ID}) and its DMAcc granting those MOIDs. */
export function deviceTree(srvUri: string): ManagementTree {
  let tree = withInstance(emptyTree(), DEVINFO, 'di', 'DevInfo', { DevID: DEV_ID, Man: 'Acme', Mod: 'Gateway-7', DmV: '2.0' });
  tree = withInstance(tree, FUMO, 'main', 'FUMO', { PkgName: 'fw', State: '10', DownloadAndUpdate: { PkgURL: 'http://127.0.0.1/none' } });
  tree = withInstance(tree, APP, 'old', 'App', { Name: 'legacy', Mode: 'on' });
  for (const [moid, miid] of [[DEVINFO, 'di'], [FUMO, 'main'], [APP, 'old']] as const) {
    const r = setPermissions(tree, moid, miid, SERVER_ID, RIGHTS);
    if (r.status !== 'ok') throw new Error(r.detail);
    tree = r.value;
  }
  return withInstance(tree, DMACC, 'acc1', 'DMAcc', {
    SrvID: SERVER_ID,
    SrvURI: srvUri,
    Name: SERVER_ID,
    Perm: { 1: { MOID: DEVINFO }, 2: { MOID: FUMO }, 3: { MOID: APP } },
    Auth: { Noti: { Secret: NOTI_SECRET_B64 } },
  });
}
