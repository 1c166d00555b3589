import { assertNever } from '../../../util/assert-never.js';
import { err, ok, type Result } from '../../../util/result.js';
import { formatClientUri, isServerUri, tryParseClientUri, type ClientUri } from '../client-uri.js';
import { STATUS } from '../status.js';
import { quoteShort } from '../text.js';

/** The 12 DM 2.0 command names (digest §3). */
export const COMMAND_NAMES = ['HGET', 'HPUT', 'HPOST', 'DELETE', 'EXEC', 'GET', 'SHOW', 'CONT', 'END', 'DEFAULT', 'SUB', 'UNSUB'] as const;

/** One DM 2.0 command name. */
export type CommandName = (typeof COMMAND_NAMES)[number];

/**
 * A validated Package#2 command. ServerURIs are told from ClientURIs by scheme, so argument order
 * does not matter where the digest marks it UNKNOWN (EXEC, DEFAULT, SUB, UNSUB).
 */
export type DmCommand =
  | { readonly name: 'HGET'; readonly serverUri: string; readonly targets: readonly ClientUri[] }
  | { readonly name: 'HPUT' | 'HPOST'; readonly serverUri: string; readonly targets: readonly ClientUri[] }
  | { readonly name: 'DELETE' | 'GET'; readonly target: ClientUri }
  | { readonly name: 'EXEC'; readonly target: ClientUri; readonly serverUri?: string }
  | { readonly name: 'SHOW' | 'CONT'; readonly serverUri: string }
  | { readonly name: 'END' }
  | { readonly name: 'DEFAULT'; readonly moid: string; readonly serverUri: string }
  | { readonly name: 'SUB'; readonly serverUri: string; readonly target: ClientUri }
  | { readonly name: 'UNSUB'; readonly target: ClientUri; readonly serverUri?: string };

/** A command the client must answer with an error status instead of executing (400 or 501). */
export interface RejectedCommand {
  readonly raw: readonly string[];
  readonly sc: typeof STATUS.badRequest | typeof STATUS.notImplemented;
  readonly reason: string;
}

const INF = Number.POSITIVE_INFINITY;

/** Allowed [ServerURI count], [other parameter count] and usage text per command. */
const ARITY: Readonly<Record<CommandName, readonly [readonly [number, number], readonly [number, number], string]>> = {
  HGET: [[1, 1], [0, INF], 'one ServerURI and optional ClientURIs'],
  HPUT: [[1, 1], [1, INF], 'one ServerURI and at least one ClientURI'],
  HPOST: [[1, 1], [1, INF], 'one ServerURI and at least one ClientURI'],
  DELETE: [[0, 0], [1, 1], 'one ClientURI'],
  GET: [[0, 0], [1, 1], 'one ClientURI'],
  EXEC: [[0, 1], [1, 1], 'one ClientURI and an optional ServerURI'],
  SHOW: [[1, 1], [0, 0], 'one ServerURI'],
  CONT: [[1, 1], [0, 0], 'one ServerURI'],
  END: [[0, 0], [0, 0], 'no parameters'],
  DEFAULT: [[1, 1], [1, 1], 'one MOID and one ServerURI'],
  SUB: [[1, 1], [1, 1], 'one ServerURI and one ClientURI'],
  UNSUB: [[0, 1], [1, 1], 'one ClientURI and an optional ServerURI'],
};

function isCommandName(name: string): name is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(name);
}

/** Parses one raw command (`[name, ...params]`), or says why it must be rejected. */
export function parseCommand(raw: readonly string[]): Result<DmCommand, RejectedCommand> {
  const reject = (reason: string, sc: RejectedCommand['sc'] = STATUS.badRequest) => err<RejectedCommand>({ raw, sc, reason });
  const [name, ...args] = raw;
  if (name === undefined) return reject('empty command');
  if (!isCommandName(name)) return reject(`unknown command ${quoteShort(name)}`, STATUS.notImplemented);
  const servers = args.filter(isServerUri);
  const others = args.filter((a) => !isServerUri(a));
  const [s, c, usage] = ARITY[name];
  if (servers.length < s[0] || servers.length > s[1] || others.length < c[0] || others.length > c[1]) return reject(`${name} takes ${usage}`);
  if (name === 'DEFAULT') return others[0]!.length > 0 ? ok({ name, moid: others[0]!, serverUri: servers[0]! }) : reject('DEFAULT needs a MOID');
  const targets: ClientUri[] = [];
  for (const text of others) {
    const r = tryParseClientUri(text);
    if (!r.ok) return reject(r.error.message);
    targets.push(r.value);
  }
  const server = servers[0];
  const target = targets[0]!;
  switch (name) {
    case 'HGET':
    case 'HPUT':
    case 'HPOST':
      return ok({ name, serverUri: server!, targets });
    case 'DELETE':
    case 'GET':
      return ok({ name, target });
    case 'EXEC':
    case 'UNSUB':
      return ok(server === undefined ? { name, target } : { name, target, serverUri: server });
    case 'SHOW':
    case 'CONT':
      return ok({ name, serverUri: server! });
    case 'END':
      return ok({ name });
    case 'SUB':
      return ok({ name, serverUri: server!, target });
    default:
      return assertNever(name, 'unknown command');
  }
}

/** The wire form of a command: `[name, params...]` in our parameter order (see decisions). */
export function commandToRaw(cmd: DmCommand): string[] {
  switch (cmd.name) {
    case 'HGET':
    case 'HPUT':
    case 'HPOST':
      return [cmd.name, cmd.serverUri, ...cmd.targets.map(formatClientUri)];
    case 'DELETE':
    case 'GET':
      return [cmd.name, formatClientUri(cmd.target)];
    case 'EXEC':
    case 'UNSUB':
      return cmd.serverUri === undefined ? [cmd.name, formatClientUri(cmd.target)] : [cmd.name, formatClientUri(cmd.target), cmd.serverUri];
    case 'SHOW':
    case 'CONT':
      return [cmd.name, cmd.serverUri];
    case 'END':
      return [cmd.name];
    case 'DEFAULT':
      return [cmd.name, cmd.moid, cmd.serverUri];
    case 'SUB':
      return [cmd.name, cmd.serverUri, formatClientUri(cmd.target)];
    default:
      return assertNever(cmd, 'unknown command');
  }
}
