/**
 * Where server session state lives, behind an interface so that two server processes behind one
 * URL can serve one session (each loads, advances and saves with optimistic concurrency).
 */

/** Plain JSON, so a file or SQL store can hold any stored value unchanged. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A stored value with its version (incremented by every successful save). */
export interface Versioned<T> {
  readonly value: T;
  readonly version: number;
}

/** Outcome of a conditional save. `conflict` means another writer saved first: reload and retry. */
export type SaveResult = { readonly ok: true; readonly version: number } | { readonly ok: false; readonly conflict: true; readonly currentVersion: number | undefined };

/**
 * Keyed JSON storage with optimistic concurrency.
 *
 * Contract for implementers: `save(id, value, expectedVersion)` writes only when the stored version
 * equals `expectedVersion` (`undefined` = the key must be absent) and then returns the new version;
 * otherwise it writes nothing and returns a conflict. Values must round-trip through JSON. Methods
 * reject only for storage failure (a ProvisioningError), never for a conflict.
 */
export interface SessionStore {
  load(id: string): Promise<Versioned<JsonValue> | undefined>;
  save(id: string, value: JsonValue, expectedVersion: number | undefined): Promise<SaveResult>;
  /** Removes a key (no-op when absent). */
  delete(id: string): Promise<void>;
}

/**
 * An in-memory {@link SessionStore}: one instance may be shared by several servers in a process.
 *
 * Values are stored as JSON text, so what comes back is a copy and non-JSON values are caught.
 */
export class MemorySessionStore implements SessionStore {
  readonly #entries = new Map<string, { text: string; version: number }>();

  /** Keys currently stored (for tests and diagnostics). */
  keys(): string[] {
    return [...this.#entries.keys()];
  }

  load(id: string): Promise<Versioned<JsonValue> | undefined> {
    const e = this.#entries.get(id);
    return Promise.resolve(e === undefined ? undefined : { value: JSON.parse(e.text) as JsonValue, version: e.version });
  }

  save(id: string, value: JsonValue, expectedVersion: number | undefined): Promise<SaveResult> {
    const current = this.#entries.get(id)?.version;
    if (current !== expectedVersion) return Promise.resolve({ ok: false, conflict: true, currentVersion: current });
    const version = (current ?? 0) + 1;
    this.#entries.set(id, { text: JSON.stringify(value), version });
    return Promise.resolve({ ok: true, version });
  }

  delete(id: string): Promise<void> {
    this.#entries.delete(id);
    return Promise.resolve();
  }
}
