import { describe, expect, it } from 'vitest';
import { ProvisioningError } from '../../../../../src-shared/errors/index.js';
import {
  MEDIA_TYPES,
  SESSION_ALERTS,
  bootstrapCompleteAlert,
  clientInitiatedAlert,
  clientPackageHeaders,
  commandToRaw,
  decodePackage1,
  decodePackage2,
  encodePackage1,
  encodePackage2,
  encodePackage3,
  endsSession,
  notificationIdOf,
  parseCommand,
  parsePackage1Json,
  parsePackage2Json,
  parsePackage3Json,
  serverInitiatedAlert,
  statusName,
  type DmCommand,
} from '../../../../../src-shared/protocol/dm/index.js';

// Golden texts: the digest's composed examples (§2.3–2.5, Appendix A), compact JSON.
const P1 =
  '{"MOS":[{"DDF":"https://ddf.example.net/devinfo-1.2.ddf","MOID":"urn:oma:mo:oma-dm-devinfo:1.2","MIID":["di"]},{"MOID":"urn:oma:mo:oma-sessioninfomo:1.0","MIID":["si"]},{"DDF":"https://ddf.example.net/fumo-1.0.ddf","MOID":"urn:oma:mo:oma-fumo:1.0","MIID":["modem","main"]}],"Alert":[{"AlertType":"urn:oma:at:dm:2.0:ClientInitiatedMgmt"}]}';
const P2 =
  '{"CMD":[["CONT","https://dms.acme.example/dm2/s/9f3c"],["GET","urn:oma:mo:oma-dm-devinfo:1.2/di/FwV"],["HGET","https://repo.acme.example/jobs/9f3c/fumo","urn:oma:mo:oma-fumo:1.0/main/DownloadAndUpdate/PkgURL"],["EXEC","urn:oma:mo:oma-fumo:1.0/main/DownloadAndUpdate","https://dms.example.net/dm2/async"],["DEFAULT","urn:oma:mo:oma-fumo:1.0","https://repo.example.net/fumo"],["SUB","https://repo.example.net/sub","urn:oma:mo:oma-fumo:1.0/*/State"],["UNSUB","urn:oma:mo:oma-fumo:1.0/*/State"],["HPOST","https://repo.example.net/inv/1","urn:oma:mo:oma-dm-devinfo:1.2//","urn:oma:mo:oma-sessioninfomo:1.0//"],["HPUT","https://repo.example.net/inv/1","urn:oma:mo:oma-dm-devinfo:1.2/di/"],["DELETE","urn:oma:mo:oma-fumo:1.0/old/"],["SHOW","https://web.example.net/ui?s=1"],["END"]]}';
const P3 =
  '{"Status":[{"sc":200},{"sc":200,"MOS":[{"ClientURI":"urn:oma:mo:oma-dm-devinfo:1.2/di/FwV","MOData":{"FwV":"7.1.2"}}]},{"sc":200,"URI":["urn:oma:mo:oma-fumo:1.0/main/DownloadAndUpdate/PkgURL"]},{"sc":202}],"Alert":[{"AlertType":"urn:oma:at:scomo:1.0:OperationComplete","SourceURI":"urn:oma:mo:oma-scomo:1.0/sc1/Download/p9/Operations/DownloadInstall","TargetURI":"urn:oma:mo:oma-scomo:1.0/sc1/Inventory/Deployed/nav","Mark":"informational","DataType":"int","Data":{"DM1x":1200}}]}';

function violation(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ProvisioningError);
    expect((e as ProvisioningError).code).toBe('PROTOCOL_VIOLATION');
    return (e as ProvisioningError).message;
  }
  throw new Error('no error');
}

