/**
 * The part of `AbortSignal` that sans-I/O code needs.
 *
 * `src-shared` compiles without DOM and Node types, so the global `AbortSignal` type does not
 * exist here; both Node's and the browser's `AbortSignal` satisfy this interface structurally.
 */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
