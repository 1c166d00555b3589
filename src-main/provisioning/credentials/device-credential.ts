/**
 * Reads a device's TLS client credential back out of its own state: the certificate from
 * `DMAcc/<x>/Auth/Trsp/Data` and the private key from `Auth/Trsp/Secret` (station-generated) or
 * from the device's key vault (device-generated, bound by `AccRef`), as PEM for `NodeHttpClient`.
 * It is the simulated device's side of "authenticate the next session with the issued certificate".
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { ProvisioningError } from '../../../src-shared/errors/provisioning-error.js';
import type { DeviceKeyVault } from '../../../src-shared/pki/keygen-executor.js';
import { toPem } from '../../../src-shared/pki/pem.js';
import { parseClientUri } from '../../../src-shared/protocol/dm/client-uri.js';
import { getInstance, nodeAt } from '../../../src-shared/protocol/dm/tree/tree.js';
import type { ManagementTree, TreeNode } from '../../../src-shared/protocol/dm/tree/types.js';
import { fromBase64 } from '../../../src-shared/util/base64.js';
import type { NodeDeviceKey } from './device-keygen.js';
import { slashed } from './credential-mo.js';

/** A TLS client credential in PEM (keep it in memory only). */
export interface DeviceTlsCredential {
  readonly cert: string;
  readonly key: string;
}

/** A copy of the bytes of a `bin` leaf, or of a `chr`/`b64` leaf holding base64 (trees read without a DDF). */
function leafBytes(node: TreeNode | undefined): Uint8Array | undefined {
  if (node?.kind !== 'leaf') return undefined;
  if (node.format === 'bin') return new Uint8Array(node.value);
  return typeof node.value === 'string' ? fromBase64(node.value.replace(/\s+/g, '')) : undefined;
}

/**
 * The credential of the DMAcc instance at `accountUri` (e.g. `urn:oma:mo:oma-dm-dmacc:1.2/acc1/`).
 *
 * @throws ProvisioningError `NOT_FOUND` when the account has no certificate or no matching key,
 * `CERT_INVALID` when the certificate and key do not belong together.
 */
export function deviceTlsCredential(tree: ManagementTree, accountUri: string, vault?: DeviceKeyVault<NodeDeviceKey>): DeviceTlsCredential {
  const uri = parseClientUri(slashed(accountUri));
  const miid = uri.instance.kind === 'miid' ? uri.instance.miid : undefined;
  const account = miid === undefined ? undefined : getInstance(tree, uri.moid, miid);
  if (account === undefined) throw new ProvisioningError('NOT_FOUND', `no DM account at ${accountUri}`);
  const certDer = leafBytes(nodeAt(account.root, ['Auth', 'Trsp', 'Data']));
  if (certDer === undefined || certDer.length === 0) throw new ProvisioningError('NOT_FOUND', `${accountUri} has no Auth/Trsp/Data certificate`);
  const secret = leafBytes(nodeAt(account.root, ['Auth', 'Trsp', 'Secret']));
  let key;
  try {
    key = secret === undefined ? vault?.get(accountUri)?.privateKey : createPrivateKey({ key: Buffer.from(secret), format: 'der', type: 'pkcs8' });
  } catch (error) {
    throw new ProvisioningError('CERT_INVALID', `${accountUri}: Auth/Trsp/Secret is not a PKCS#8 private key`, { cause: error });
  } finally {
    secret?.fill(0);
  }
  if (key === undefined) throw new ProvisioningError('NOT_FOUND', `${accountUri}: no private key (neither Auth/Trsp/Secret nor a device-generated key)`);
  let matches: boolean;
  try {
    matches = new X509Certificate(certDer).checkPrivateKey(key);
  } catch (error) {
    throw new ProvisioningError('CERT_INVALID', `${accountUri}: Auth/Trsp/Data is not an X.509 certificate`, { cause: error });
  }
  if (!matches) throw new ProvisioningError('CERT_INVALID', `${accountUri}: the private key does not match the certificate`);
  return { cert: toPem('CERTIFICATE', certDer), key: key.export({ type: 'pkcs8', format: 'pem' }).toString() };
}
