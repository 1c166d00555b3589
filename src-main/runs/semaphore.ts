/** A counting semaphore: at most `limit` holders at once, waiters served in arrival order. */
export class Semaphore {
  #held = 0;
  readonly #waiters: (() => void)[] = [];

  constructor(private limit: number) {
    this.limit = Math.max(1, Math.floor(limit));
  }

  /** Holders right now. */
  get held(): number {
    return this.#held;
  }

  /** Waits for a permit; resolves with its release function (idempotent). */
  async acquire(): Promise<() => void> {
    if (this.#held < this.limit) this.#held++;
    else await new Promise<void>((resolve) => this.#waiters.push(resolve)); // the permit is handed over
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      if (next !== undefined) next();
      else this.#held--;
    };
  }
}
