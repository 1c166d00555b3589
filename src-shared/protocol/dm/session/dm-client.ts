/**
 * The DM client engine (digest Appendix B) as an object over injected ports: it opens sessions
 * with a server, runs every Package#2 strictly in order against one tree transaction (committed
 * at END, rolled back on abort: nothing half-provisioned), and keeps the state that outlives a
 * session (pending alerts, DEFAULT sources, subscriptions).
 */
import { ProvisioningError } from '../../../errors/index.js';
import type { AbortSignalLike } from '../../../ports/abort.js';
import type { Logger } from '../../../ports/clock.js';
import type { HttpClient, HttpResponse } from '../../../ports/http.js';
import { accountsOf, visibleMos } from '../access-control.js';
import { withDacmoView } from '../dacmo.js';
import { MO_SERIALIZATION_MEDIA_TYPE } from '../decisions.js';
import type { DmLimits } from '../limits.js';
import { bootstrapCompleteAlert, clientInitiatedAlert, serverInitiatedAlert, type GenericAlert } from '../packages/alerts.js';
import { MEDIA_TYPES, OMADM_ACCEPT_HEADER, clientPackageHeaders } from '../packages/media-types.js';
import { encodePackage1 } from '../packages/package1.js';
import { parsePackage2Json } from '../packages/package2.js';
import { encodePackage3, type StatusItem } from '../packages/package3.js';
import type { FormatHook } from '../serialization.js';
import type { DmResult } from '../status.js';
import { utf8Encode } from '../text.js';
import type { TreeStore } from '../tree/transaction.js';
import { nodeAt } from '../tree/tree.js';
import type { ManagementTree } from '../tree/types.js';
import { emptyClientState, executorRegistry, type ClientState, type ExecutorRegistry, type PendingAlert, type UserInteraction } from './client-ports.js';
import { executeCommand, type CommandEnv } from './client-commands.js';
import { acceptedTypes, bodyText, header, mediaTypeOf } from './http-util.js';
import type { RepositoryCallContext } from './repository-client.js';
import { reportChanges, type SubscriptionReport } from './subscriptions.js';
import { requestConfiguration, type ConfigurationOutcome } from './configuration-request.js';
import { MAX_SESSION_PACKAGES } from './session-decisions.js';

/** What a client engine needs. */
export interface DmClientOptions {
  /** DevInfo DevID, sent as OMADM-DevID. */
  readonly devId: string;
  readonly http: HttpClient;
  readonly tree: TreeStore;
  readonly executors?: ExecutorRegistry;
  /** The station's Web Browser Component; absent → SHOW answers 501. */
  readonly ui?: UserInteraction;
  /** State restored from the last run. */
  readonly state?: ClientState;
  /** MO serialization media types this client reads and writes. @default [MO_SERIALIZATION_MEDIA_TYPE] */
  readonly moMediaTypes?: readonly string[];
  readonly limits?: Partial<DmLimits>;
  readonly formatOf?: FormatHook;
  /** Package#2s accepted in one session before the client gives up. @default MAX_SESSION_PACKAGES */
  readonly maxPackages?: number;
  readonly logger?: Logger;
  /** Called whenever the persistent state changes (the station saves it). */
  readonly onStateChange?: (state: ClientState) => void;
}

/** Why a session was opened: the session alert of Package#1 (digest §2.3). */
export type SessionStart = { readonly kind: 'client-initiated' } | { readonly kind: 'server-initiated'; readonly notificationId: number } | { readonly kind: 'bootstrap-complete' };

/** Options of one session. */
export interface OpenSessionOptions {
  /** @default client-initiated */
  readonly start?: SessionStart;
  /** Where to POST Package#1. @default the account's SrvURI */
  readonly url?: string;
  readonly signal?: AbortSignalLike;
}

/** Why the client gave up on a session (the tree was rolled back). */
export type AbortReason =
  | { readonly kind: 'http-status'; readonly status: number; readonly detail: string }
  | { readonly kind: 'bad-package'; readonly detail: string }
  | { readonly kind: 'package-limit'; readonly detail: string };

/** How a session ended. Transport failures reject instead (after rollback). */
export type SessionOutcome =
  | { readonly kind: 'completed'; readonly packages: number; readonly statuses: readonly (readonly StatusItem[])[]; readonly reports: readonly SubscriptionReport[] }
  | { readonly kind: 'aborted'; readonly packages: number; readonly reason: AbortReason };

class Abort extends Error {
  constructor(readonly reason: AbortReason) {
    super(reason.detail);
  }
}

