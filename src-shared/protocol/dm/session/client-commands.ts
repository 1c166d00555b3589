/**
 * Executes one Package#2 command on the client (digest §3, Appendix B) against the session's
 * staged tree, through the access-control layer. A "no" is a status, never an exception; only
 * cancellation propagates.
 */
import { authorize, check, visibleTo } from '../access-control.js';
import { formatClientUri, type ClientUri } from '../client-uri.js';
import { applyDacmoWrite } from '../dacmo.js';
import { applyMoEntries } from '../apply.js';
import { STANDARD_MOIDS } from '../mo-ids.js';
import type { DmCommand } from '../packages/commands.js';
import type { StatusItem } from '../packages/package3.js';
import { isCacheValid, type ResolvedTarget } from '../resolve.js';
import { STATUS, type DmResult } from '../status.js';
import type { Transaction } from '../tree/transaction.js';
import { concreteClientUri } from '../client-uri.js';
import { deleteNode } from '../tree/tree.js';
import type { ManagementTree } from '../tree/types.js';
import { assertNever } from '../../../util/assert-never.js';
import type { ClientState, ExecCompletion, ExecutorRegistry, PendingAlert, UserInteraction } from './client-ports.js';
import { readableEntries } from './read-entries.js';
import { fetchMoData, uploadMoData, type RepositoryCallContext } from './repository-client.js';
import { EXEC_RESULT_ALERT_TYPE, EXEC_RESULT_DATA_KEY, NOT_EXECUTABLE_STATUS, SHOW_FAILED_STATUS } from './session-decisions.js';

/** The command variant(s) with the given name(s). */
type Cmd<N extends DmCommand['name']> = DmCommand & { readonly name: N };

/** Everything a command may touch during one session. */
export interface CommandEnv extends RepositoryCallContext {
  readonly serverId: string;
  readonly tx: Transaction;
  readonly executors: ExecutorRegistry;
  readonly ui: UserInteraction | undefined;
  /** The client's persistent state; commands replace `current`. */
  readonly state: { current: ClientState };
  /** Media types the server advertised in OMADM-Accept (preferred for uploads). */
  readonly serverAccept: readonly string[];
  /** Registers an asynchronous EXEC completion (the client awaits these in `settled()`). */
  readonly track: (work: Promise<void>) => void;
}

/** What a command produced: its Status element (none for END), and CONT/END effects. */
export interface CommandOutcome {
  readonly status?: StatusItem;
  readonly cont?: string;
  readonly end?: boolean;
}

const sc = (code: number, uris?: readonly string[]): CommandOutcome => ({ status: uris === undefined || uris.length === 0 ? { sc: code } : { sc: code, URI: uris } });

const uriOf = (t: ResolvedTarget) => concreteClientUri(t.instance.moid, t.instance.miid, t.path);

function allCacheValid(uris: readonly ClientUri[], targets: readonly ResolvedTarget[]): boolean {
  return uris.every((u) => u.cv !== undefined) && targets.length > 0 && targets.every((t) => uris.some((u) => u.moid === t.instance.moid && isCacheValid(u, t.instance)));
}

async function hget(cmd: Cmd<'HGET'>, env: CommandEnv): Promise<CommandOutcome> {
  const fetched = await fetchMoData(env, cmd.serverUri);
  if (!fetched.ok) return sc(fetched.sc);
  let entries = fetched.entries;
  if (cmd.targets.length > 0) {
    if (cmd.targets.length !== entries.length) return sc(STATUS.badRequest);
    entries = entries.map((e, i) => ({ ...e, clientUri: cmd.targets[i]! }));
  }
  const auth = authorize(env.tx.tree, env.serverId, 'HGET', entries.map((e) => e.clientUri));
  if (auth.status !== 'ok') return sc(auth.code);
  const dacmo = entries.filter((e) => e.clientUri.moid === STANDARD_MOIDS.dacmo);
  const others = entries.filter((e) => e.clientUri.moid !== STANDARD_MOIDS.dacmo);
  let uris: readonly string[] = [];
  const r = env.tx.step((tree): DmResult<ManagementTree> => {
    let next = tree;
    if (dacmo.length > 0) {
      const d = applyDacmoWrite(next, env.serverId, dacmo);
      if (d.status !== 'ok') return d;
      next = d.value;
    }
    const a = applyMoEntries(next, others, { creator: { kind: 'server', serverId: env.serverId }, visible: visibleTo(next, env.serverId) });
    if (a.status !== 'ok') return a;
    uris = [...dacmo.map((e) => formatClientUri(e.clientUri)), ...a.value.uris];
    return { status: 'ok', value: a.value.tree };
  });
  return r.status === 'ok' ? sc(STATUS.ok, uris) : sc(r.code);
}

