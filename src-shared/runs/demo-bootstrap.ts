/**
 * The bootstrap description the station applies when no profile is selected: the demo that makes
 * a built-in simulated handset really provisionable (one operator account, an APN and settings
 * instance). It carries no secrets; a line station selects a real profile (docs/runs.md).
 */
export const DEMO_BOOTSTRAP_DESCRIPTION = {
  version: 1,
  accounts: [
    {
      miid: 'operator',
      srvId: 'dm.operator.example',
      srvUri: 'https://dm.operator.example/dm2',
      name: 'Operator DM server (demo)',
      permittedMoids: ['urn:oma:mo:oma-dm-devinfo:1.2', 'urn:oma:mo:ext-bootbench-apn:1.0', 'urn:oma:mo:ext-bootbench-settings:1.0'],
    },
  ],
  trustAnchors: [],
  config: [
    {
      ClientURI: 'urn:oma:mo:ext-bootbench-apn:1.0/internet/',
      MOData: { APN: { Name: 'internet.operator.example', Auth: 'NONE', IPType: 'IPV4V6', Roaming: 'false' } },
      grants: [{ srvId: 'dm.operator.example', rights: ['Read', 'Write'] }],
    },
    {
      ClientURI: 'urn:oma:mo:ext-bootbench-settings:1.0/main/',
      MOData: { Settings: { Locale: 'en-US', TimeZone: 'UTC', Banner: 'Provisioned by Bootbench (demo profile)' } },
      grants: [{ srvId: 'dm.operator.example', rights: ['Read'] }],
    },
  ],
} as const;
