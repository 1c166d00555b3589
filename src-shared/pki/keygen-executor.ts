/**
 * The device side of the KeyGen vendor MO (`urn:bootbench:mo:keygen:1.0`, docs/pki-device-keys.md §2, §8):
 * a DM client EXEC executor for `<x>/Generate` that makes a key pair through an injected port,
 * writes `Status` and `CSR` into the session's staged tree (so a following GET returns the CSR),
 * and keeps the private key OUT of the management tree, in a {@link DeviceKeyVault}.
 *
 * Why outside the tree: `SECRET_LEAF_PATHS` (session-decisions.ts) only cuts DMAcc secrets out of
 * GET/HPUT/HPOST/SUB serializations; a key leaf inside a KeyGen instance would be readable by any
 * server with Read rights on it. The vault is keyed by the instance's `AccRef` (the DMAcc ClientURI
 * whose `Auth/Trsp` uses the key), which is how the device binds the certificate delivered later.
 *
 * Pure: key generation and CSR building are injected (node:crypto in src-main, a secure element on
 * real hardware), so nothing here touches Node or a clock.
 */
import { toBase64 } from '../util/base64.js';
import { KEYGEN_MOID, KeygenKeyType, type KeygenStatus } from './keygen-mo.js';
import type { Executor, ExecOutcome } from '../protocol/dm/session/client-ports.js';
import { getInstance, nodeAt, setNode } from '../protocol/dm/tree/tree.js';
import { TreeStore, type Transaction } from '../protocol/dm/tree/transaction.js';
import { makeLeaf } from '../protocol/dm/tree/values.js';
import type { ManagementTree, MoInstance } from '../protocol/dm/tree/types.js';
import type { DmResult } from '../protocol/dm/status.js';

/** Key generation and CSR building for one key type; `K` is the device's private-key handle. */
export interface KeygenKeyPort<K> {
  /** Generates a key pair of `keyType` and returns the handle of its private key. */
  generate(keyType: KeygenKeyType): Promise<K>;
  /** Builds a PKCS#10 CSR (DER) signed by `key`, with `subject` (RFC 4514 text) and SAN URIs. */
  buildCsr(key: K, subject: string, sanUris: readonly string[]): Promise<Uint8Array>;
}

/** Private-key handles the device holds, by DMAcc ClientURI (`AccRef`); never serialized. */
export class DeviceKeyVault<K> {
  readonly #keys = new Map<string, K>();

  /** Stores (or replaces) the key bound to `accountRef`. */
  put(accountRef: string, key: K): void {
    this.#keys.set(normalizeRef(accountRef), key);
  }

  /** The key bound to `accountRef`, if any. */
  get(accountRef: string): K | undefined {
    return this.#keys.get(normalizeRef(accountRef));
  }

  /** Drops the key bound to `accountRef` (e.g. when its account is deleted). */
  delete(accountRef: string): boolean {
    return this.#keys.delete(normalizeRef(accountRef));
  }
}

const normalizeRef = (ref: string): string => (ref.endsWith('/') ? ref : `${ref}/`);

/**
 * A {@link TreeStore} that lets executors write into the transaction of the session in progress.
 *
 * The DM client runs every command of a session in one transaction, and `ExecContext.tree` is
 * read-only; an executor whose result must be readable by a GET in the same session (KeyGen's
 * `CSR`) steps the open transaction through {@link StagedTreeStore.stage}.
 */
export class StagedTreeStore extends TreeStore {
  #open: Transaction | undefined;

