/** A value or a typed failure, for edges that must not throw. */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** Success constructor. */
export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });
/** Failure constructor. */
export const err = <E>(error: E): { readonly ok: false; readonly error: E } => ({ ok: false, error });
