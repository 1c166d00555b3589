/**
 * DDF descriptions of the DM 2.0 core MOs: DMAcc 1.2, DevInfo 1.2, SessionInfo 1.0, DACMO 1.0.
 *
 * Node tables from digest §11.1–11.4. Where the digest says UNKNOWN (SessionInfo, DACMO) the
 * layout is our choice and is marked as such in the descriptions. AccessType policy: readable
 * leaves Get+Replace, secrets and bootstrap-only data Replace only (never Get), MO roots that a
 * server creates Add+Delete+Get+Replace.
 */
import type { DdfDocument } from '../ddf/model.js';
import { DYN, R, RW, W, ext, interior, leaf, moDocument } from './ddf-builder.js';
import { MOID_DACMO, MOID_DEVINFO, MOID_DMACC, MOID_SESSIONINFO } from './moids.js';

/** DM Account MO 1.2: one instance per DM server (digest §11.1). */
export const DMACC_DDF: DdfDocument = moDocument(
  interior(
    'DMAcc',
    'One DM server account. MOData root name DMAcc; the instance is named by its MIID.',
    [
      leaf('SrvID', 'chr', 'Server identifier, unique on the client; equals SERVER-ID in Package#0.', { access: RW, caseSense: 'CS' }),
      leaf('SrvURI', 'chr', 'DM server endpoint URI that sessions are opened to (target of Package#1).', { access: RW }),
      leaf('Name', 'chr', 'User-displayable server name.', { access: RW }),
      interior('Perm', 'Bootstrap-only permission information; never exposed (no Get).', [
        interior(null, 'One permitted MOID group.', [leaf('MOID', 'chr', 'An MOID this server may manage.', { access: W })], {
          occurrence: 'OneOrMore',
          access: W,
        }),
      ], { access: W }),
      interior(
        'Auth',
        'Credentials managed by the server.',
        [
          interior(
            'Bootstrap',
            'TLS material for the bootstrap server.',
            [
              leaf('ServerURI', 'chr', 'URI of the DM server acting as bootstrap server.', { access: RW }),
              leaf('SecMode', 'bin', 'TLS security mode (X.509 or PSK).', { access: RW, mime: 'application/octet-stream' }),
              leaf('ClientPubKey', 'bin', 'Client certificate (X.509) or PSK identity.', { access: W, mime: 'application/octet-stream' }),
              leaf('ServerPubKey', 'bin', 'Server certificate (X.509) or PSK identity.', { access: W, mime: 'application/octet-stream' }),
              leaf('ClientSecretKey', 'bin', 'Client private key (X.509) or PSK. Secret: never readable.', { access: W, mime: 'application/octet-stream' }),
            ],
            { occurrence: 'ZeroOrOne', access: RW },
          ),
          interior(
            'Noti',
            'Notification (Package#0) credentials; when present the client authenticates Package#0.',
            [
              leaf('Type', 'int', 'Notification authentication type.', { access: RW }),
              leaf('Data', 'bin', 'Authentication data for that type.', { access: RW, mime: 'application/octet-stream' }),
              leaf('Secret', 'bin', 'Authentication secret. Secret: never readable (our choice; the source table says Get).', {
                access: W,
                mime: 'application/octet-stream',
              }),
            ],
            { occurrence: 'ZeroOrOne', access: RW },
          ),
          interior(
            'Trsp',
            'Transport (TLS) credentials for this server.',
            [
              leaf('Data', 'bin', 'Client certificate or public key.', { access: RW, mime: 'application/octet-stream' }),
              leaf('Secret', 'bin', 'Client private key. Secret: never readable.', { access: W, mime: 'application/octet-stream' }),
            ],
            { occurrence: 'ZeroOrOne', access: RW },
          ),
        ],
        { occurrence: 'ZeroOrOne', access: RW },
      ),
      interior(
        'Push',
        'Platform or vendor push configuration.',
        [
          interior(
            'GCM',
            'GCM push configuration.',
            [
              leaf('SenderID', 'chr', 'GCM sender ID of the service.', { access: RW }),
              leaf('RegURI', 'chr', 'Where the client registers after a GCM register event.', { access: RW }),
              leaf('UnRegURI', 'chr', 'Where the client deregisters after an unregister event.', { access: RW }),
              leaf('RegParams', 'chr', 'Extra (de)registration parameters, encoded as a URI query component.', { access: RW }),
              ext(),
            ],
            { occurrence: 'ZeroOrOne', access: RW },
          ),
          ext('Other push mechanisms.'),
        ],
        { occurrence: 'ZeroOrOne', access: RW },
      ),
      ext(),
    ],
    { occurrence: 'ZeroOrMore', access: DYN, ddfName: MOID_DMACC },
  ),
);

