/** A small valid profile document (plain data, as a JSON/YAML parser returns it). */
export function minimalProfile(): Record<string, unknown> {
  return {
    schema: 'bootbench.profile/v1',
    id: 'test-profile',
    name: 'Test',
    version: '1',
    target: { models: ['Acme X1'] },
    accounts: [
      {
        authority: 'operator',
        serverId: 'op',
        serverUri: 'https://dm.example/dm2',
        name: 'Operator {imei}',
        permittedMoids: ['urn:oma:mo:oma-dm-devinfo:1.2', 'urn:oma:mo:oma-connmo-nap:1.0'],
        credential: { kind: 'device-csr', keyType: 'ec-p256', validityDays: 365 },
      },
    ],
    initialConfig: [{ moid: 'urn:oma:mo:oma-connmo-nap:1.0', miid: 'net', data: { NAP: { Name: 'N{counter:unit}', Addr: 'apn.example' } } }],
    variables: { counters: [{ name: 'unit', start: 1, width: 4 }] },
  };
}
