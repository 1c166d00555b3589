/**
 * Pieces of the plan compiler: instance ids, trust anchors and card content, each from the
 * validated profile and the device's expanded values.
 */
import { bootstrapBody } from '../card/bootstrap-file.js';
import { ProvisioningError } from '../errors/provisioning-error.js';
import { decodePem } from '../pki/pem.js';
import type { Profile } from '../profile/profile-schema.js';
import { utf8Encode } from '../protocol/dm/text.js';
import { dmAccEntry, type DmAccAccount } from '../protocol/mo/dmacc.js';
import { toBase64 } from '../util/base64.js';
import type { CardContent, PlanDeps, PlanFacts, PlanIssue } from './plan-types.js';

/** A MIID from a human name: letters, digits, `-` and `_` kept, the rest `-`; made unique in `taken`. */
export function miidFrom(name: string, taken: Set<string>): string {
  const base = name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 56) || 'x';
  let miid = base;
  for (let n = 2; taken.has(miid); n++) miid = `${base}-${n}`;
  taken.add(miid);
  return miid;
}

/** One trust anchor in bootstrap-description form. */
export interface AnchorJson {
  readonly miid: string;
  readonly name: string;
  readonly certificate: string;
}

/** Resolves the profile's trust anchors: inline PEM certificates, or the station CA bundle. */
export function resolveAnchors(profile: Profile, deps: PlanDeps, issues: PlanIssue[]): AnchorJson[] {
  const taken = new Set<string>();
  const out: AnchorJson[] = [];
  profile.trustAnchors.forEach((t, i) => {
    const pointer = `/trustAnchors/${i}`;
    let ders: readonly Uint8Array[];
    if ('ref' in t) {
      if (deps.stationAnchors === undefined || deps.stationAnchors.length === 0) {
        issues.push({ code: 'trust-anchor', pointer, message: `trust anchor "${t.name}" refers to the station CA, but the station has no CA (run \`bootbench ca init\`)` });
        return;
      }
      ders = deps.stationAnchors;
    } else {
      const pem = decodePem(t.pem);
      const certs = pem.ok ? pem.blocks.filter((b) => b.label === 'CERTIFICATE') : [];
      if (certs.length === 0) {
        issues.push({ code: 'trust-anchor', pointer: `${pointer}/pem`, message: `trust anchor "${t.name}": no readable PEM certificate${pem.ok ? '' : ` (${pem.reason})`}` });
        return;
      }
      ders = certs.map((b) => b.der);
    }
    for (const der of ders) out.push({ miid: miidFrom(t.name, taken), name: t.name, certificate: toBase64(der) });
  });
  return out;
}

/**
 * EF(DM_Bootstrap) content: the DMAcc entries of the accounts the profile puts on the card, each
 * PSK account with its station-derived secret (Data = the card's ICCID), encoded by the card module.
 */
export function buildCardContent(profile: Profile, accounts: readonly { readonly miid: string; readonly account: DmAccAccount }[], facts: PlanFacts, deps: PlanDeps, issues: PlanIssue[]): CardContent | undefined {
  const sc = profile.smartcard;
  if (sc === undefined) return undefined;
  const entries = [];
  for (const [i, serverId] of sc.bootstrap.entries()) {
    const spec = profile.accounts.find((a) => a.serverId === serverId);
    const built = accounts.find((a) => a.account.srvId === serverId);
    if (spec === undefined || built === undefined) {
      issues.push({ code: 'smartcard', pointer: `/smartcard/bootstrap/${i}`, message: `no account has serverId "${serverId}"` });
      continue;
    }
    let account: DmAccAccount = { ...built.account };
    if (spec.credential.kind === 'psk') {
      const id = facts.device.iccid ?? facts.device.imei;
      if (deps.cardSecret === undefined || id === undefined) {
        issues.push({ code: 'smartcard', pointer: `/smartcard/bootstrap/${i}`, message: `account ${serverId}: a card PSK needs the card's ICCID and the station credential key` });
        continue;
      }
      account = { ...account, auth: { trsp: { data: new Uint8Array(utf8Encode(id)), secret: new Uint8Array(deps.cardSecret(serverId, id, spec.credential.lengthBytes)) } } };
    }
    entries.push(dmAccEntry(account, built.miid));
  }
  if (entries.length !== sc.bootstrap.length) return undefined;
  const json = JSON.stringify(entries);
  try {
    return { json, body: bootstrapBody(json), serverIds: sc.bootstrap };
  } catch (error) {
    issues.push({ code: 'smartcard', pointer: '/smartcard', message: error instanceof ProvisioningError ? error.message : 'the card content cannot be encoded' });
    return undefined;
  }
}
