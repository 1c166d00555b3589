/**
 * The factory image of a Bootbench device: DevInfo plus the bootstrap account that lets the
 * station, reached over the cable, act as bootstrap server (a factory bootstrap of the bootstrap
 * server, digest §10.1 type 1). Nothing else: accounts for real servers arrive by cable bootstrap.
 */
import { ProvisioningError } from '../errors/provisioning-error.js';
import { STANDARD_MOIDS } from '../protocol/dm/mo-ids.js';
import { decodeMoSerialization } from '../protocol/dm/serialization.js';
import { createInstances, setPermissions, emptyTree } from '../protocol/dm/tree/tree.js';
import type { InteriorNode, ManagementTree } from '../protocol/dm/tree/types.js';
import { dmAccEntry } from '../protocol/mo/dmacc.js';
import { devInfoEntry } from '../protocol/mo/devinfo.js';
import { BOOTSTRAP_ACCOUNT_MIID, BOOTSTRAP_SERVER_ID, FACTORY_BOOTSTRAP_GRANTS, LINK_DM_PATH, LINK_ORIGIN } from './cable-constants.js';

/** What the factory writes about the device. */
export interface FactoryIdentity {
  /** 15-digit IMEI (DevID becomes `IMEI:<imei>`). */
  readonly imei: string;
  readonly manufacturer: string;
  readonly model: string;
  readonly firmware: string;
}

/** The OMADM-DevID of a device with this IMEI. */
export function devIdOf(imei: string): string {
  return `IMEI:${imei}`;
}

/**
 * Builds the factory tree. `extraGrants` are configuration MOIDs the device lets the bootstrap
 * server create (beyond {@link FACTORY_BOOTSTRAP_GRANTS}). The station may read DevInfo.
 */
export function factoryTree(identity: FactoryIdentity, extraGrants: readonly string[] = []): ManagementTree {
  const moids = [...new Set([...FACTORY_BOOTSTRAP_GRANTS, ...extraGrants])];
  const entries = decodeMoSerialization([
    devInfoEntry({ devId: devIdOf(identity.imei), man: identity.manufacturer, mod: identity.model, dmV: '2.0', lang: 'en-US', devType: 'handset', oem: identity.manufacturer, fwV: identity.firmware, swV: identity.firmware, hwV: '1.0' }, 'di'),
    dmAccEntry({ srvId: BOOTSTRAP_SERVER_ID, srvUri: `${LINK_ORIGIN}${LINK_DM_PATH}`, name: 'Bootbench station (cable)', permittedMoids: moids }, BOOTSTRAP_ACCOUNT_MIID),
  ]);
  const created = createInstances(
    emptyTree(),
    entries.map((e) => {
      const sel = e.clientUri.instance;
      if (sel.kind !== 'miid') throw new ProvisioningError('INTERNAL', 'factory entries name their MIID');
      return { moid: e.clientUri.moid, miid: sel.miid, rootName: e.name, root: e.node as InteriorNode, creator: { kind: 'local' } };
    }),
  );
  if (created.status !== 'ok') throw new ProvisioningError('INTERNAL', `factory tree: ${created.detail}`);
  const read = setPermissions(created.value, STANDARD_MOIDS.devInfo, 'di', BOOTSTRAP_SERVER_ID, ['Read']);
  if (read.status !== 'ok') throw new ProvisioningError('INTERNAL', `factory tree: ${read.detail}`);
  return read.value;
}