describe('Package#1', () => {
  it('decodes and re-encodes the golden package', () => {
    const p = parsePackage1Json(P1);
    expect(p.MOS?.[2]).toEqual({ DDF: 'https://ddf.example.net/fumo-1.0.ddf', MOID: 'urn:oma:mo:oma-fumo:1.0', MIID: ['modem', 'main'] });
    expect(p.Alert).toEqual([clientInitiatedAlert()]);
    expect(encodePackage1(p)).toBe(P1);
  });

  it('strips unknown members and rejects bad ones', () => {
    expect(decodePackage1({ MgmtTree: {}, Alert: [] })).toEqual({ Alert: [] });
    expect(violation(() => decodePackage1({ MOS: [{ MOID: 'x' }] }))).toContain('MOS.0.MIID');
    expect(violation(() => decodePackage1({ Alert: [{ AlertType: 'a', Mark: 'loud' }] }))).toContain('Alert.0.Mark');
    expect(violation(() => parsePackage1Json('{"Alert":[{"AlertType":"a","Data":{"__proto__":{"x":1}}}]}'))).toContain('forbidden key');
    expect(violation(() => parsePackage1Json('x'.repeat(2 << 20)))).toContain('exceeds the limit');
    expect(violation(() => parsePackage1Json(`{"MOS":[{"MIID":[${'"a",'.repeat(5000)}"a"]}]}`))).toContain('MIID');
  });

  it('carries session alerts, incl. the NOTIFICATION-ID of a server-initiated session', () => {
    const a = serverInitiatedAlert(258);
    expect(a.AlertType).toBe(SESSION_ALERTS.serverInitiated);
    const back = parsePackage1Json(encodePackage1({ Alert: [a, bootstrapCompleteAlert()] }));
    expect(notificationIdOf(back.Alert![0]!)).toBe(258);
    expect(notificationIdOf(back.Alert![1]!)).toBeUndefined();
    expect(back.Alert![1]!.AlertType).toBe('urn:oma:at:dm:2.0:BootstrapComplete');
  });
});

describe('Package#2', () => {
  it('decodes every command of the golden package into the union and re-encodes it', () => {
    const p = parsePackage2Json(P2);
    const cmds = p.commands.map((c) => (c.ok ? c.value : undefined));
    expect(cmds.map((c) => c?.name)).toEqual(['CONT', 'GET', 'HGET', 'EXEC', 'DEFAULT', 'SUB', 'UNSUB', 'HPOST', 'HPUT', 'DELETE', 'SHOW', 'END']);
    expect(cmds[3]).toMatchObject({ name: 'EXEC', serverUri: 'https://dms.example.net/dm2/async', target: { moid: 'urn:oma:mo:oma-fumo:1.0' } });
    expect(cmds[4]).toEqual({ name: 'DEFAULT', moid: 'urn:oma:mo:oma-fumo:1.0', serverUri: 'https://repo.example.net/fumo' });
    expect(endsSession(p)).toBe(true);
    expect(encodePackage2(cmds as DmCommand[])).toBe(P2);
  });

  it('tells ServerURI from ClientURI by scheme, whatever the order', () => {
    const a = parseCommand(['EXEC', 'https://s/async', 'urn:oma:mo:x:1.0/m/Op']);
    const b = parseCommand(['EXEC', 'urn:oma:mo:x:1.0/m/Op', 'https://s/async']);
    expect(a).toEqual(b);
    expect(parseCommand(['SUB', 'urn:oma:mo:x:1.0/m/', 'https://s/'])).toMatchObject({ ok: true });
    expect(parseCommand(['DEFAULT', 'https://s/', 'urn:oma:mo:x:1.0'])).toMatchObject({ ok: true, value: { moid: 'urn:oma:mo:x:1.0' } });
  });

  it.each([
    [[], 400, 'empty command'],
    [['ADD', 'x'], 501, 'unknown command'],
    [['GET'], 400, 'one ClientURI'],
    [['GET', 'urn:oma:mo:x:1.0/(x)/'], 400, 'Bad ClientURI'],
    [['HGET', 'urn:oma:mo:x:1.0/m/'], 400, 'one ServerURI'],
    [['HPUT', 'https://s/'], 400, 'at least one ClientURI'],
    [['END', 'x'], 400, 'no parameters'],
    [['CONT', 'ftp://x'], 400, 'one ServerURI'],
  ])('answers %j with %i instead of aborting', (raw, sc, why) => {
    const r = parseCommand(raw as string[]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.sc).toBe(sc);
      expect(r.error.reason).toContain(why);
    }
  });

  it('keeps positions: a bad command is one rejected entry among valid ones', () => {
    const p = decodePackage2({ CMD: [['GET', 'urn:oma:mo:x:1.0/m/A'], ['NOPE'], ['END']] });
    expect(p.commands.map((c) => c.ok)).toEqual([true, false, true]);
  });

  it('rejects structural violations', () => {
    expect(violation(() => decodePackage2({}))).toContain('CMD');
    expect(violation(() => decodePackage2({ CMD: [] }))).toContain('CMD');
    expect(violation(() => decodePackage2({ CMD: [['GET', 5]] }))).toContain('CMD.0.1');
    expect(violation(() => decodePackage2({ CMD: Array.from({ length: 1025 }, () => ['END']) }))).toContain('CMD');
    expect(violation(() => decodePackage2({ CMD: [['GET', 'x'.repeat(9000)]] }))).toContain('longer than 8192');
    expect(violation(() => parsePackage2Json('{"CMD":[["END"]]'))).toContain('not valid JSON');
    expect(violation(() => decodePackage2(JSON.parse(`${'['.repeat(100)}${']'.repeat(100)}`)))).toContain('nesting');
  });

  it('writes commands in the documented parameter order', () => {
    const r = parseCommand(['UNSUB', 'https://s/', 'urn:oma:mo:x:1.0/m/A']);
    expect(r.ok && commandToRaw(r.value)).toEqual(['UNSUB', 'urn:oma:mo:x:1.0/m/A', 'https://s/']);
  });
});

