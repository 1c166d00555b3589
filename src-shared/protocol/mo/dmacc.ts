/**
 * Typed DM Account (DMAcc 1.2, `urn:oma:mo:oma-dm-dmacc:1.2`) builder and reader over MOData.
 *
 * Node layout: digest §11.1 and `assets/ddf/dm-dmacc-1.2.xml`. The MOData root key is `DMAcc`
 * (INFERRED from the digest's composed example); `bin` values are base64 strings, `int` values
 * decimal strings. The account holds secrets (Trsp/Secret, Noti/Secret, Bootstrap/ClientSecretKey):
 * error messages name paths only, never values.
 */
import { z } from 'zod';
import { ProvisioningError } from '../../errors/provisioning-error.js';
import { err, ok, type Result } from '../../util/result.js';
import { fromBase64, toBase64 } from '../../util/base64.js';
import { instanceClientUri, invalid, only, ownEntries, record, type MoDataValue, type MoEntryJson } from './mo-entry.js';
import { MOID_DMACC } from './moids.js';

const Bytes = z.instanceof(Uint8Array);
const Text = z.string().min(1).max(2048);
const HttpUri = z
  .string()
  .max(2048)
  .regex(/^https?:\/\/[^\s/?#]+\S*$/i, 'must be an http(s) URI');
const Moid = z.string().min(1).max(255).regex(/^\S+$/, 'must not contain whitespace');

/** One DM server account, as the station configures it. */
export const DmAccAccount = z.strictObject({
  srvId: Text,
  srvUri: HttpUri,
  name: Text,
  /** Perm/<x>/MOID: the MOIDs this server may manage (bootstrap only, never readable). */
  permittedMoids: z.array(Moid).min(1).max(256),
  auth: z
    .strictObject({
      bootstrap: z
        .strictObject({ serverUri: HttpUri, secMode: Bytes, clientPubKey: Bytes, serverPubKey: Bytes, clientSecretKey: Bytes })
        .optional(),
      noti: z.strictObject({ type: z.number().int().min(0).max(2_147_483_647), data: Bytes, secret: Bytes }).optional(),
      trsp: z.strictObject({ data: Bytes, secret: Bytes }).optional(),
    })
    .optional(),
  push: z
    .strictObject({
      gcm: z.strictObject({ senderId: Text, regUri: HttpUri, unRegUri: HttpUri, regParams: z.string().max(2048) }).optional(),
    })
    .optional(),
});
/** A validated DM account. */
export type DmAccAccount = z.output<typeof DmAccAccount>;

type Node = { [name: string]: MoDataValue };

/** The MOData object of an account: `{ DMAcc: { SrvID, SrvURI, Name, Perm, Auth?, Push? } }`. */
export function dmAccMoData(input: DmAccAccount): { readonly DMAcc: MoDataValue } {
  const parsed = DmAccAccount.safeParse(input);
  if (!parsed.success) throw invalid('DM account', parsed.error);
  const a = parsed.data;
  const perm: Node = {};
  a.permittedMoids.forEach((moid, i) => (perm[String(i + 1)] = { MOID: moid }));
  const root: Node = { SrvID: a.srvId, SrvURI: a.srvUri, Name: a.name, Perm: perm };
  if (a.auth !== undefined) {
    const auth: Node = {};
    const { bootstrap, noti, trsp } = a.auth;
    if (bootstrap !== undefined) {
      auth['Bootstrap'] = {
        ServerURI: bootstrap.serverUri,
        SecMode: toBase64(bootstrap.secMode),
        ClientPubKey: toBase64(bootstrap.clientPubKey),
        ServerPubKey: toBase64(bootstrap.serverPubKey),
        ClientSecretKey: toBase64(bootstrap.clientSecretKey),
      };
    }
    if (noti !== undefined) auth['Noti'] = { Type: String(noti.type), Data: toBase64(noti.data), Secret: toBase64(noti.secret) };
    if (trsp !== undefined) auth['Trsp'] = { Data: toBase64(trsp.data), Secret: toBase64(trsp.secret) };
    root['Auth'] = auth;
  }
  if (a.push !== undefined) {
    const push: Node = {};
    const gcm = a.push.gcm;
    if (gcm !== undefined) push['GCM'] = { SenderID: gcm.senderId, RegURI: gcm.regUri, UnRegURI: gcm.unRegUri, RegParams: gcm.regParams };
    root['Push'] = push;
  }
  return { DMAcc: root };
}

/** The MO serialization entry that creates or replaces the account instance `miid`. */
export function dmAccEntry(account: DmAccAccount, miid: string): MoEntryJson {
  return { ClientURI: instanceClientUri(MOID_DMACC, miid), MOData: dmAccMoData(account) };
}

/** Reads an account back from MOData (`{ DMAcc: {...} }`); typed error for anything else. */
export function readDmAcc(moData: unknown): Result<DmAccAccount, ProvisioningError> {
  try {
    const root = only(moData, 'DMAcc', 'MOData');
    const fields = record(root, 'DMAcc', ['SrvID', 'SrvURI', 'Name', 'Perm', 'Auth', 'Push', 'Ext']);
    const candidate = {
      srvId: fields['SrvID'],
      srvUri: fields['SrvURI'],
      name: fields['Name'],
      permittedMoids: ownEntries(fields['Perm'], 'DMAcc/Perm').map(([k, v]) => record(v, `DMAcc/Perm/${k}`, ['MOID'])['MOID']),
      ...(fields['Auth'] === undefined ? {} : { auth: readAuth(fields['Auth']) }),
      ...(fields['Push'] === undefined ? {} : { push: readPush(fields['Push']) }),
    };
    const parsed = DmAccAccount.safeParse(candidate);
    return parsed.success ? ok(parsed.data) : err(invalid('DMAcc MOData', parsed.error));
  } catch (error) {
    if (error instanceof ProvisioningError) return err(error);
    throw error;
  }
}

function readAuth(value: unknown): unknown {
  const auth = record(value, 'DMAcc/Auth', ['Bootstrap', 'Noti', 'Trsp']);
  const out: Record<string, unknown> = {};
  if (auth['Bootstrap'] !== undefined) {
    const b = record(auth['Bootstrap'], 'DMAcc/Auth/Bootstrap', ['ServerURI', 'SecMode', 'ClientPubKey', 'ServerPubKey', 'ClientSecretKey']);
    out['bootstrap'] = {
      serverUri: b['ServerURI'],
      secMode: bytes(b['SecMode'], 'DMAcc/Auth/Bootstrap/SecMode'),
      clientPubKey: bytes(b['ClientPubKey'], 'DMAcc/Auth/Bootstrap/ClientPubKey'),
      serverPubKey: bytes(b['ServerPubKey'], 'DMAcc/Auth/Bootstrap/ServerPubKey'),
      clientSecretKey: bytes(b['ClientSecretKey'], 'DMAcc/Auth/Bootstrap/ClientSecretKey'),
    };
  }
  if (auth['Noti'] !== undefined) {
    const n = record(auth['Noti'], 'DMAcc/Auth/Noti', ['Type', 'Data', 'Secret']);
    const type = typeof n['Type'] === 'string' && /^[0-9]{1,10}$/.test(n['Type']) ? Number(n['Type']) : n['Type'];
    out['noti'] = { type, data: bytes(n['Data'], 'DMAcc/Auth/Noti/Data'), secret: bytes(n['Secret'], 'DMAcc/Auth/Noti/Secret') };
  }
  if (auth['Trsp'] !== undefined) {
    const t = record(auth['Trsp'], 'DMAcc/Auth/Trsp', ['Data', 'Secret']);
    out['trsp'] = { data: bytes(t['Data'], 'DMAcc/Auth/Trsp/Data'), secret: bytes(t['Secret'], 'DMAcc/Auth/Trsp/Secret') };
  }
  return out;
}

function readPush(value: unknown): unknown {
  const push = record(value, 'DMAcc/Push', ['GCM', 'Ext']);
  if (push['GCM'] === undefined) return {};
  const g = record(push['GCM'], 'DMAcc/Push/GCM', ['SenderID', 'RegURI', 'UnRegURI', 'RegParams', 'Ext']);
  return { gcm: { senderId: g['SenderID'], regUri: g['RegURI'], unRegUri: g['UnRegURI'], regParams: g['RegParams'] } };
}

function bytes(value: unknown, where: string): Uint8Array {
  const decoded = typeof value === 'string' ? fromBase64(value) : undefined;
  if (decoded === undefined) throw new ProvisioningError('INVALID_REQUEST', `${where} must be base64`);
  return decoded;
}
