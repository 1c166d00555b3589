import { trustAnchorsMoData } from '../../src-shared/pki/dmacc-credentials.js';
import { toPem } from '../../src-shared/pki/pem.js';
import type { CaState } from '../../src-shared/pki/registry-record.js';
import type { CaStore } from './ca-store.js';
import { sha256Hex } from './issue.js';

/** The station's trust anchors in every form a bootstrap or a TLS endpoint needs. */
export interface TrustAnchorBundle {
  readonly anchors: readonly { readonly id: string; readonly state: CaState; readonly der: Uint8Array; readonly fingerprintSha256: string }[];
  /** Concatenated PEM, active CA first (node:tls `ca`, `openssl verify -CAfile`). */
  readonly pem: string;
  /** The `Ext/Bootbench/TrustAnchors` MOData subtree pushed with the DMAcc bootstrap. */
  readonly moData: ReturnType<typeof trustAnchorsMoData>;
}

/**
 * Collects every CA the station has used, active and retired.
 *
 * Retired CAs stay anchors so devices issued before a rotation keep authenticating until their
 * certificates expire.
 */
export async function trustAnchorBundle(store: CaStore): Promise<TrustAnchorBundle> {
  const anchors = (await store.trustAnchors()).map((a) => ({ ...a, fingerprintSha256: sha256Hex(a.der) }));
  return {
    anchors,
    pem: anchors.map((a) => toPem('CERTIFICATE', a.der)).join(''),
    moData: trustAnchorsMoData(anchors.map((a) => a.der)),
  };
}