describe('Package#3', () => {
  it('decodes and re-encodes the golden package, GET results included', () => {
    const p = parsePackage3Json(P3);
    expect(p.Status.map((s) => s.sc)).toEqual([200, 200, 200, 202]);
    expect(p.Status[1]!.MOS![0]!.node).toMatchObject({ format: 'chr', value: '7.1.2' });
    expect(p.Alert![0]!.Data).toEqual({ DM1x: 1200 });
    expect(encodePackage3(p)).toBe(P3);
  });

  it('rejects malformed statuses', () => {
    expect(violation(() => parsePackage3Json('{"Status":[{"sc":"200"}]}'))).toContain('Status.0.sc');
    expect(violation(() => parsePackage3Json('{"Status":[{"sc":20}]}'))).toContain('Status.0.sc');
    expect(violation(() => parsePackage3Json('{"Alert":[]}'))).toContain('Status');
    expect(violation(() => parsePackage3Json('{"Status":[{"sc":200,"MOS":[{"ClientURI":"bad","MOData":{"a":"1"}}]}]}'))).toContain('Bad ClientURI');
  });
});

describe('media types, headers and status names', () => {
  it('builds client package headers and refuses header injection', () => {
    expect(clientPackageHeaders('package1', 'IMEI:356938035643809')).toEqual({
      'Content-Type': 'application/vnd.oma.dm.initiation+json',
      Accept: 'application/vnd.oma.dm.request+json',
      'OMADM-DevID': 'IMEI:356938035643809',
    });
    expect(clientPackageHeaders('package3', 'x')['Content-Type']).toBe(MEDIA_TYPES.response);
    expect(() => clientPackageHeaders('package1', 'a\r\nX-Evil: 1')).toThrow(ProvisioningError);
  });

  it('names status codes', () => {
    expect(statusName(403)).toBe('Forbidden');
    expect(statusName(405)).toBe('Command Not Allowed');
    expect(statusName(299)).toBe('Status 299');
  });
});
