import { ProvisioningError } from '../../../errors/index.js';
import type { DmResult } from '../status.js';
import type { ManagementTree } from './types.js';

/** A staged change set over a tree: mutate `tree` through pure operations, then commit or roll back. */
export interface Transaction {
  /** The staged tree (the committed tree plus every step applied so far). */
  readonly tree: ManagementTree;
  /**
   * Applies one pure step to the staged tree. A rejected step leaves the staged tree as it was
   * and is returned as data; the caller decides whether to roll back the whole transaction.
   */
  step(op: (tree: ManagementTree) => DmResult<ManagementTree>): DmResult<ManagementTree>;
  /** Makes the staged tree the store's tree. */
  commit(): void;
  /** Discards every staged step. */
  rollback(): void;
}

/**
 * Holds the current management tree and applies transactions to it.
 *
 * Trees are immutable, so a transaction is a staged tree value: commit swaps it in, rollback drops
 * it, and readers of the committed tree never see a half-applied bootstrap. One transaction may be
 * open at a time.
 */
export class TreeStore {
  #tree: ManagementTree;
  #open: boolean = false;

  constructor(initial: ManagementTree) {
    this.#tree = initial;
  }

  /** The committed tree. */
  get tree(): ManagementTree {
    return this.#tree;
  }

  /** Opens a transaction; throws INTERNAL when one is already open (a caller bug). */
  begin(): Transaction {
    if (this.#open) throw new ProvisioningError('INTERNAL', 'A tree transaction is already open');
    this.#open = true;
    let staged = this.#tree;
    let done = false;
    const ensureOpen = () => {
      if (done) throw new ProvisioningError('INTERNAL', 'Tree transaction already finished');
    };
    return {
      get tree() {
        return staged;
      },
      step: (op) => {
        ensureOpen();
        const r = op(staged);
        if (r.status === 'ok') staged = r.value;
        return r;
      },
      commit: () => {
        ensureOpen();
        done = true;
        this.#open = false;
        this.#tree = staged;
      },
      rollback: () => {
        ensureOpen();
        done = true;
        this.#open = false;
      },
    };
  }

  /**
   * Runs `body` in a transaction: commits when it returns ok, rolls back when it returns a
   * rejection or throws (the error is rethrown). All or nothing, e.g. for a bootstrap.
   */
  transact<T>(body: (tx: Transaction) => DmResult<T>): DmResult<T> {
    const tx = this.begin();
    let result: DmResult<T>;
    try {
      result = body(tx);
    } catch (error) {
      tx.rollback();
      throw error;
    }
    if (result.status === 'ok') tx.commit();
    else tx.rollback();
    return result;
  }
}
