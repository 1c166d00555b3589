/**
 * DDF descriptions of the DM 1.x functional MOs usable under DM 2.0: FUMO, SCOMO, LAWMO, DCMO,
 * DiagMon and ConnMO (NAP, Proxy).
 *
 * FUMO follows digest §11.5 closely. SCOMO, LAWMO, DCMO, DiagMon and ConnMO layouts are marked
 * INFERRED in the digest (recalled, not verified); ours are minimal, consistent subsets and each
 * root's description says so.
 */
import type { DdfDocument, DdfNode } from '../ddf/model.js';
import { DYN, RW, W, X, ext, interior, leaf, moDocument, operation } from './ddf-builder.js';
import { MOID_CONNMO_NAP, MOID_CONNMO_PROXY, MOID_DCMO, MOID_DIAGMON, MOID_FUMO, MOID_LAWMO, MOID_SCOMO } from './moids.js';

const INFERRED = 'Layout INFERRED (digest §11.5); Bootbench subset.';

const pkgUrl = (): DdfNode => leaf('PkgURL', 'chr', 'URL the package is downloaded from.', { access: RW });

/** Firmware Update MO 1.0 (digest §11.5). State values 10–100; Exec answers 202 then a Generic Alert. */
export const FUMO_DDF: DdfDocument = moDocument(
  interior(
    'FUMO',
    'One firmware update package.',
    [
      leaf('PkgName', 'chr', 'Package name.', { occurrence: 'ZeroOrOne', access: RW }),
      leaf('PkgVersion', 'chr', 'Package version.', { occurrence: 'ZeroOrOne', access: RW }),
      interior('Download', 'Exec: download the package from PkgURL.', [pkgUrl()], { occurrence: 'ZeroOrOne', access: X }),
      interior('Update', 'Exec: install the package in PkgData.', [leaf('PkgData', 'bin', 'The package bytes.', { access: W, mime: 'application/octet-stream' })], {
        occurrence: 'ZeroOrOne',
        access: X,
      }),
      interior('DownloadAndUpdate', 'Exec: download from PkgURL, then install.', [pkgUrl()], { occurrence: 'ZeroOrOne', access: X }),
      leaf('State', 'int', 'Update state: 10 idle … 100 update successful without data.'),
      ext(),
    ],
    { occurrence: 'ZeroOrMore', access: DYN, ddfName: MOID_FUMO },
  ),
);

const pkgFields = (): DdfNode[] => [
  leaf('PkgID', 'chr', 'Package identifier.', { access: RW }),
  leaf('Name', 'chr', 'Package name.', { access: RW }),
  leaf('Description', 'chr', 'Package description.', { occurrence: 'ZeroOrOne', access: RW }),
  leaf('Status', 'int', 'Status of the last operation.'),
];

