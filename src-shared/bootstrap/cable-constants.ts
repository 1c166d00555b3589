/**
 * Fixed names both ends of a cable bootstrap agree on (docs/cable-bootstrap.md §2): the station's
 * bootstrap-server identity that a Bootbench device carries from the factory, the origin of the
 * URLs the device reaches over the link, and the MOID of the trust-anchor MO.
 */
import { KEYGEN_MOID } from '../pki/keygen-mo.js';
import { STANDARD_MOIDS } from '../protocol/dm/mo-ids.js';

/** SrvID of the station acting as bootstrap server (the factory DMAcc instance on the device). */
export const BOOTSTRAP_SERVER_ID = 'bootbench-station';

/** MIID of the factory bootstrap account on the device. */
export const BOOTSTRAP_ACCOUNT_MIID = 'bootstrap';

/**
 * Origin of every URL the device reaches over the cable. Requests travel as origin-form targets
 * (`/dm`, `/repo/...`); the host name is only a label and is never resolved.
 */
export const LINK_ORIGIN = 'http://station.link';

/** Path of the station's DM entry point behind the link. */
export const LINK_DM_PATH = '/dm';

/** Path prefix of the station's data repository behind the link. */
export const LINK_REPO_PATH = '/repo';

/** MOID of the Bootbench trust-anchor MO (one instance per anchor: `TrustAnchor/{Name,Cert}`). */
export const TRUST_ANCHOR_MOID = 'urn:oma:mo:ext-bootbench-trustanchor:1.0';

/** Root node name of a trust-anchor instance. */
export const TRUST_ANCHOR_ROOT = 'TrustAnchor';

/**
 * MOIDs the factory bootstrap account may manage: DMAcc, DevInfo, the DACMO (to grant rights),
 * trust anchors. A device adds the MOIDs of the configuration MOs it accepts from the cable.
 */
export const FACTORY_BOOTSTRAP_GRANTS: readonly string[] = [STANDARD_MOIDS.dmAcc, STANDARD_MOIDS.devInfo, STANDARD_MOIDS.dacmo, TRUST_ANCHOR_MOID, KEYGEN_MOID];

/** Bootstrap state a device reports (AT+BBSTATE?). */
export type DeviceBootstrapState = 'factory' | 'bootstrapped' | 'complete';

/** Every {@link DeviceBootstrapState}, for parsing. */
export const DEVICE_BOOTSTRAP_STATES: readonly DeviceBootstrapState[] = ['factory', 'bootstrapped', 'complete'];
