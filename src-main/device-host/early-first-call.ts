/** A call started before its answer is needed, handed out only once it has come (see {@link headStartCall}). */
export interface HeadStartCall<T> {
  /**
   * The early answer if it has come and was not handed out yet; `whilePending` while it has not
   * come; a fresh call once it was handed out.
   */
  call(): Promise<T>;
  /** Settles (never rejects) when the early call has. */
  readonly settled: Promise<void>;
  /** Whether the early answer has not been handed out yet. */
  unused(): boolean;
}

/**
 * Starts `call` now, without making anyone wait for it.
 *
 * The device host uses it for the first serial-port listing, which is slow (the OS enumeration
 * spawns `udevadm` on Linux): it starts while the station's modules load, the station's first scan
 * takes it if it has come (else scans the explicit paths only, `whilePending` being `[]`) and the
 * host scans again when it comes. A rejection is kept for its taker, never reported as unhandled.
 */
export function headStartCall<T>(call: () => Promise<T>, whilePending: T): HeadStartCall<T> {
  let early: Promise<T> | undefined = call();
  let done = false;
  const settled = early.then(
    () => undefined,
    () => undefined,
  );
  void settled.then(() => (done = true));
  return {
    call() {
      if (early === undefined) return call();
      if (!done) return Promise.resolve(whilePending);
      const first = early;
      early = undefined;
      return first;
    },
    settled: settled.then(() => undefined),
    unused: () => early !== undefined,
  };
}