async function upload(cmd: Cmd<'HPUT' | 'HPOST'>, env: CommandEnv): Promise<CommandOutcome> {
  const auth = authorize(env.tx.tree, env.serverId, cmd.name, cmd.targets);
  if (auth.status !== 'ok') return sc(auth.code);
  if (allCacheValid(cmd.targets, auth.value)) return sc(STATUS.notModified);
  const entries = readableEntries(auth.value);
  if (entries.length === 0) return sc(STATUS.forbidden);
  const r = await uploadMoData(env, cmd.name === 'HPUT' ? 'PUT' : 'POST', cmd.serverUri, entries, env.serverAccept);
  return sc(r.sc, r.sc === STATUS.ok ? auth.value.map(uriOf) : undefined);
}

function get(cmd: { readonly target: ClientUri }, env: CommandEnv): CommandOutcome {
  const auth = authorize(env.tx.tree, env.serverId, 'GET', [cmd.target]);
  if (auth.status !== 'ok') return sc(auth.code);
  if (allCacheValid([cmd.target], auth.value)) return sc(STATUS.notModified);
  const entries = readableEntries(auth.value);
  if (entries.length === 0) return sc(STATUS.forbidden);
  return { status: { sc: STATUS.ok, URI: auth.value.map(uriOf), MOS: entries } };
}

function del(cmd: { readonly target: ClientUri }, env: CommandEnv): CommandOutcome {
  if (cmd.target.moid === STANDARD_MOIDS.dacmo) return sc(STATUS.commandNotAllowed);
  const auth = authorize(env.tx.tree, env.serverId, 'DELETE', [cmd.target]);
  if (auth.status !== 'ok') return sc(auth.code);
  const r = env.tx.step((tree) => {
    let next = tree;
    for (const t of auth.value) {
      const d = deleteNode(next, t.instance.moid, t.instance.miid, t.path);
      if (d.status !== 'ok') return d;
      next = d.value;
    }
    return { status: 'ok', value: next };
  });
  return r.status === 'ok' ? sc(STATUS.ok, auth.value.map(uriOf)) : sc(r.code);
}

function resultAlert(uri: string, result: ExecCompletion): PendingAlert['alert'] {
  return {
    AlertType: result.alertType ?? EXEC_RESULT_ALERT_TYPE,
    SourceURI: uri,
    ...(result.mark === undefined ? {} : { Mark: result.mark }),
    DataType: 'int',
    Data: { ...result.data, [EXEC_RESULT_DATA_KEY]: result.sc },
  };
}