function sessionAlert(start: SessionStart): GenericAlert {
  switch (start.kind) {
    case 'client-initiated':
      return clientInitiatedAlert();
    case 'server-initiated':
      return serverInitiatedAlert(start.notificationId);
    case 'bootstrap-complete':
      return bootstrapCompleteAlert();
    default: {
      const never: never = start;
      throw new ProvisioningError('INTERNAL', `unknown session start ${JSON.stringify(never)}`);
    }
  }
}

/** The DM client engine; see the module comment. One session at a time per tree. */
export class DmClient {
  readonly #o: DmClientOptions;
  readonly #state: { current: ClientState };
  readonly #work = new Set<Promise<void>>();

  constructor(options: DmClientOptions) {
    this.#o = options;
    this.#state = { current: options.state ?? emptyClientState() };
  }

  /** The persistent client state (JSON). */
  get state(): ClientState {
    return this.#state.current;
  }

  /** Resolves once every asynchronous EXEC started so far has completed and queued its alert. */
  async settled(): Promise<void> {
    while (this.#work.size > 0) await Promise.all([...this.#work]);
  }

  #setState(next: ClientState): void {
    if (next === this.#state.current) return;
    this.#state.current = next;
    this.#o.onStateChange?.(next);
  }

  #repo(signal: AbortSignalLike | undefined): RepositoryCallContext {
    const o = this.#o;
    return {
      http: o.http,
      moMediaTypes: o.moMediaTypes ?? [MO_SERIALIZATION_MEDIA_TYPE],
      ...(signal === undefined ? {} : { signal }),
      ...(o.limits === undefined ? {} : { limits: o.limits }),
      ...(o.formatOf === undefined ? {} : { formatOf: o.formatOf }),
    };
  }

  /** The DMAcc SrvURI of a server, or INVALID_REQUEST when the client has no account for it. */
  serverUrlOf(serverId: string): string {
    const acc = accountsOf(this.#o.tree.tree, serverId)[0];
    const n = acc === undefined ? undefined : nodeAt(acc.root, ['SrvURI']);
    if (n?.kind !== 'leaf' || typeof n.value !== 'string') throw new ProvisioningError('INVALID_REQUEST', `no DM account with a SrvURI for server ${serverId}`);
    return n.value;
  }

  #drain(serverId: string, url: string, home: string): GenericAlert[] {
    const mine = (p: PendingAlert) => p.serverId === serverId && (p.url === url || (p.url === null && url === home));
    const s = this.#state.current;
    const out = s.pendingAlerts.filter(mine).map((p) => p.alert);
    if (out.length > 0) this.#setState({ ...s, pendingAlerts: s.pendingAlerts.filter((p) => !mine(p)) });
    return out;
  }

