/**
 * The MO serializations the credential sequence publishes in the station's data repository:
 * the DMAcc `Auth/Trsp` subtree plus the `Ext/Bootbench/TrustAnchors` extension, addressed for one
 * HGET with two ClientURIs.
 */
import { trspMoData, type TrspCredential, type trustAnchorsMoData } from '../../../src-shared/pki/dmacc-credentials.js';
import { KEYGEN_MOID } from '../../../src-shared/pki/keygen-mo.js';
import { STANDARD_MOIDS } from '../../../src-shared/protocol/dm/mo-ids.js';
import type { FormatHook } from '../../../src-shared/protocol/dm/serialization.js';

/** `uri` with exactly one trailing slash (instance-root ClientURIs end with `/`). */
export const slashed = (uri: string): string => `${uri.replace(/\/+$/, '')}/`;

/** ClientURI of the KeyGen instance `miid`. */
export const keygenInstanceUri = (miid: string): string => `${KEYGEN_MOID}/${miid}/`;

/**
 * MO serialization text with `<account>/Auth/Trsp` (Data, and Secret when the credential has one)
 * and `<account>/Ext` (the trust anchors).
 *
 * The text holds the secret in base64 when there is one: publish it with `publishOnce` and drop it.
 */
export function credentialMoText(accountUri: string, credential: TrspCredential, anchors: ReturnType<typeof trustAnchorsMoData>): string {
  const account = slashed(accountUri);
  return JSON.stringify([
    { ClientURI: `${account}Auth/Trsp`, MOData: { Trsp: trspMoData(credential).Auth.Trsp } },
    { ClientURI: `${account}Ext`, MOData: anchors },
  ]);
}

/**
 * Leaf formats of the credential nodes (from the DMAcc DDF and the KeyGen MO definition) for a
 * client's `formatOf`: `Auth/Trsp` key material and trust anchors are `bin`, the
 * KeyGen `CSR` is `b64`. Other leaves keep their JSON type.
 */
export const credentialFormats: FormatHook = (moid, path) => {
  const p = path.join('/');
  if (moid === STANDARD_MOIDS.dmAcc) {
    if (/^Auth\/Trsp\/(Data|Secret)$/.test(p) || /^Ext\/Bootbench\/TrustAnchors\/[^/]+\/Cert$/.test(p)) return 'bin';
    return undefined;
  }
  return moid === KEYGEN_MOID && p === 'CSR' ? 'b64' : undefined;
};
