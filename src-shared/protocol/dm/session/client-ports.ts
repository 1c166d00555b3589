/**
 * What the client engine needs from the station and what it remembers between sessions: EXEC
 * executors, the SHOW user-interaction port, and the client's persistent session state.
 */
import type { AbortSignalLike } from '../../../ports/abort.js';
import type { AlertMark, GenericAlert } from '../packages/alerts.js';
import type { ManagementTree } from '../tree/types.js';

/** Where an executed node lives and who asked. */
export interface ExecContext {
  readonly serverId: string;
  readonly moid: string;
  readonly miid: string;
  /** Node path below the instance root, e.g. `['DownloadAndUpdate']`. */
  readonly path: readonly string[];
  /** Concrete ClientURI of the node. */
  readonly uri: string;
  /** The tree as the session has staged it (read-only). */
  readonly tree: ManagementTree;
  readonly signal?: AbortSignalLike;
}

/** The final result of an execution, reported as `sc` or in a Generic Alert. */
export interface ExecCompletion {
  readonly sc: number;
  /** @default EXEC_RESULT_ALERT_TYPE */
  readonly alertType?: string;
  readonly mark?: AlertMark;
  /** Extra alert data (merged with `{Result: sc}`). */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** What an executor did: finished now, or accepted work that completes later (status 202). */
export type ExecOutcome = { readonly kind: 'done'; readonly result: ExecCompletion } | { readonly kind: 'async'; readonly completion: Promise<ExecCompletion> };

/** Runs one executable node. Rejections count as a failed execution (sc 500). */
export type Executor = (ctx: ExecContext) => ExecOutcome | Promise<ExecOutcome>;

/** Finds the executor of a node; undefined = the node is not executable (405). */
export interface ExecutorRegistry {
  find(moid: string, path: readonly string[]): Executor | undefined;
}

/** A registry from `"<MOID> <node/path>"` keys, e.g. `"urn:oma:mo:oma-fumo:1.0 DownloadAndUpdate"`. */
export function executorRegistry(entries: Readonly<Record<string, Executor>>): ExecutorRegistry {
  const map = new Map(Object.entries(entries));
  return { find: (moid, path) => map.get(`${moid} ${path.join('/')}`) };
}

/** One SHOW the station must display: the device's browser opens `url` for `serverId`. */
export interface ShowRequest {
  readonly url: string;
  readonly serverId: string;
}

/**
 * The user-interaction port (digest §9): the station's Web Browser Component.
 *
 * `show` resolves `launched` once the page is on screen (the session continues at once, digest
 * §3.7) or `failed` when it cannot be shown; it must not wait for the user. The user's answer
 * goes from the page to the SHOW URL's web server component (see `postShowAnswer`), never through
 * the DM session.
 */
export interface UserInteraction {
  show(request: ShowRequest, signal?: AbortSignalLike): Promise<'launched' | 'failed'>;
}

/** An alert waiting for a later session: to `url` (an EXEC ServerURI) or to the server's SrvURI. */
export type PendingAlert = { readonly serverId: string; readonly url: string | null; readonly alert: GenericAlert };

/** DEFAULT configuration sources (digest §3.10): one ServerURI per MOID. */
export type DefaultSource = { readonly moid: string; readonly serverUri: string; readonly serverId: string };

/** A SUB subscription (digest §3.11): PUT the subtree at `clientUri` to `serverUri` on change. */
export type Subscription = { readonly serverId: string; readonly serverUri: string; readonly clientUri: string };

/** What the client remembers between sessions (plain JSON, persisted by the station). */
export type ClientState = {
  readonly pendingAlerts: readonly PendingAlert[];
  readonly defaults: readonly DefaultSource[];
  readonly subscriptions: readonly Subscription[];
};

/** A client that remembers nothing yet. */
export function emptyClientState(): ClientState {
  return { pendingAlerts: [], defaults: [], subscriptions: [] };
}
