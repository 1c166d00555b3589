/**
 * Turns a {@link BootstrapSpec} into what the station's embedded server does in the bootstrap
 * session: MO serializations published on its data repository and the one Package#2 of HGETs
 * that makes the device fetch them (accounts, trust anchors, configuration, then rights).
 */
import { STANDARD_MOIDS } from '../protocol/dm/mo-ids.js';
import { DACMO_ROOT_NAME } from '../protocol/dm/dacmo.js';
import { DACMO_MIID } from '../protocol/dm/decisions.js';
import { dm } from '../protocol/dm/session/command-builders.js';
import type { DmCommand } from '../protocol/dm/packages/commands.js';
import { dmAccEntry } from '../protocol/mo/dmacc.js';
import { deviceIdToSanUri } from '../pki/device-id.js';
import { KEYGEN_MOID, KEYGEN_ROOT, keygenRequestMoData } from '../pki/keygen-mo.js';
import { instanceClientUri, type MoDataValue, type MoEntryJson } from '../protocol/mo/mo-entry.js';
import { configTarget, type BootstrapSpec } from './bootstrap-spec.js';
import { LINK_ORIGIN, LINK_REPO_PATH, TRUST_ANCHOR_MOID, TRUST_ANCHOR_ROOT } from './cable-constants.js';

/** One MO serialization the repository serves during the bootstrap. */
export interface Publication {
  /** URL path on the station (`/repo/bootstrap/accounts`). */
  readonly path: string;
  readonly entries: readonly MoEntryJson[];
}

/** What the bootstrap session needs. */
export interface BootstrapPlan {
  readonly publications: readonly Publication[];
  /** The commands of the bootstrap Package#2 (END follows in the next turn). */
  readonly commands: readonly DmCommand[];
  /** Instances the device holds afterwards, as `<MOID>/<MIID>`, for checks and reports. */
  readonly instances: readonly string[];
}

type Node = { [name: string]: MoDataValue };

function grantsEntry(spec: BootstrapSpec): MoEntryJson | undefined {
  const dacmo: Node = {};
  let n = 0;
  for (const c of spec.config) {
    if (c.grants.length === 0) continue;
    const { moid, miid } = configTarget(c);
    const perm: Node = {};
    c.grants.forEach((g, m) => (perm[String(m + 1)] = { SrvID: g.srvId, Rights: g.rights.join('+') }));
    dacmo[String(++n)] = { MOID: moid, MIID: miid, Perm: perm };
  }
  return n === 0 ? undefined : { ClientURI: `${STANDARD_MOIDS.dacmo}/${DACMO_MIID}/`, MOData: { [DACMO_ROOT_NAME]: dacmo } };
}

/** Builds the publications and commands of a bootstrap session (pure; deterministic order). */
export function planBootstrap(spec: BootstrapSpec, pathPrefix = `${LINK_REPO_PATH}/bootstrap`): BootstrapPlan {
  const publications: Publication[] = [];
  const instances: string[] = [];
  const add = (name: string, entries: readonly MoEntryJson[]): void => {
    if (entries.length > 0) publications.push({ path: `${pathPrefix}/${name}`, entries });
  };
  add(
    'accounts',
    spec.accounts.map(({ miid, account }) => {
      instances.push(`${STANDARD_MOIDS.dmAcc}/${miid}`);
      return dmAccEntry(account, miid);
    }),
  );
  add(
    'trust-anchors',
    spec.trustAnchors.map((t) => {
      instances.push(`${TRUST_ANCHOR_MOID}/${t.miid}`);
      return { ClientURI: instanceClientUri(TRUST_ANCHOR_MOID, t.miid), MOData: { [TRUST_ANCHOR_ROOT]: { Name: t.name, Cert: t.certificate } } };
    }),
  );
  add(
    'config',
    spec.config.map((c) => {
      const { moid, miid } = configTarget(c);
      instances.push(`${moid}/${miid}`);
      return { ClientURI: c.ClientURI, ...(c.DDF === undefined ? {} : { DDF: c.DDF }), MOData: c.MOData as MoEntryJson['MOData'] };
    }),
  );
  const grants = grantsEntry(spec);
  if (grants !== undefined) add('rights', [grants]);
  return { publications, commands: publications.map((p) => dm.hget(`${LINK_ORIGIN}${p.path}`)), instances };
}

