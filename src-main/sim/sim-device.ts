import { setTimeout as delay } from 'node:timers/promises';
import { BOOTSTRAP_SERVER_ID } from '../../src-shared/bootstrap/cable-constants.js';
import type { DeviceState } from '../../src-shared/bootstrap/device-state.js';
import { devIdOf, factoryTree } from '../../src-shared/bootstrap/factory-tree.js';
import { createLinkEndpoint } from '../../src-shared/link/link-endpoint.js';
import type { LinkTimers } from '../../src-shared/link/link-types.js';
import type { ByteChannel, ChannelCloseReason } from '../../src-shared/ports/byte-channel.js';
import { STANDARD_MOIDS } from '../../src-shared/protocol/dm/mo-ids.js';
import { instancesOf } from '../../src-shared/protocol/dm/tree/tree.js';
import { DmClient, NotificationPolicy, emptyClientState, executorRegistry, type SessionOutcome, type SessionStart } from '../../src-shared/protocol/dm/session/index.js';
import { DeviceKeyVault, KEYGEN_EXECUTOR_KEY, StagedTreeStore, keygenExecutor } from '../../src-shared/pki/keygen-executor.js';
import { nodeKeygenPort, type NodeDeviceKey } from '../provisioning/credentials/device-keygen.js';
import { textResponse } from '../../src-shared/protocol/dm/session/http-util.js';
import { LinkHttpClient, serveOverLink } from '../bootstrap/link-http.js';
import { LinkDriver } from '../transports/link-driver.js';
import { AtLineBuffer, answerAt } from './at-responder.js';
import { FaultChannel, type LineFaults } from './fault-channel.js';
import type { SimIdentity } from './sim-identity.js';
import type { StateStore } from './state-store.js';
import { nodeRandom, nodeSha256, systemClock } from '../platform/node-ports.js';

/** What a simulated handset reports about itself (one JSON line each on the CLI's stderr). */
export type SimEvent =
  | { readonly kind: 'at'; readonly command: string }
  | { readonly kind: 'link-up' }
  | { readonly kind: 'notification'; readonly accepted: boolean; readonly detail: string }
  | { readonly kind: 'session'; readonly start: SessionStart['kind']; readonly outcome: SessionOutcome['kind'] | 'failed'; readonly detail?: string }
  | { readonly kind: 'committed'; readonly generation: number; readonly bootstrap: DeviceState['bootstrap'] }
  | { readonly kind: 'hangup'; readonly atEpochMs: number; readonly offset: number }
  | { readonly kind: 'line-closed'; readonly reason: ChannelCloseReason };

/** Options of {@link SimDevice}. */
export interface SimDeviceOptions {
  readonly channel: ByteChannel;
  readonly store: StateStore;
  readonly identity: SimIdentity;
  /** Configuration MOIDs the factory bootstrap account may create (besides the fixed ones). */
  readonly extraGrants?: readonly string[];
  readonly faults?: LineFaults & { readonly slowMs?: number };
  /** Seeds fault injection. @default 1 */
  readonly seed?: number;
  readonly linkTimers?: Partial<LinkTimers>;
  readonly onEvent?: (event: SimEvent) => void;
  /**
   * Where the handset keeps keys it generates through its KeyGen MO (device-csr credentials), by
   * account; pass one that outlives the line to model a secure element. @default a new vault
   */
  readonly keyVault?: DeviceKeyVault<NodeDeviceKey>;
}

/** Configuration MOIDs a simulated handset accepts from the cable when none are given. */
export const DEFAULT_SIM_GRANTS: readonly string[] = ['urn:oma:mo:ext-bootbench-apn:1.0', 'urn:oma:mo:ext-bootbench-settings:1.0'];


/**
 * A simulated DM 2.0 handset on one end of a line: answers AT commands, switches to the
 * Bootbench link on `AT+BBLINK`, runs the DM client engine for Package#0s that arrive over the
 * link, commits the tree to its {@link StateStore} only after a session ended with END, and then
 * opens the `BootstrapComplete` session. `run` resolves when the line closes, after any commit
 * that was under way has reached the store.
 */
export class SimDevice {
  #state!: DeviceState;
  #chain: Promise<void> = Promise.resolve();
  #line: FaultChannel | undefined;
  #saving: Promise<void> = Promise.resolve();

  readonly #vault: DeviceKeyVault<NodeDeviceKey>;

  constructor(private readonly o: SimDeviceOptions) {
    this.#vault = o.keyVault ?? new DeviceKeyVault<NodeDeviceKey>();
  }

  /** Keys the handset generated (device-csr), by account. */
  get keyVault(): DeviceKeyVault<NodeDeviceKey> {
    return this.#vault;
  }

  /** The committed state (after `run` started). */
  get state(): DeviceState {
    return this.#state;
  }

