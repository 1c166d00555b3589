import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BootstrapSpec } from '../../../src-shared/bootstrap/bootstrap-spec.js';
import { planBootstrap } from '../../../src-shared/bootstrap/bootstrap-plan.js';
import { parseBootstrapHeader, bootstrapImage } from '../../../src-shared/card/bootstrap-file.js';
import { compilePlan } from '../../../src-shared/plan/compile-plan.js';
import type { PlanFacts } from '../../../src-shared/plan/plan-types.js';
import { validateProfile } from '../../../src-shared/profile/validate-profile.js';
import { toPem } from '../../../src-shared/pki/pem.js';
import { fromHex } from '../../../src-shared/util/bytes.js';
import { STATION_DER, fixedSecret, sampleProfile } from './sample-profiles.js';

const sha256 = (d: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(d).digest());
const handset: PlanFacts = { device: { imei: '490154203237518', model: 'Acme X2 Pro', usb: { vid: '1d6b', pid: '0104' } }, variables: { serial: 'SN00000007', counters: { unit: 41 } } };
const modem: PlanFacts = { device: { imei: '356938035643809', model: 'Acme M2 LTE', usb: { vid: '2c7c', pid: '0296' } }, variables: { counters: { visit: 3 } } };
const RETAIL_ATR = fromHex('3b9f95801fc78031e073fe211b6300000000aa55')!;
const card: PlanFacts = { device: { iccid: '8944100000000000012', atr: RETAIL_ATR }, variables: { csv: { subscriber: 'Ada Lovelace', pin: '1234' } } };

