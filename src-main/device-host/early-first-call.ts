/**
 * Starts `call` now and hands its pending result to the first caller of the returned function;
 * later callers get fresh calls.
 *
 * The device host uses it for the first serial-port listing, which is slow (the OS enumeration
 * spawns `udevadm` on Linux) and would otherwise only start once the station's modules have loaded.
 * A rejection is kept for the first caller (and never reported as unhandled).
 */
export function earlyFirstCall<T>(call: () => Promise<T>): () => Promise<T> {
  let early: Promise<T> | undefined = call();
  early.catch(() => undefined);
  return () => {
    const first = early;
    early = undefined;
    return first ?? call();
  };
}