const devLeaf = (name: string, description: string) => leaf(name, 'chr', description, { access: R });

/** DevInfo MO 1.2 (digest §11.2): DM 2.0 folds DevDetail's type and version nodes into DevInfo. */
export const DEVINFO_DDF: DdfDocument = moDocument(
  interior(
    'DevInfo',
    'Device information.',
    [
      interior('Bearer', 'Bearer-specific items.', [], { occurrence: 'ZeroOrOne' }),
      devLeaf('DevID', 'Device identifier, URN-like: IMEI:…, ESN:…, MEID:…, urn:uuid:…; also sent as OMADM-DevID.'),
      devLeaf('Man', 'Manufacturer.'),
      devLeaf('Mod', 'Model.'),
      devLeaf('DmV', 'DM client version, e.g. 2.0.'),
      devLeaf('Lang', 'Current user-interface language.'),
      devLeaf('DevType', 'Device type (phone, tablet, gateway, …).'),
      devLeaf('OEM', 'Original equipment manufacturer.'),
      devLeaf('FwV', 'Firmware version.'),
      devLeaf('SwV', 'Software version.'),
      devLeaf('HwV', 'Hardware version.'),
      ext(),
    ],
    { ddfName: MOID_DEVINFO },
  ),
);

/** SessionInfo MO 1.0: node list UNKNOWN in the sources; CBT and ROAMING seen in examples (our layout). */
export const SESSIONINFO_DDF: DdfDocument = moDocument(
  interior(
    'SessionInfo',
    'Session context the server reads at session start. Layout chosen by Bootbench (source node list UNKNOWN).',
    [
      leaf('CBT', 'int', 'Current bearer type: 0 any, 1 cellular, 2 WLAN, 3 wireline (PREFERRED-CON-TYPE code points; INFERRED).'),
      leaf('ROAMING', 'int', 'Roaming state: 0 unknown, 1 home network, 2 roaming (coding chosen by Bootbench).', { occurrence: 'ZeroOrOne' }),
      ext(),
    ],
    { ddfName: MOID_SESSIONINFO },
  ),
);

/**
 * Delegation Access Control MO 1.0: node list UNKNOWN in the sources. Our layout is the DM
 * engine's (`src-shared/protocol/dm/dacmo.ts`): one instance (MIID `dacmo`), root `DACMO`, one
 * `<n>` entry per protected MO instance the viewing server has rights on, rights joined by `+`.
 */
export const DACMO_DDF: DdfDocument = moDocument(
  interior(
    'DACMO',
    'Access rights on MO instances, as the viewing server sees them. Layout chosen by Bootbench (source node list UNKNOWN).',
    [
      interior(
        null,
        'One protected MO instance.',
        [
          leaf('MOID', 'chr', 'MOID of the protected MO instance.', { access: RW }),
          leaf('MIID', 'chr', 'MIID of the protected MO instance.', { access: RW }),
          leaf('Creator', 'chr', 'SrvID of the creator, or "local" when a local application created the instance.'),
          interior(
            'Perm',
            'Rights per server: every server where the viewer holds Delegate, else only the viewer.',
            [
              interior(
                null,
                'Rights of one server.',
                [
                  leaf('SrvID', 'chr', 'The server (DMAcc SrvID) the rights are granted to.', { access: RW, caseSense: 'CS' }),
                  leaf('Rights', 'chr', 'Rights joined by "+", a subset of Read, Write, Execute, Delegate (e.g. Read+Write); empty revokes on write.', {
                    access: RW,
                  }),
                ],
                { occurrence: 'ZeroOrMore', access: DYN },
              ),
            ],
            { access: RW },
          ),
        ],
        { occurrence: 'ZeroOrMore', access: DYN },
      ),
    ],
    { access: RW, ddfName: MOID_DACMO },
  ),
);