/** Software Component MO 1.0: download, delivered and deployed components. */
export const SCOMO_DDF: DdfDocument = moDocument(
  interior(
    'SCOMO',
    `Software components. ${INFERRED}`,
    [
      interior(
        'Download',
        'Packages to download.',
        [
          interior(
            null,
            'One package to download.',
            [
              ...pkgFields(),
              pkgUrl(),
              leaf('EnvType', 'chr', 'Execution environment type.', { occurrence: 'ZeroOrOne', access: RW }),
              leaf('PkgType', 'chr', 'Package MIME type.', { occurrence: 'ZeroOrOne', access: RW }),
              interior('Operations', 'Operations on the package.', [
                operation('Download', 'Download the package.'),
                operation('DownloadInstall', 'Download and install the package.'),
                operation('DownloadInstallInactive', 'Download and install without activating.'),
              ]),
              ext(),
            ],
            { occurrence: 'ZeroOrMore', access: DYN },
          ),
        ],
        { occurrence: 'ZeroOrOne' },
      ),
      interior(
        'Inventory',
        'What the device holds.',
        [
          interior(
            'Delivered',
            'Delivered, not yet installed packages.',
            [
              interior(
                null,
                'One delivered package.',
                [
                  ...pkgFields(),
                  leaf('Data', 'bin', 'Package bytes.', { occurrence: 'ZeroOrOne', access: W, mime: 'application/octet-stream' }),
                  leaf('InstallParams', 'chr', 'Installer parameters.', { occurrence: 'ZeroOrOne', access: RW }),
                  interior('Operations', 'Operations on the package.', [
                    operation('Install', 'Install and activate.'),
                    operation('InstallInactive', 'Install without activating.'),
                    operation('Remove', 'Remove the package.'),
                  ]),
                  ext(),
                ],
                { occurrence: 'ZeroOrMore', access: DYN },
              ),
            ],
            { occurrence: 'ZeroOrOne' },
          ),
          interior(
            'Deployed',
            'Installed components.',
            [
              interior(
                null,
                'One installed component.',
                [
                  leaf('ID', 'chr', 'Component identifier.'),
                  leaf('PkgIDRef', 'chr', 'Package the component came from.', { occurrence: 'ZeroOrOne' }),
                  leaf('Name', 'chr', 'Component name.'),
                  leaf('Description', 'chr', 'Component description.', { occurrence: 'ZeroOrOne' }),
                  leaf('Version', 'chr', 'Component version.'),
                  leaf('State', 'int', 'Component state (active or inactive).'),
                  interior('Operations', 'Operations on the component.', [
                    operation('Activate', 'Activate the component.'),
                    operation('Deactivate', 'Deactivate the component.'),
                    operation('Remove', 'Remove the component.'),
                  ]),
                  ext(),
                ],
                { occurrence: 'ZeroOrMore', access: DYN },
              ),
            ],
            { occurrence: 'ZeroOrOne' },
          ),
        ],
        { occurrence: 'ZeroOrOne' },
      ),
      ext(),
    ],
    { ddfName: MOID_SCOMO },
  ),
);

/** Lock And Wipe MO 1.0. */
export const LAWMO_DDF: DdfDocument = moDocument(
  interior(
    'LAWMO',
    `Lock and wipe. ${INFERRED}`,
    [
      leaf('State', 'int', 'Lock state: fully locked, partially locked or unlocked.'),
      interior(
        'AvailableWipeList',
        'Data that can be wiped.',
        [
          interior(
            null,
            'One wipeable item.',
            [leaf('ListItemName', 'chr', 'Name of the item.'), leaf('ToBeWiped', 'bool', 'Whether Wipe removes it.', { access: RW })],
            { occurrence: 'ZeroOrMore' },
          ),
        ],
        { occurrence: 'ZeroOrOne' },
      ),
      interior('LAWMOConfig', 'Configuration.', [leaf('NotifyUser', 'bool', 'Notify the user before an operation.', { access: RW })], {
        occurrence: 'ZeroOrOne',
      }),
      interior('Operations', 'Operations.', [
        operation('FullyLock', 'Lock the device completely.'),
        operation('PartiallyLock', 'Lock all but emergency functions.'),
        operation('UnLock', 'Unlock the device.'),
        operation('FactoryReset', 'Reset to factory state.'),
        operation('Wipe', 'Wipe the items marked ToBeWiped.'),
      ]),
      ext(),
    ],
    { ddfName: MOID_LAWMO },
  ),
);

/** Device Capability MO 1.0: one instance per capability. */
export const DCMO_DDF: DdfDocument = moDocument(
  interior(
    'DCMO',
    `One device capability. ${INFERRED}`,
    [
      leaf('Property', 'chr', 'Capability name (e.g. Camera).'),
      leaf('Group', 'chr', 'Capability group.', { occurrence: 'ZeroOrOne' }),
      leaf('Description', 'chr', 'Description.', { occurrence: 'ZeroOrOne' }),
      leaf('Attached', 'bool', 'Whether the capability is attached.', { occurrence: 'ZeroOrOne' }),
      leaf('Enabled', 'bool', 'Whether the capability is enabled.'),
      interior('DCMOConfig', 'Configuration.', [leaf('LocalUIEnabled', 'bool', 'Whether the user may change it locally.', { access: RW })], {
        occurrence: 'ZeroOrOne',
      }),
      interior('Operations', 'Operations.', [operation('Enable', 'Enable the capability.'), operation('Disable', 'Disable the capability.')]),
      ext(),
    ],
    { occurrence: 'ZeroOrMore', access: DYN, ddfName: MOID_DCMO },
  ),
);

