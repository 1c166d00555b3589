import { createHash } from 'node:crypto';
import { ProvisioningError } from '../../../../../src-shared/errors/index.js';
import type { Clock, Random } from '../../../../../src-shared/ports/clock.js';
import type { HttpClient, HttpHandler, HttpRequest, HttpResponse, PeerIdentity } from '../../../../../src-shared/ports/http.js';
import {
  STANDARD_MOIDS,
  TreeStore,
  createInstance,
  emptyTree,
  makeInterior,
  makeLeaf,
  setPermissions,
  type InteriorNode,
  type DmCommand,
  type ManagementTree,
  type Principal,
  type TreeNode,
} from '../../../../../src-shared/protocol/dm/index.js';
import { utf8Decode, utf8Encode } from '../../../../../src-shared/protocol/dm/text.js';
import {
  DataRepository,
  DmClient,
  MemorySessionStore,
  handleDmRequest,
  type DmClientOptions,
  type DmServerDeps,
  type ServerApp,
  type ServerEvent,
  type SessionStore,
  type SessionTurn,
} from '../../../../../src-shared/protocol/dm/session/index.js';

/** Deterministic clock under test control. */
export class FakeClock implements Clock {
  constructor(public now = Date.UTC(2026, 10, 24, 11, 0, 0)) {}
  nowMs(): number {
    return this.now;
  }
  monotonicMs(): number {
    return this.now;
  }
}

/** Deterministic "random" bytes: a counter, so tokens differ and runs repeat. */
export class CounterRandom implements Random {
  #n = 0;
  constructor(private readonly seed = 1) {}
  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    this.#n++;
    for (let i = 0; i < length; i++) out[i] = (this.#n * 31 + i * 7 + this.seed * 101) & 0xff;
    out[0] = this.#n & 0xff;
    out[1] = (this.#n >> 8) & 0xff;
    out[2] = this.seed & 0xff;
    return out;
  }
}

/** SHA-256 port backed by node:crypto (an independent implementation). */
export const sha256 = (bytes: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(bytes).digest());

/** One recorded exchange. */
export interface Exchange {
  readonly request: HttpRequest;
  readonly response: HttpResponse;
}

/**
 * In-memory HTTP: an HttpClient that routes absolute URLs to mounted handlers by prefix
 * (`http://srv/dm`), passing origin-form URLs as a real server would. Records every exchange.
 */
export class MemoryNetwork implements HttpClient {
  readonly #mounts: { prefix: string; handler: HttpHandler }[] = [];
  readonly log: Exchange[] = [];
  peer: PeerIdentity = { transport: 'memory' };

  mount(prefix: string, handler: HttpHandler): void {
    this.#mounts.push({ prefix, handler });
    this.#mounts.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    const m = this.#mounts.find((x) => request.url === x.prefix || request.url.startsWith(x.prefix.endsWith('/') ? x.prefix : `${x.prefix}/`) || request.url.startsWith(`${x.prefix}?`));
    if (m === undefined) throw new ProvisioningError('DEVICE_DISCONNECTED', `no route to ${request.url}`);
    const origin = /^https?:\/\/[^/]+/.exec(request.url)![0];
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = v;
    const response = await m.handler({ ...request, url: request.url.slice(origin.length) || '/', headers }, this.peer);
    this.log.push({ request, response });
    return response;
  }