  async #post(url: string, kind: 'package1' | 'package3', body: string, signal: AbortSignalLike | undefined): Promise<HttpResponse> {
    return this.#o.http.send({ method: 'POST', url, headers: clientPackageHeaders(kind, this.#o.devId), body: utf8Encode(body) }, signal);
  }

  #package2(r: HttpResponse) {
    const text = bodyText(r.body);
    if (r.status !== 200) throw new Abort({ kind: 'http-status', status: r.status, detail: (text ?? '').slice(0, 200) });
    const type = mediaTypeOf(header(r.headers, 'content-type'));
    if (type !== MEDIA_TYPES.request) throw new Abort({ kind: 'bad-package', detail: `Package#2 with Content-Type ${type ?? '(none)'}` });
    if (text === undefined) throw new Abort({ kind: 'bad-package', detail: 'Package#2 is not UTF-8' });
    try {
      return { p2: parsePackage2Json(text, this.#o.limits === undefined ? {} : { limits: this.#o.limits }), accept: acceptedTypes(header(r.headers, OMADM_ACCEPT_HEADER)) };
    } catch (error) {
      if (error instanceof ProvisioningError) throw new Abort({ kind: 'bad-package', detail: error.message });
      throw error;
    }
  }

  /**
   * Runs one DM session with `serverId` (digest Appendix B). Resolves with the outcome; rejects
   * (after rolling back) only on transport failure or cancellation.
   */
  async openSession(serverId: string, options: OpenSessionOptions = {}): Promise<SessionOutcome> {
    const home = this.serverUrlOf(serverId);
    const url = options.url ?? home;
    const before = this.#o.tree.tree;
    const savedState = this.#state.current;
    const tx = this.#o.tree.begin();
    let packages = 0;
    // Alerts handed to this session; given back to the queue if it aborts (at-least-once delivery).
    const drained = this.#drain(serverId, url, home);
    const statuses: StatusItem[][] = [];
    try {
      // The DACMO is virtual (built from permissions), so list it from the server's view of it.
      const p1 = { MOS: visibleMos(withDacmoView(tx.tree, serverId), serverId), Alert: [sessionAlert(options.start ?? { kind: 'client-initiated' }), ...drained] };
      let response = await this.#post(url, 'package1', encodePackage1(p1), options.signal);
      let target = url;
      for (;;) {
        const { p2, accept } = this.#package2(response);
        packages++;
        const limit = this.#o.maxPackages ?? MAX_SESSION_PACKAGES;
        if (packages > limit) throw new Abort({ kind: 'package-limit', detail: `server sent more than ${limit} Package#2s without END` });
        const env: CommandEnv = { ...this.#repo(options.signal), serverId, tx, executors: this.#o.executors ?? executorRegistry({}), ui: this.#o.ui, state: this.#state, serverAccept: accept, track: (w) => this.#track(w) };
        const round: StatusItem[] = [];
        let ended = false;
        for (const c of p2.commands) {
          if (options.signal?.aborted === true) throw new ProvisioningError('CANCELLED', 'DM session cancelled');
          if (!c.ok) {
            round.push({ sc: c.error.sc });
            continue;
          }
          const out = await executeCommand(c.value, env);
          if (out.end === true) ended = true;
          if (out.cont !== undefined) target = out.cont;
          if (out.status !== undefined) round.push(out.status);
        }
        this.#o.onStateChange?.(this.#state.current);
        statuses.push(round);
        if (ended) break;
        const alerts = this.#drain(serverId, url, home);
        drained.push(...alerts);
        response = await this.#post(target, 'package3', encodePackage3(alerts.length === 0 ? { Status: round } : { Status: round, Alert: alerts }), options.signal);
      }
      tx.commit();
    } catch (error) {
      tx.rollback();
      this.#setState({ ...savedState, pendingAlerts: [...drained.map((alert) => ({ serverId, url: url === home ? null : url, alert })), ...this.#state.current.pendingAlerts] });
      if (error instanceof Abort) return { kind: 'aborted', packages, reason: error.reason };
      throw error;
    }
    const reports = await reportChanges(this.#repo(options.signal), before, this.#o.tree.tree, this.#state.current.subscriptions);
    return { kind: 'completed', packages, statuses, reports };
  }

  #track(work: Promise<void>): void {
    const w: Promise<void> = work.then(
      () => {
        this.#work.delete(w);
        this.#o.onStateChange?.(this.#state.current);
      },
      () => {
        this.#work.delete(w);
      },
    );
    this.#work.add(w);
  }

  /**
   * Opens one session per EXEC ServerURI that has alerts waiting (asynchronous EXEC results,
   * digest §3.5), each carrying those alerts. Alerts for a server's own SrvURI wait for its next
   * `openSession`.
   */
  async sendPendingAlerts(signal?: AbortSignalLike): Promise<SessionOutcome[]> {
    const targets = new Map<string, string>();
    for (const p of this.#state.current.pendingAlerts) if (p.url !== null) targets.set(`${p.serverId}\n${p.url}`, p.serverId);
    const out: SessionOutcome[] = [];
    for (const [key, serverId] of targets) out.push(await this.openSession(serverId, { url: key.slice(serverId.length + 1), ...(signal === undefined ? {} : { signal }) }));
    return out;
  }

  /**
   * A local change (e.g. the station's own app editing settings): applied as one transaction,
   * then reported to subscribers. Rejections are returned as data. Throws INTERNAL while a
   * session holds the tree's transaction (one writer at a time; retry after the session).
   */
  async update(op: (tree: ManagementTree) => DmResult<ManagementTree>, signal?: AbortSignalLike): Promise<DmResult<readonly SubscriptionReport[]>> {
    const before = this.#o.tree.tree;
    const r = this.#o.tree.transact((tx) => tx.step(op));
    if (r.status !== 'ok') return r;
    return { status: 'ok', value: await reportChanges(this.#repo(signal), before, this.#o.tree.tree, this.#state.current.subscriptions) };
  }

  /** The device-initiated configuration request for `moid`; see `configuration-request.ts`. */
  async requestConfiguration(moid: string, signal?: AbortSignalLike): Promise<ConfigurationOutcome> {
    return requestConfiguration(moid, {
      tree: this.#o.tree,
      repo: this.#repo(signal),
      state: this.#state,
      setState: (s) => this.#setState(s),
      report: (before) => reportChanges(this.#repo(signal), before, this.#o.tree.tree, this.#state.current.subscriptions),
    });
  }
}
