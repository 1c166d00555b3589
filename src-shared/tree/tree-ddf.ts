/**
 * DDF lookups for the tree inspector: the description of a node (format, AccessType, text) by
 * MOID and path, from the standard MO descriptions plus those of Bootbench's own configuration
 * MOs (APN, settings, trust anchors), which have no published DDF.
 */
import { TRUST_ANCHOR_MOID } from '../bootstrap/cable-constants.js';
import type { AccessType, DdfDocument, DdfNode } from '../protocol/ddf/model.js';
import { DYN, RW, W, interior, leaf, moDocument } from '../protocol/mo/ddf-builder.js';
import { STANDARD_DDFS } from '../protocol/mo/standard-ddfs.js';

/** MOID of the Bootbench APN configuration MO (simulated handsets accept it from the cable). */
export const APN_MOID = 'urn:oma:mo:ext-bootbench-apn:1.0';
/** MOID of the Bootbench device settings MO. */
export const SETTINGS_MOID = 'urn:oma:mo:ext-bootbench-settings:1.0';

const APN_DDF = moDocument(
  interior('APN', 'One packet data access point.', [
    leaf('Name', 'chr', 'Access point name.', { access: RW }),
    leaf('Auth', 'chr', 'Authentication: NONE, PAP or CHAP.', { access: RW }),
    leaf('User', 'chr', 'User name.', { access: RW }),
    leaf('Password', 'chr', 'Password. Secret: never readable.', { access: W }),
    leaf('MTU', 'int', 'Maximum transmission unit, bytes.', { access: RW }),
    leaf('IPType', 'chr', 'IPV4, IPV6 or IPV4V6.', { access: RW }),
    leaf('Roaming', 'bool', 'Usable while roaming.', { access: RW }),
  ], { access: DYN, occurrence: 'ZeroOrMore', ddfName: APN_MOID }),
);

const SETTINGS_DDF = moDocument(
  interior('Settings', 'Device settings.', [
    leaf('Locale', 'chr', 'BCP 47 language tag.', { access: RW }),
    leaf('TimeZone', 'chr', 'IANA time zone.', { access: RW }),
    interior('ScreenLock', 'Screen lock.', [
      leaf('Enabled', 'bool', 'Screen lock on.', { access: RW }),
      leaf('TimeoutS', 'int', 'Seconds before the screen locks.', { access: RW }),
      leaf('ExpiresOn', 'date', 'Date the lock policy expires (ISO 8601).', { access: RW, occurrence: 'ZeroOrOne' }),
      leaf('QuietFrom', 'time', 'Time of day notifications go quiet (ISO 8601).', { access: RW, occurrence: 'ZeroOrOne' }),
    ], { access: RW }),
    interior('Wifi', 'Wi-Fi network.', [
      leaf('Ssid', 'chr', 'Network name.', { access: RW }),
      leaf('Security', 'chr', 'OPEN, WPA2 or WPA3.', { access: RW }),
      leaf('Passphrase', 'chr', 'Network passphrase. Secret: never readable.', { access: W }),
    ], { access: RW, occurrence: 'ZeroOrOne' }),
    leaf('Telemetry', 'chr', 'on or off.', { access: RW }),
    leaf('Brightness', 'float', 'Screen brightness, 0 to 1.', { access: RW, occurrence: 'ZeroOrOne' }),
    leaf('Banner', 'chr', 'Lock-screen banner text.', { access: RW }),
  ], { access: DYN, occurrence: 'ZeroOrMore', ddfName: SETTINGS_MOID }),
);

const TRUST_ANCHOR_DDF = moDocument(
  interior('TrustAnchor', 'One trust anchor pushed by the bootstrap.', [
    leaf('Name', 'chr', 'Display name.', { access: RW }),
    leaf('Cert', 'bin', 'Certificate, DER (base64 in MOData).', { access: RW, mime: 'application/pkix-cert' }),
  ], { access: DYN, occurrence: 'ZeroOrMore', ddfName: TRUST_ANCHOR_MOID }),
);

/** Every MO description the inspector knows, by MOID. */
export const TREE_DDFS: ReadonlyMap<string, DdfDocument> = new Map<string, DdfDocument>([
  ...STANDARD_DDFS.map((d) => [d.moid, d.document] as const),
  [APN_MOID, APN_DDF],
  [SETTINGS_MOID, SETTINGS_DDF],
  [TRUST_ANCHOR_MOID, TRUST_ANCHOR_DDF],
]);

/** The child description matching a node name: an exact name first, else the placeholder `<x>`. */
export function ddfChild(node: DdfNode, name: string): DdfNode | undefined {
  return node.children.find((c) => c.name === name) ?? node.children.find((c) => c.name === null);
}

/** The description of the node at `path` (below the instance root) of an MO, if described. */
export function ddfNodeAt(moid: string, path: readonly string[]): DdfNode | undefined {
  let node = TREE_DDFS.get(moid)?.nodes[0];
  for (const segment of path) {
    if (node === undefined) return undefined;
    node = ddfChild(node, segment);
  }
  return node;
}

/** True when a description says a node can never be read (a secret such as a key or password). */
export function isWriteOnly(access: readonly AccessType[]): boolean {
  return access.length > 0 && !access.includes('Get');
}
