/**
 * Node side of the device's KeyGen MO: key generation with node:crypto and CSR building with the
 * station PKI's builder, plugged into the pure {@link keygenExecutor} (src-shared/pki/keygen-executor.ts).
 * The simulator and the tests use the same executor; a real device brings its own port.
 */
import type { KeyObject } from 'node:crypto';
import { generateKeyPairFor, spkiDer, type KeySpec } from '../../pki/keys.js';
import { buildCsr, encodeName, spkiFromDer } from '../../pki/x509-build.js';
import { ProvisioningError } from '../../../src-shared/errors/provisioning-error.js';
import { assertNever } from '../../../src-shared/util/assert-never.js';
import type { KeygenKeyType } from '../../../src-shared/pki/keygen-mo.js';
import { DeviceKeyVault, keygenExecutor, KEYGEN_EXECUTOR_KEY, StagedTreeStore, type KeygenKeyPort } from '../../../src-shared/pki/keygen-executor.js';
import type { Executor } from '../../../src-shared/protocol/dm/session/client-ports.js';
import type { ManagementTree } from '../../../src-shared/protocol/dm/tree/types.js';

/** The PKI key spec of a KeyGen key type. */
export function keySpecOfKeygenType(keyType: KeygenKeyType): KeySpec {
  switch (keyType) {
    case 'EC-P256':
      return 'ec-p256';
    case 'RSA-2048':
      return 'rsa-2048';
    default:
      return assertNever(keyType, 'unknown KeyGen key type');
  }
}

/** A device key held by node:crypto: the private key and its public half. */
export interface NodeDeviceKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/**
 * The node:crypto KeyGen port: P-256 or RSA-2048 keys, CSRs from the PKI's DER builder (SHA-256,
 * proof of possession by the new key).
 */
export const nodeKeygenPort: KeygenKeyPort<NodeDeviceKey> = {
  async generate(keyType) {
    const keys = await generateKeyPairFor(keySpecOfKeygenType(keyType));
    return { privateKey: keys.privateKey, publicKey: keys.publicKey };
  },
  async buildCsr(key, subject, sanUris) {
    if (key.privateKey.type !== 'private') throw new ProvisioningError('INVALID_REQUEST', 'A CSR must be signed by a private key');
    return buildCsr(encodeName(subject), spkiFromDer(spkiDer(key.publicKey)), key.privateKey, sanUris);
  },
};

/** A simulated device's KeyGen support: its tree store, its key vault and the executor entry. */
export interface DeviceKeygen {
  /** Pass as `DmClientOptions.tree` (the executor writes `Status`/`CSR` through it). */
  readonly tree: StagedTreeStore;
  readonly vault: DeviceKeyVault<NodeDeviceKey>;
  /** Spread into `executorRegistry({...})`. */
  readonly executors: Readonly<Record<string, Executor>>;
}

/** Builds the KeyGen support of a device whose tree starts as `initial`. */
export function nodeDeviceKeygen(initial: ManagementTree, port: KeygenKeyPort<NodeDeviceKey> = nodeKeygenPort): DeviceKeygen {
  const tree = new StagedTreeStore(initial);
  const vault = new DeviceKeyVault<NodeDeviceKey>();
  return { tree, vault, executors: { [KEYGEN_EXECUTOR_KEY]: keygenExecutor({ keys: port, vault, tree }) } };
}