/** Diagnostics and Monitoring MO 1.0: diagnostic functions by their function MOID. */
export const DIAGMON_DDF: DdfDocument = moDocument(
  interior(
    'DiagMon',
    `Diagnostics and monitoring. ${INFERRED}`,
    [
      interior(
        'Functions',
        'Diagnostic functions.',
        [
          interior(
            null,
            'One diagnostic function.',
            [
              leaf('Name', 'chr', 'Function name.'),
              leaf('MOID', 'chr', 'Function MO identifier, e.g. urn:oma:mo:oma-diag:battery:1.0.'),
              leaf('Enabled', 'bool', 'Whether the function runs.', { access: RW }),
              interior('Operations', 'Operations.', [operation('Start', 'Start the function.'), operation('Stop', 'Stop the function.')]),
              ext(),
            ],
            { occurrence: 'ZeroOrMore', access: DYN },
          ),
        ],
        { occurrence: 'ZeroOrOne' },
      ),
      leaf('Status', 'int', 'Status of the last operation.', { occurrence: 'ZeroOrOne' }),
      ext(),
    ],
    { ddfName: MOID_DIAGMON },
  ),
);

/** ConnMO network access point 1.0. */
export const CONNMO_NAP_DDF: DdfDocument = moDocument(
  interior(
    'NAP',
    `One network access point. ${INFERRED}`,
    [
      leaf('Name', 'chr', 'Displayable name.', { access: RW }),
      leaf('Addr', 'chr', 'Address (APN, SSID, phone number, …).', { access: RW }),
      leaf('AddrType', 'chr', 'Address type (APN, E164, IPv4, …).', { access: RW }),
      leaf('BearerType', 'chr', 'Bearer type (3GPP-PS, WLAN, …).', { access: RW }),
      interior(
        'Credentials',
        'Access credentials.',
        [
          interior(
            null,
            'One credential set.',
            [
              leaf('AuthType', 'chr', 'Authentication type (PAP, CHAP, …).', { access: RW }),
              leaf('AuthName', 'chr', 'User name.', { access: RW }),
              leaf('AuthSecret', 'chr', 'Password. Secret: never readable.', { access: W }),
            ],
            { occurrence: 'ZeroOrMore', access: DYN },
          ),
        ],
        { occurrence: 'ZeroOrOne' },
      ),
      ext(),
    ],
    { occurrence: 'ZeroOrMore', access: DYN, ddfName: MOID_CONNMO_NAP },
  ),
);

/** ConnMO proxy 1.0. */
export const CONNMO_PROXY_DDF: DdfDocument = moDocument(
  interior(
    'Proxy',
    `One proxy. ${INFERRED}`,
    [
      leaf('ProxyID', 'chr', 'Proxy identifier.', { access: RW }),
      leaf('Name', 'chr', 'Displayable name.', { access: RW }),
      leaf('Addr', 'chr', 'Proxy address.', { access: RW }),
      leaf('AddrType', 'chr', 'Address type (IPv4, IPv6, FQDN).', { access: RW }),
      interior('Ports', 'Ports.', [interior(null, 'One port.', [leaf('PortNbr', 'int', 'Port number.', { access: RW })], { occurrence: 'ZeroOrMore', access: DYN })], {
        occurrence: 'ZeroOrOne',
      }),
      interior('ConRef', 'Network access points this proxy is reached through.', [
        interior(null, 'One reference.', [leaf('NAPRef', 'chr', 'ClientURI of a ConnMO NAP instance.', { access: RW })], { occurrence: 'ZeroOrMore', access: DYN }),
      ], { occurrence: 'ZeroOrOne' }),
      ext(),
    ],
    { occurrence: 'ZeroOrMore', access: DYN, ddfName: MOID_CONNMO_PROXY },
  ),
);