  /** Runs the device until its line closes; resolves with the close reason. */
  async run(): Promise<ChannelCloseReason> {
    const o = this.o;
    const loaded = await o.store.load();
    if (loaded === undefined) {
      this.#state = { tree: factoryTree(o.identity, o.extraGrants ?? DEFAULT_SIM_GRANTS), client: emptyClientState(), bootstrap: 'factory', generation: 1 };
      await o.store.save(this.#state);
    } else {
      this.#state = loaded;
    }
    const emit = (e: SimEvent): void => o.onEvent?.(e);
    const line = new FaultChannel(o.channel, o.faults ?? {}, o.seed ?? 1, (atEpochMs, offset) => emit({ kind: 'hangup', atEpochMs, offset }));
    const closed = new Promise<ChannelCloseReason>((resolve) => o.channel.onClose(resolve));
    this.#line = line;
    this.#listenAt(line, emit);
    const reason = await closed;
    emit({ kind: 'line-closed', reason });
    await this.#chain;
    await this.#saving;
    return reason;
  }

  /** Device-bound bytes received so far (the offset `--fault hangup-at` counts). */
  get receivedBytes(): number {
    return this.#line?.received ?? 0;
  }

  /** AT command mode: answers lines until AT+BBLINK switches the line to the link. */
  #listenAt(line: FaultChannel, emit: (e: SimEvent) => void): void {
    const lines = new AtLineBuffer();
    let active = true;
    const off = line.onData((chunk) => {
      if (!active) return;
      for (const command of lines.push(chunk)) {
        emit({ kind: 'at', command: command.trim() });
        const reply = answerAt(command, this.o.identity, this.#state.bootstrap);
        void line.write(new TextEncoder().encode(reply.text)).catch(() => undefined);
        if (reply.switchToLink) {
          active = false;
          off();
          this.#startLink(line, emit);
          return;
        }
      }
    });
  }

  #startLink(line: FaultChannel, emit: (e: SimEvent) => void): void {
    const o = this.o;
    const id = o.identity;
    const endpoint = createLinkEndpoint({ role: 'device', identity: { imei: id.imei, manufacturer: id.manufacturer, model: id.model, firmware: id.firmware }, random: nodeRandom, timers: { initialRtoMs: 200, ...o.linkTimers } });
    const link = new LinkDriver({ channel: line, endpoint });
    line.armLink();
    const slow = o.faults?.slowMs ?? 0;
    const http = new LinkHttpClient(link, slow > 0 ? () => delay(slow) : undefined);
    const tree = new StagedTreeStore(this.#state.tree);
    const keygen = keygenExecutor({ keys: nodeKeygenPort, vault: this.#vault, tree });
    const client = new DmClient({ devId: devIdOf(id.imei), http, tree, state: this.#state.client, executors: executorRegistry({ [KEYGEN_EXECUTOR_KEY]: keygen }) });
    const policy = new NotificationPolicy({ clock: systemClock, sha256: nodeSha256 });
    serveOverLink(link, () => Promise.resolve(textResponse(404, 'this handset serves nothing over the link')));
    const session = async (serverId: string, start: SessionStart): Promise<SessionOutcome | undefined> => {
      try {
        const outcome = await client.openSession(serverId, { start });
        emit({ kind: 'session', start: start.kind, outcome: outcome.kind, ...(outcome.kind === 'aborted' ? { detail: outcome.reason.detail } : {}) });
        return outcome;
      } catch (error) {
        emit({ kind: 'session', start: start.kind, outcome: 'failed', detail: error instanceof Error ? error.message : String(error) });
        return undefined;
      }
    };
    const commit = async (bootstrap: DeviceState['bootstrap']): Promise<void> => {
      const next: DeviceState = { tree: tree.tree, client: client.state, bootstrap, generation: this.#state.generation + 1 };
      const write = o.store.save(next);
      this.#saving = write.catch(() => undefined);
      await write;
      this.#state = next;
      emit({ kind: 'committed', generation: next.generation, bootstrap });
    };
    const completeBootstrap = async (): Promise<void> => {
      const outcome = await session(BOOTSTRAP_SERVER_ID, { kind: 'bootstrap-complete' });
      if (outcome?.kind === 'completed') await commit('complete');
    };
    const onNotification = async (payload: Uint8Array): Promise<void> => {
      const d = policy.evaluate(payload, tree.tree);
      emit({ kind: 'notification', accepted: d.accept, detail: d.accept ? d.serverId : `${d.reason}: ${d.detail}` });
      if (!d.accept) return;
      const accountsBefore = instancesOf(tree.tree, STANDARD_MOIDS.dmAcc).length;
      const wasFactory = this.#state.bootstrap === 'factory';
      const outcome = await session(d.serverId, d.notificationId === null ? { kind: 'client-initiated' } : { kind: 'server-initiated', notificationId: d.notificationId });
      if (outcome?.kind !== 'completed') return;
      const bootstrapped = d.serverId === BOOTSTRAP_SERVER_ID && wasFactory && instancesOf(tree.tree, STANDARD_MOIDS.dmAcc).length > accountsBefore;
      await commit(bootstrapped ? 'bootstrapped' : this.#state.bootstrap);
      if (bootstrapped) await completeBootstrap();
    };
    const enqueue = (work: () => Promise<void>): void => {
      this.#chain = this.#chain.then(work).catch(() => undefined);
    };
    link.onEvent((event) => {
      if (event.kind === 'hello-complete') {
        emit({ kind: 'link-up' });
        if (this.#state.bootstrap === 'bootstrapped') enqueue(completeBootstrap);
      } else if (event.kind === 'notification') {
        enqueue(() => onNotification(event.payload));
      } else if (event.kind === 'closed' || event.kind === 'failed') {
        // The station closed the link (or it died) but the line may live on: back to AT mode.
        this.#chain = this.#chain.then(() => this.#listenAt(line, emit));
      }
    });
  }
}
