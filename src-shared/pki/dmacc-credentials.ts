import { toBase64 } from '../util/base64.js';

/**
 * DMAcc transport credentials and trust anchors as MO data (dm2-digest §7.2, §11.1).
 *
 * `Auth/Trsp/Data` carries the client certificate (DER) and `Auth/Trsp/Secret` the client private
 * key (PKCS#8 DER), both `bin`, base64 in the JSON MO serialization. Trust anchors go in the vendor
 * extension `Ext/Bootbench/TrustAnchors/<n>/Cert` (our decision: DMAcc 1.2 has no anchor node).
 */

/** Transport credential bytes for one DM account; `secret` is null when the device holds its own key. */
export interface TrspCredential {
  readonly data: Uint8Array;
  readonly secret: Uint8Array | null;
}

/** The `Auth` subtree values for MOData (`Auth/Trsp/{Data,Secret}`). */
export interface TrspMoData {
  readonly Auth: { readonly Trsp: { readonly Data: string; readonly Secret?: string } };
}

/**
 * Encodes a credential as the `Auth/Trsp` MOData subtree.
 *
 * The returned strings cannot be wiped (JS strings are immutable): call this at the last moment,
 * inside the delivery callback, and let the session drop the object right after sending it.
 */
export function trspMoData(credential: TrspCredential): TrspMoData {
  const trsp = credential.secret === null ? { Data: toBase64(credential.data) } : { Data: toBase64(credential.data), Secret: toBase64(credential.secret) };
  return { Auth: { Trsp: trsp } };
}

/** The `Ext/Bootbench/TrustAnchors` MOData subtree for a list of CA certificates (DER). */
export function trustAnchorsMoData(anchors: readonly Uint8Array[]): { readonly Ext: { readonly Bootbench: { readonly TrustAnchors: Readonly<Record<string, { readonly Cert: string }>> } } } {
  const entries: Record<string, { readonly Cert: string }> = {};
  anchors.forEach((der, i) => {
    entries[String(i + 1)] = { Cert: toBase64(der) };
  });
  return { Ext: { Bootbench: { TrustAnchors: entries } } };
}

/** Overwrites a secret buffer with zeros (best effort: copies made by libraries are out of reach). */
export function wipe(bytes: Uint8Array): void {
  bytes.fill(0);
}