describe('compilePlan on the sample profiles', () => {
  it('factory-handset: previews for a matching handset, and the plan is what planBootstrap makes of its spec', () => {
    const r = compilePlan(sampleProfile('factory-handset'), handset, { purpose: 'preview', stationAnchors: [STATION_DER] });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const plan = r.value;
    expect(BootstrapSpec.safeParse(JSON.parse(JSON.stringify({ ...plan.bootstrapSpec, accounts: plan.bootstrapSpec.accounts.map((a) => ({ miid: a.miid, srvId: a.account.srvId, srvUri: a.account.srvUri, name: a.account.name, permittedMoids: a.account.permittedMoids, issueTrspSecret: a.issueTrspSecret })) }))).success).toBe(true);
    expect(plan.bootstrapSpec.accounts.map((a) => [a.miid, a.account.srvId, a.account.name])).toEqual([
      ['operator', 'op-dm.example', 'Operator DM (SN00000007)'],
      ['oem', 'oem-dm.example', 'OEM firmware server'],
    ]);
    expect(plan.entries.find((e) => e.ClientURI === 'urn:oma:mo:oma-connmo-nap:1.0/internet/')?.MOData).toEqual({ NAP: { Name: 'Internet 000042', Addr: 'internet.operator.example', AddrType: 'APN' } });
    expect(plan.bootstrapSpec.trustAnchors).toEqual([{ miid: 'station', name: 'station', certificate: Buffer.from(STATION_DER).toString('base64') }]);
    const again = planBootstrap(plan.bootstrapSpec);
    expect(plan.commands).toEqual(again.commands);
    expect(plan.moDocuments).toEqual(again.publications);
    expect(plan.commandSummary.map((c) => c.url)).toEqual(['http://station.link/repo/bootstrap/accounts', 'http://station.link/repo/bootstrap/trust-anchors', 'http://station.link/repo/bootstrap/config']);
    expect(plan.credentialActions.map((a) => a.kind)).toEqual(['device-csr', 'device-csr']);
    // device-csr and the notification shared secret are honoured over the cable.
    expect(plan.warnings).toEqual([]);
  });

  it('factory-handset: compiles for the cable (device keys, a notification secret per device) and is refused for a card', () => {
    const r = compilePlan(sampleProfile('factory-handset'), handset, { purpose: 'cable', stationAnchors: [STATION_DER] });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.bootstrapSpec.accounts[0]).toMatchObject({ issueNotiSecret: true, issueCertificate: { keySource: 'device' } });
    expect(r.value.bootstrapSpec.accounts[1]).toMatchObject({ issueNotiSecret: false, issueCertificate: { keySource: 'device' } });
  });

  it('field-modem: previews with expanded templates; station-key is issued by the station over the cable', () => {
    const r = compilePlan(sampleProfile('field-modem'), modem, { purpose: 'preview' });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.bootstrapSpec.accounts[0]?.account.name).toBe('Fleet 356938035643809');
    expect(r.value.entries.find((e) => e.ClientURI.startsWith('urn:oma:mo:oma-diagmon:1.0/'))?.MOData).toEqual({ DiagMon: { Tag: 'site-356938035643809-1003' } });
    expect(r.value.warnings).toEqual([]);
    expect(r.value.credentialActions[0]).toMatchObject({ kind: 'station-key', keyType: 'ec-p256', validityDays: 365, supported: true });
    expect(r.value.bootstrapSpec.accounts[0]).toMatchObject({ issueTrspSecret: false, issueCertificate: { keyType: 'ec-p256', validityDays: 365 } });
    expect(compilePlan(sampleProfile('field-modem'), modem, { purpose: 'card' }).ok).toBe(false);
  });

  it('retail-sim: the card purpose builds EF(DM_Bootstrap) content with a per-card PSK', () => {
    const r = compilePlan(sampleProfile('retail-sim'), card, { purpose: 'card', cardSecret: fixedSecret });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const content = r.value.cardContent!;
    expect(content.serverIds).toEqual(['op-dm.example']);
    const entries = JSON.parse(new TextDecoder().decode(content.body)) as { MOData: { DMAcc: { Name: string; Auth: { Trsp: { Secret: string; Data: string } } } } }[];
    expect(entries[0]?.MOData.DMAcc.Name).toBe('Ada Lovelace');
    expect(Buffer.from(entries[0]!.MOData.DMAcc.Auth.Trsp.Secret, 'base64')).toEqual(Buffer.from(fixedSecret('op-dm.example', '8944100000000000012', 32)));
    expect(Buffer.from(entries[0]!.MOData.DMAcc.Auth.Trsp.Data, 'base64').toString()).toBe('8944100000000000012');
    const header = parseBootstrapHeader(bootstrapImage(content.body, 1, sha256));
    expect(header.ok && header.value !== 'blank' && header.value.lengthBytes).toBe(content.body.length);
    expect(r.value.credentialActions[0]).toMatchObject({ kind: 'psk', source: 'station-hkdf', lengthBytes: 32 });
  });

  it('refuses a non-matching device with a target-mismatch issue naming the criterion', () => {
    const wrongModel = compilePlan(sampleProfile('factory-handset'), { ...handset, device: { ...handset.device, model: 'Other Z9' } }, { purpose: 'preview' });
    expect(wrongModel).toEqual({ ok: false, error: [{ code: 'target-mismatch', pointer: '/target/models', message: expect.stringMatching(/"Other Z9" is not in target.models/) }] });
    const wrongUsb = compilePlan(sampleProfile('field-modem'), { ...modem, device: { ...modem.device, usb: { vid: '1d6b', pid: '0104' } } }, { purpose: 'preview' });
    expect(!wrongUsb.ok && wrongUsb.error[0]?.pointer).toBe('/target/usb');
    const wrongAtr = compilePlan(sampleProfile('retail-sim'), { ...card, device: { ...card.device, atr: fromHex('3b00')! } }, { purpose: 'card', cardSecret: fixedSecret });
    expect(!wrongAtr.ok && wrongAtr.error[0]?.code).toBe('target-mismatch');
  });

  it('names a missing device value instead of writing a blank', () => {
    const r = compilePlan(sampleProfile('field-modem'), { device: { model: 'Acme M3', usb: { vid: '2c7c', pid: '0125' } }, variables: { counters: { visit: 0 } } }, { purpose: 'preview' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.map((i) => i.code)).toContain('template');
    expect(!r.ok && r.error.some((i) => /\{imei\}/.test(i.message))).toBe(true);
  });

  it('a station-ca reference without a station CA is a clear issue', () => {
    const r = compilePlan(sampleProfile('factory-handset'), handset, { purpose: 'preview' });
    expect(!r.ok && r.error).toEqual([expect.objectContaining({ code: 'trust-anchor', pointer: '/trustAnchors/0' })]);
  });
});