  /** Requests sent to URLs starting with `prefix`. */
  sentTo(prefix: string): Exchange[] {
    return this.log.filter((e) => e.request.url.startsWith(prefix));
  }
}

/** Body of a request/response as text. */
export const textOf = (body: Uint8Array): string => utf8Decode(body) ?? '<binary>';
/** JSON body. */
export const jsonOf = (body: Uint8Array): unknown => JSON.parse(textOf(body));
/** UTF-8 bytes. */
export const bytes = (text: string): Uint8Array => utf8Encode(text);

/** Plain subtree description: strings are chr leaves, objects interior nodes. */
export type Plain = string | { readonly [name: string]: Plain };

/** Builds a node from a plain description. */
export function nodeOf(plain: Plain): TreeNode {
  if (typeof plain === 'string') return makeLeaf({ format: 'chr', value: plain });
  return makeInterior(Object.entries(plain).map(([k, v]) => [k, nodeOf(v)] as const));
}

/** Adds an instance to a tree. */
export function withInstance(tree: ManagementTree, moid: string, miid: string, rootName: string, plain: { readonly [name: string]: Plain }, creator: Principal = { kind: 'local' }): ManagementTree {
  const r = createInstance(tree, { moid, miid, rootName, root: nodeOf(plain) as InteriorNode, creator });
  if (r.status !== 'ok') throw new Error(r.detail);
  return r.value;
}

export const FUMO = 'urn:oma:mo:oma-fumo:1.0';
export const APP = 'urn:oma:mo:ex-app:1.0';
export const { dmAcc: DMACC, devInfo: DEVINFO, dacmo: DACMO } = STANDARD_MOIDS;
export const DEV_ID = 'IMEI:356938035643809';

/** A DMAcc account for `serverId` with the given MOID grants. */
export function account(serverId: string, srvUri: string, moids: readonly string[], extra: { readonly [name: string]: Plain } = {}): { readonly [name: string]: Plain } {
  const perm: Record<string, Plain> = {};
  moids.forEach((m, i) => (perm[String(i + 1)] = { MOID: m }));
  return { SrvID: serverId, SrvURI: srvUri, Name: serverId, Perm: perm, ...extra };
}

/** A device tree: DevInfo plus one DMAcc per server. */
export function deviceTree(accounts: ReadonlyArray<readonly [string, { readonly [name: string]: Plain }]>): ManagementTree {
  let tree = withInstance(emptyTree(), DEVINFO, 'di', 'DevInfo', { DevID: DEV_ID, Man: 'Acme', Mod: 'Gateway-7', DmV: '2.0' });
  for (const [miid, plain] of accounts) {
    tree = withInstance(tree, DMACC, miid, 'DMAcc', plain);
    // The station's factory policy: every bootstrapped server may read DevInfo.
    const r = setPermissions(tree, DEVINFO, 'di', (plain as { SrvID: string }).SrvID, ['Read']);
    if (r.status !== 'ok') throw new Error(r.detail);
    tree = r.value;
  }
  return tree;
}

/** A DM server mounted on a network, with its store, repository and recorded events. */
export interface TestServer {
  readonly deps: DmServerDeps;
  readonly events: ServerEvent[];
  readonly repo: DataRepository;
  readonly store: SessionStore;
}

/** Mounts a DM server at `${origin}/dm` and its repository at `${origin}/repo`. */
export function mountServer(net: MemoryNetwork, origin: string, serverId: string, app: ServerApp | undefined, options: { store?: SessionStore; clock?: Clock; random?: Random; repo?: DataRepository; omadmAccept?: readonly string[] } = {}): TestServer {
  const events: ServerEvent[] = [];
  const store = options.store ?? new MemorySessionStore();
  const repo = options.repo ?? new DataRepository();
  const deps: DmServerDeps = {
    config: { serverId, entryUrl: `${origin}/dm`, ...(options.omadmAccept === undefined ? {} : { omadmAccept: options.omadmAccept }) },
    store,
    random: options.random ?? new CounterRandom(),
    clock: options.clock ?? new FakeClock(),
    ...(app === undefined ? {} : { app }),
    onEvent: (e) => events.push(e),
  };
  net.mount(`${origin}/dm`, (req, peer) => handleDmRequest(req, peer, deps));
  net.mount(`${origin}/repo`, repo.handler);
  return { deps, events, repo, store };
}

/** A client over the network with a tree store. */
export function makeClient(net: MemoryNetwork, tree: ManagementTree, options: Partial<DmClientOptions> = {}): { client: DmClient; store: TreeStore } {
  const store = new TreeStore(tree);
  return { client: new DmClient({ devId: DEV_ID, http: net, tree: store, ...options }), store };
}

/** A server app that plays a fixed script: one command list per round, then END. */
export function scripted(rounds: ReadonlyArray<ReadonlyArray<DmCommand>>): ServerApp & { turns: SessionTurn[] } {
  const turns: SessionTurn[] = [];
  return {
    turns,
    next: (turn) => {
      turns.push(turn);
      return rounds[turn.round] ?? [];
    },
  };
}