  /** Opens a transaction and remembers it until it commits or rolls back. */
  override begin(): Transaction {
    const tx = super.begin();
    this.#open = tx;
    const finish = (action: () => void): void => {
      if (this.#open === tx) this.#open = undefined;
      action();
    };
    return {
      get tree() {
        return tx.tree;
      },
      step: (op) => tx.step(op),
      commit: () => finish(() => tx.commit()),
      rollback: () => finish(() => tx.rollback()),
    };
  }

  /** Applies `op` to the open transaction; undefined when no transaction is open. */
  stage(op: (tree: ManagementTree) => DmResult<ManagementTree>): DmResult<ManagementTree> | undefined {
    return this.#open?.step(op);
  }
}

/** What {@link keygenExecutor} needs. */
export interface KeygenExecutorOptions<K> {
  readonly keys: KeygenKeyPort<K>;
  readonly vault: DeviceKeyVault<K>;
  readonly tree: StagedTreeStore;
}

/** Registry key of the KeyGen executor (for `executorRegistry`). */
export const KEYGEN_EXECUTOR_KEY = `${KEYGEN_MOID} Generate`;

/** EXEC status when the instance's parameters are unusable (the device refuses; data, not a throw). */
export const KEYGEN_BAD_PARAMETERS_STATUS = 400;

/** EXEC status when generation itself failed on the device. */
export const KEYGEN_FAILED_STATUS = 500;

interface Parameters {
  readonly keyType: KeygenKeyType;
  readonly subject: string;
  readonly san: string | undefined;
  readonly accountRef: string;
}

function chr(instance: MoInstance, name: string): string | undefined {
  const node = nodeAt(instance.root, [name]);
  return node?.kind === 'leaf' && typeof node.value === 'string' ? node.value : undefined;
}

function parametersOf(instance: MoInstance): Parameters | string {
  const keyType = KeygenKeyType.safeParse(chr(instance, 'KeyType'));
  if (!keyType.success) return 'KeyType must be EC-P256 or RSA-2048';
  const subject = chr(instance, 'Subject');
  if (subject === undefined || subject.trim().length === 0) return 'Subject is missing';
  const accountRef = chr(instance, 'AccRef');
  if (accountRef === undefined || accountRef.trim().length === 0) return 'AccRef is missing';
  const san = chr(instance, 'SAN');
  return { keyType: keyType.data, subject, san: san === undefined || san.length === 0 ? undefined : san, accountRef };
}

type Report = { readonly status: KeygenStatus; readonly csr?: string; readonly error?: string };

function writeReport(tree: StagedTreeStore, moid: string, miid: string, report: Report): boolean {
  const r = tree.stage((t) => {
    let next = t;
    const leaves: [string, string][] = [['Status', report.status]];
    if (report.error !== undefined) leaves.push(['Error', report.error]);
    for (const [name, value] of leaves) {
      const s = setNode(next, moid, miid, [name], makeLeaf({ format: 'chr', value }));
      if (s.status !== 'ok') return s;
      next = s.value;
    }
    if (report.csr !== undefined) {
      const s = setNode(next, moid, miid, ['CSR'], makeLeaf({ format: 'b64', value: report.csr }));
      if (s.status !== 'ok') return s;
      next = s.value;
    }
    return { status: 'ok', value: next };
  });
  return r?.status === 'ok';
}

const done = (sc: number): ExecOutcome => ({ kind: 'done', result: { sc } });

/**
 * The executor of `<x>/Generate`: reads KeyType, Subject, SAN and AccRef from the instance,
 * generates the key, stores it in the vault under AccRef, and stages `Status = Done` and `CSR`.
 *
 * Unusable parameters → `Status = Failed`, `Error`, EXEC status 400; a failing key port →
 * `Failed`, 500. The private key is never written to the tree.
 */
export function keygenExecutor<K>(options: KeygenExecutorOptions<K>): Executor {
  return async (ctx) => {
    const instance = getInstance(ctx.tree, ctx.moid, ctx.miid);
    if (instance === undefined || ctx.path.length !== 1) return done(404);
    const params = parametersOf(instance);
    if (typeof params === 'string') {
      writeReport(options.tree, ctx.moid, ctx.miid, { status: 'Failed', error: params });
      return done(KEYGEN_BAD_PARAMETERS_STATUS);
    }
    let csr: Uint8Array;
    let key: K;
    try {
      key = await options.keys.generate(params.keyType);
      csr = await options.keys.buildCsr(key, params.subject, params.san === undefined ? [] : [params.san]);
    } catch (error) {
      const detail = error instanceof Error ? error.message.slice(0, 200) : 'key generation failed';
      writeReport(options.tree, ctx.moid, ctx.miid, { status: 'Failed', error: detail });
      return done(KEYGEN_FAILED_STATUS);
    }
    if (!writeReport(options.tree, ctx.moid, ctx.miid, { status: 'Done', csr: toBase64(csr) })) return done(KEYGEN_FAILED_STATUS);
    options.vault.put(params.accountRef, key);
    return done(200);
  };
}