describe('compilePlan on a cable-capable profile', () => {
  const doc = {
    schema: 'bootbench.profile/v1', id: 'cable-psk', name: 'Cable PSK', version: '1',
    target: { models: ['Bootbench*'] },
    accounts: [
      { authority: 'operator', serverId: 'op.example', serverUri: 'https://op.example/dm', name: 'Op {imei}', permittedMoids: ['urn:oma:mo:oma-dm-devinfo:1.2'], credential: { kind: 'psk', lengthBytes: 32 } },
      { authority: 'operator!', serverId: 'op2.example', serverUri: 'https://op2.example/dm', name: 'Op2', permittedMoids: ['urn:oma:mo:oma-fumo:1.0'], credential: { kind: 'none' } },
    ],
    trustAnchors: [{ name: 'Root CA', pem: toPem('CERTIFICATE', STATION_DER) }],
  };
  it('maps psk to a station-derived secret, de-duplicates MIIDs and resolves inline PEM anchors', () => {
    const v = validateProfile(doc);
    if (!v.ok) throw new Error(JSON.stringify(v.issues));
    const r = compilePlan(v.profile, { device: { imei: '490154203237518', model: 'Bootbench Sim 1' }, variables: {} }, { purpose: 'cable' });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.bootstrapSpec.accounts.map((a) => [a.miid, a.issueTrspSecret])).toEqual([['operator', true], ['operator-2', false]]);
    expect(r.value.credentialActions.map((a) => a.kind)).toEqual(['psk', 'none']);
    expect(r.value.bootstrapSpec.trustAnchors[0]).toEqual({ miid: 'Root-CA', name: 'Root CA', certificate: Buffer.from(STATION_DER).toString('base64') });
    expect(r.value.warnings).toEqual([]);
  });
  it('a PSK of any length the schema allows is derived for the cable; device-csr is certified over the cable, refused for a card', () => {
    const v = validateProfile({ ...doc, accounts: [{ ...doc.accounts[0], credential: { kind: 'psk', lengthBytes: 16 } }] });
    if (!v.ok) throw new Error(JSON.stringify(v.issues));
    const r = compilePlan(v.profile, { device: { imei: '490154203237518', model: 'Bootbench Sim 1' }, variables: {} }, { purpose: 'cable' });
    expect(r.ok && r.value.bootstrapSpec.accounts[0]).toMatchObject({ issueTrspSecret: true, trspSecretBytes: 16 });
    const csr = validateProfile({ ...doc, accounts: [{ ...doc.accounts[0], credential: { kind: 'device-csr', keyType: 'ec-p256', validityDays: 30 } }] });
    if (!csr.ok) throw new Error(JSON.stringify(csr.issues));
    const cable = compilePlan(csr.profile, { device: { imei: '490154203237518', model: 'Bootbench Sim 1' }, variables: {} }, { purpose: 'cable' });
    expect(cable.ok && cable.value.bootstrapSpec.accounts[0]).toMatchObject({ issueTrspSecret: false, issueCertificate: { keyType: 'ec-p256', validityDays: 30, keySource: 'device' } });
    expect(cable.ok && cable.value.credentialActions[0]).toMatchObject({ kind: 'device-csr', supported: true });
  });
});
