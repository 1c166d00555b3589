import { describe, expect, test } from 'vitest';
import { decodeMoSerialization } from '../../../../src-shared/protocol/dm/serialization.js';
import { dmAccEntry, dmAccMoData, readDmAcc, type DmAccAccount } from '../../../../src-shared/protocol/mo/dmacc.js';
import { formatHookFromDdfs } from '../../../../src-shared/protocol/mo/format-hook.js';
import { ProvisioningError } from '../../../../src-shared/errors/provisioning-error.js';

const secret = Uint8Array.from([0xde, 0xad, 0xbe, 0xef]);
const account: DmAccAccount = {
  srvId: 'dms.acme.example',
  srvUri: 'https://dms.acme.example/dm2',
  name: 'Acme DM',
  permittedMoids: ['urn:oma:mo:oma-fumo:1.0', 'urn:oma:mo:oma-dm-devinfo:1.2'],
  auth: {
    trsp: { data: Uint8Array.from([1, 2, 3]), secret },
    noti: { type: 1, data: Uint8Array.from([4]), secret },
  },
  push: { gcm: { senderId: '42', regUri: 'https://dms.acme.example/reg', unRegUri: 'https://dms.acme.example/unreg', regParams: 'a=1&b=2' } },
};

describe('DMAcc MOData', () => {
  test('builds the digest §11.1 shape', () => {
    expect(dmAccEntry(account, 'acme')).toEqual({
      ClientURI: 'urn:oma:mo:oma-dm-dmacc:1.2/acme/',
      MOData: {
        DMAcc: {
          SrvID: 'dms.acme.example',
          SrvURI: 'https://dms.acme.example/dm2',
          Name: 'Acme DM',
          Perm: { '1': { MOID: 'urn:oma:mo:oma-fumo:1.0' }, '2': { MOID: 'urn:oma:mo:oma-dm-devinfo:1.2' } },
          Auth: { Trsp: { Data: 'AQID', Secret: '3q2+7w==' }, Noti: { Type: '1', Data: 'BA==', Secret: '3q2+7w==' } },
          Push: { GCM: { SenderID: '42', RegURI: 'https://dms.acme.example/reg', UnRegURI: 'https://dms.acme.example/unreg', RegParams: 'a=1&b=2' } },
        },
      },
    });
  });

  test('reads back what it builds, through JSON', () => {
    const json = JSON.parse(JSON.stringify(dmAccMoData(account))) as unknown;
    expect(readDmAcc(json)).toEqual({ ok: true, value: account });
    const bootstrap: DmAccAccount = {
      ...account,
      auth: { bootstrap: { serverUri: 'https://boot.example/', secMode: Uint8Array.from([0]), clientPubKey: secret, serverPubKey: secret, clientSecretKey: secret } },
    };
    expect(readDmAcc(JSON.parse(JSON.stringify(dmAccMoData(bootstrap))))).toEqual({ ok: true, value: bootstrap });
  });

  test('the DM engine decodes the entry, with bin leaves typed by the standard DDF', () => {
    const [entry] = decodeMoSerialization([dmAccEntry(account, 'acme')], { formatOf: formatHookFromDdfs() });
    expect(entry!.name).toBe('DMAcc');
    const node = entry!.node as { kind: string; children: ReadonlyMap<string, unknown> | Record<string, unknown> };
    expect(node.kind).toBe('interior');
    const serialised = JSON.stringify(entry, (_k, v: unknown) => (v instanceof Map ? Object.fromEntries(v) : v instanceof Uint8Array ? Array.from(v) : v));
    expect(serialised).toContain('"format":"bin"');
    expect(serialised).toContain('[222,173,190,239]');
  });

  test('invalid accounts are typed INVALID_REQUEST errors that never echo secrets', () => {
    expect(() => dmAccMoData({ ...account, srvUri: 'ftp://x' })).toThrow(ProvisioningError);
    expect(() => dmAccMoData({ ...account, permittedMoids: [] })).toThrow(/permittedMoids/);
    expect(() => dmAccEntry(account, '__proto__')).toThrow();
    const moData = dmAccMoData(account) as { DMAcc: { Auth: { Trsp: { Secret: string } } } };
    const broken = JSON.parse(JSON.stringify(moData)) as typeof moData;
    broken.DMAcc.Auth.Trsp.Secret = 'not base64 SECRETVALUE';
    const result = readDmAcc(broken);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_REQUEST');
      expect(result.error.message).toBe('DMAcc/Auth/Trsp/Secret must be base64');
      expect(result.error.message).not.toContain('SECRETVALUE');
    }
  });

  test('hostile or malformed MOData is refused, never crashes', () => {
    const inputs: unknown[] = [
      null,
      'DMAcc',
      [],
      {},
      { DMAcc: {}, Other: {} },
      JSON.parse('{"DMAcc":{"__proto__":{"x":1}}}'),
      JSON.parse('{"__proto__":{"SrvID":"a"}}'),
      { DMAcc: { SrvID: 'a', SrvURI: 'https://a', Name: 'n', Perm: { '1': { MOID: 5 } } } },
      { DMAcc: { SrvID: 'a', SrvURI: 'https://a', Name: 'n', Perm: {}, Unknown: '1' } },
    ];
    for (const input of inputs) {
      const result = readDmAcc(input);
      expect(result.ok, JSON.stringify(input)).toBe(false);
      if (!result.ok) expect(result.error).toBeInstanceOf(ProvisioningError);
    }
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});