async function exec(cmd: Cmd<'EXEC'>, env: CommandEnv): Promise<CommandOutcome> {
  const auth = authorize(env.tx.tree, env.serverId, 'EXEC', [cmd.target]);
  if (auth.status !== 'ok') return sc(auth.code);
  if (auth.value.length !== 1) return sc(STATUS.badRequest);
  const t = auth.value[0]!;
  const executor = env.executors.find(t.instance.moid, t.path);
  if (executor === undefined) return sc(NOT_EXECUTABLE_STATUS);
  const uri = uriOf(t);
  const queue = (result: ExecCompletion) => {
    const pending: PendingAlert = { serverId: env.serverId, url: cmd.serverUri ?? null, alert: resultAlert(uri, result) };
    env.state.current = { ...env.state.current, pendingAlerts: [...env.state.current.pendingAlerts, pending] };
  };
  const ctx = { serverId: env.serverId, moid: t.instance.moid, miid: t.instance.miid, path: t.path, uri, tree: env.tx.tree, ...(env.signal === undefined ? {} : { signal: env.signal }) };
  let outcome;
  try {
    outcome = await executor(ctx);
  } catch {
    return sc(STATUS.commandFailed, [uri]);
  }
  if (outcome.kind === 'done') {
    if (cmd.serverUri === undefined) return sc(outcome.result.sc, [uri]);
    queue(outcome.result); // a ServerURI demands asynchronous reporting (digest §3.5)
    return sc(STATUS.accepted, [uri]);
  }
  env.track(outcome.completion.then(queue, () => queue({ sc: STATUS.commandFailed })));
  return sc(STATUS.accepted, [uri]);
}

async function show(cmd: { readonly serverUri: string }, env: CommandEnv): Promise<CommandOutcome> {
  if (env.ui === undefined) return sc(STATUS.notImplemented);
  try {
    const r = await env.ui.show({ url: cmd.serverUri, serverId: env.serverId }, env.signal);
    return sc(r === 'launched' ? STATUS.ok : SHOW_FAILED_STATUS);
  } catch {
    return sc(SHOW_FAILED_STATUS);
  }
}

function setDefault(cmd: Cmd<'DEFAULT'>, env: CommandEnv): CommandOutcome {
  const decision = check(env.tx.tree, env.serverId, 'DEFAULT', [{ moid: cmd.moid }]);
  if (decision !== 'allow') return sc(decision.deny);
  const s = env.state.current;
  env.state.current = { ...s, defaults: [...s.defaults.filter((d) => d.moid !== cmd.moid), { moid: cmd.moid, serverUri: cmd.serverUri, serverId: env.serverId }] };
  return sc(STATUS.ok);
}

function sub(cmd: Cmd<'SUB'>, env: CommandEnv): CommandOutcome {
  const auth = authorize(env.tx.tree, env.serverId, 'SUB', [cmd.target]);
  if (auth.status !== 'ok') return sc(auth.code);
  const clientUri = formatClientUri(cmd.target);
  const s = env.state.current;
  const others = s.subscriptions.filter((x) => !(x.serverId === env.serverId && x.clientUri === clientUri));
  env.state.current = { ...s, subscriptions: [...others, { serverId: env.serverId, serverUri: cmd.serverUri, clientUri }] };
  return sc(STATUS.ok);
}

function unsub(cmd: Cmd<'UNSUB'>, env: CommandEnv): CommandOutcome {
  const clientUri = formatClientUri(cmd.target);
  const s = env.state.current;
  const mine = (x: ClientState['subscriptions'][number]) => x.serverId === env.serverId && x.clientUri === clientUri;
  if (!s.subscriptions.some(mine)) return sc(STATUS.notFound); // digest §3.12: must equal the SUB's ClientURI
  env.state.current = { ...s, subscriptions: s.subscriptions.filter((x) => !mine(x)) };
  return sc(STATUS.ok);
}

/** Executes one command and returns its outcome (digest §3; deny → 403 via access control). */
export async function executeCommand(cmd: DmCommand, env: CommandEnv): Promise<CommandOutcome> {
  switch (cmd.name) {
    case 'HGET':
      return hget(cmd, env);
    case 'HPUT':
    case 'HPOST':
      return upload(cmd, env);
    case 'DELETE':
      return del(cmd, env);
    case 'EXEC':
      return exec(cmd, env);
    case 'GET':
      return get(cmd, env);
    case 'SHOW':
      return show(cmd, env);
    case 'CONT':
      return { status: { sc: STATUS.ok }, cont: cmd.serverUri };
    case 'END':
      return { end: true };
    case 'DEFAULT':
      return setDefault(cmd, env);
    case 'SUB':
      return sub(cmd, env);
    case 'UNSUB':
      return unsub(cmd, env);
    default:
      return assertNever(cmd, 'unknown command');
  }
}