/** The KeyGen round of a bootstrap session for accounts whose key the device generates. */
export interface KeygenStage {
  readonly publications: readonly Publication[];
  /** Per account: HGET the request into `<KeyGen>/<miid>/`, EXEC `Generate`, GET the instance. */
  readonly commands: readonly DmCommand[];
  /** The accounts asked for a key, by MIID (the KeyGen instance has the account's MIID). */
  readonly miids: readonly string[];
}

/**
 * The first round of a bootstrap session whose description has `issueCertificate.keySource: device`
 * accounts (docs/cable-bootstrap.md): the device makes each key and CSR in the session's staged
 * tree; the station answers with the bootstrap proper once it has certified them. Accounts in `skip`
 * (already certified: a resumed bootstrap) are not asked again. Undefined when none is left.
 */
export function planKeygen(spec: BootstrapSpec, devId: string, skip: readonly string[] = [], pathPrefix = `${LINK_REPO_PATH}/bootstrap`): KeygenStage | undefined {
  const accounts = spec.accounts.filter((a) => a.issueCertificate?.keySource === 'device' && !skip.includes(a.miid));
  if (accounts.length === 0) return undefined;
  const publications: Publication[] = [];
  const commands: DmCommand[] = [];
  for (const a of accounts) {
    const instance = instanceClientUri(KEYGEN_MOID, a.miid);
    const request = keygenRequestMoData({ keyType: a.issueCertificate?.keyType === 'rsa-2048' ? 'RSA-2048' : 'EC-P256', subject: `CN=${devId}`, subjectAltName: deviceIdToSanUri(devId), accountRef: instanceClientUri(STANDARD_MOIDS.dmAcc, a.miid) });
    // `Generate` (null, Exec) must exist for EXEC to resolve: the request carries it.
    const moData = { [KEYGEN_ROOT]: { ...request[KEYGEN_ROOT], Generate: null } } as unknown as MoEntryJson['MOData'];
    const path = `${pathPrefix}/keygen-${a.miid}`;
    publications.push({ path, entries: [{ ClientURI: instance, MOData: moData }] });
    commands.push(dm.hget(`${LINK_ORIGIN}${path}`, instance), dm.exec(`${instance}Generate`), dm.get(instance));
  }
  return { publications, commands, miids: accounts.map((a) => a.miid) };
}

/** The plan with `Auth/Trsp/Secret` removed from the DMAcc entries of `miids` (device-held keys: no secret travels). */
export function withoutTrspSecret(plan: BootstrapPlan, miids: readonly string[]): BootstrapPlan {
  const drop = new Set(miids.map((m) => instanceClientUri(STANDARD_MOIDS.dmAcc, m)));
  const strip = (e: MoEntryJson): MoEntryJson => {
    if (!drop.has(e.ClientURI)) return e;
    const acc = e.MOData['DMAcc'] as { [k: string]: MoDataValue } | undefined;
    const auth = acc?.['Auth'] as { [k: string]: MoDataValue } | undefined;
    const trsp = auth?.['Trsp'] as { [k: string]: MoDataValue } | undefined;
    if (acc === undefined || auth === undefined || trsp === undefined) return e;
    const { Secret: _secret, ...rest } = trsp;
    return { ...e, MOData: { ...e.MOData, DMAcc: { ...acc, Auth: { ...auth, Trsp: rest } } } };
  };
  return { ...plan, publications: plan.publications.map((p) => ({ ...p, entries: p.entries.map(strip) })) };
}
