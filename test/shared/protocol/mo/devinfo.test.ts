import { describe, expect, test } from 'vitest';
import { devInfoEntry, readDevInfo, readDevInfoEntry, type DevInfo } from '../../../../src-shared/protocol/mo/devinfo.js';

const info: DevInfo = {
  devId: 'IMEI:356938035643809',
  man: 'Acme',
  mod: 'Gateway-7',
  dmV: '2.0',
  lang: 'en-US',
  devType: 'gateway',
  oem: 'Acme',
  fwV: '7.1.2',
  swV: '3.4.0',
  hwV: 'B',
};

describe('DevInfo MOData', () => {
  test('builds the digest §5.3 example', () => {
    expect(devInfoEntry(info, 'di')).toEqual({
      ClientURI: 'urn:oma:mo:oma-dm-devinfo:1.2/di/',
      MOData: { DevInfo: { DevID: 'IMEI:356938035643809', Man: 'Acme', Mod: 'Gateway-7', DmV: '2.0', Lang: 'en-US', DevType: 'gateway', OEM: 'Acme', FwV: '7.1.2', SwV: '3.4.0', HwV: 'B' } },
    });
  });

  test('reads entries under the 1.2 and the legacy 1.0 MOID, ignoring Bearer and Ext', () => {
    const entry = JSON.parse(JSON.stringify(devInfoEntry(info, 'di'))) as { ClientURI: string; MOData: { DevInfo: Record<string, unknown> } };
    expect(readDevInfoEntry(entry)).toEqual({ ok: true, value: info });
    entry.ClientURI = 'urn:oma:mo:oma-dm-devinfo:1.0/di/';
    entry.MOData.DevInfo['Ext'] = { vendor: 'x' };
    expect(readDevInfoEntry(entry)).toEqual({ ok: true, value: info });
    expect(readDevInfoEntry({ ...entry, ClientURI: 'urn:oma:mo:oma-dm-dmacc:1.2/di/' })).toMatchObject({ ok: false });
  });

  test('missing or malformed nodes are typed errors', () => {
    expect(readDevInfo({ DevInfo: { ...devInfoEntry(info, 'x').MOData['DevInfo'] as object, DevID: '12345' } })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/devId/) },
    });
    expect(readDevInfo({ DevInfo: { Man: 'a' } })).toMatchObject({ ok: false });
    expect(readDevInfo(JSON.parse('{"DevInfo":{"constructor":"x"}}'))).toMatchObject({ ok: false, error: { message: expect.stringMatching(/reserved/) } });
  });
});
