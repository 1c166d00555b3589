/**
 * Typed builders for the twelve DM 2.0 commands a server app queues (digest §3).
 *
 * ClientURIs are given as text and parsed here, so a typo fails at the call site with
 * `ProvisioningError('INVALID_REQUEST')` instead of reaching a device; ServerURIs must be http(s).
 */
import { ProvisioningError } from '../../../errors/index.js';
import { isServerUri, parseClientUri } from '../client-uri.js';
import type { DmCommand } from '../packages/commands.js';

function server(uri: string, what: string): string {
  if (!isServerUri(uri)) throw new ProvisioningError('INVALID_REQUEST', `${what} needs an http(s) ServerURI`, { details: { uri: uri.slice(0, 200) } });
  return uri;
}

/** Builders for every command, e.g. `dm.get('urn:oma:mo:oma-dm-devinfo:1.2//')`. */
export const dm = {
  /** HGET: the client fetches MO data from `serverUri` and stores it (at `clientUris`, if given). */
  hget: (serverUri: string, ...clientUris: string[]): DmCommand => ({ name: 'HGET', serverUri: server(serverUri, 'HGET'), targets: clientUris.map((u) => parseClientUri(u)) }),
  /** HPUT: the client PUTs the data at `clientUris` to `serverUri`. */
  hput: (serverUri: string, clientUri: string, ...more: string[]): DmCommand => ({ name: 'HPUT', serverUri: server(serverUri, 'HPUT'), targets: [clientUri, ...more].map((u) => parseClientUri(u)) }),
  /** HPOST: as HPUT with HTTP POST. */
  hpost: (serverUri: string, clientUri: string, ...more: string[]): DmCommand => ({ name: 'HPOST', serverUri: server(serverUri, 'HPOST'), targets: [clientUri, ...more].map((u) => parseClientUri(u)) }),
  /** DELETE: removes the addressed node(s) and their descendants. */
  delete: (clientUri: string): DmCommand => ({ name: 'DELETE', target: parseClientUri(clientUri) }),
  /** EXEC: runs an executable node; with `serverUri` the result comes later as a Generic Alert sent there. */
  exec: (clientUri: string, serverUri?: string): DmCommand =>
    serverUri === undefined ? { name: 'EXEC', target: parseClientUri(clientUri) } : { name: 'EXEC', target: parseClientUri(clientUri), serverUri: server(serverUri, 'EXEC') },
  /** GET: the data comes back in the Status element (see decisions.ts GET_RESULTS_MEMBER). */
  get: (clientUri: string): DmCommand => ({ name: 'GET', target: parseClientUri(clientUri) }),
  /** SHOW: the device opens its browser on `serverUri`. */
  show: (serverUri: string): DmCommand => ({ name: 'SHOW', serverUri: server(serverUri, 'SHOW') }),
  /** CONT: later Package#3s of this session go to `serverUri`. */
  cont: (serverUri: string): DmCommand => ({ name: 'CONT', serverUri: server(serverUri, 'CONT') }),
  /** END: the session ends after this Package#2; the device sends no Package#3. */
  end: (): DmCommand => ({ name: 'END' }),
  /** DEFAULT: where the device fetches configuration for `moid` when it has none. */
  default: (moid: string, serverUri: string): DmCommand => {
    if (moid.length === 0 || isServerUri(moid)) throw new ProvisioningError('INVALID_REQUEST', 'DEFAULT needs a MOID');
    return { name: 'DEFAULT', moid, serverUri: server(serverUri, 'DEFAULT') };
  },
  /** SUB: the device PUTs the subtree at `clientUri` to `serverUri` whenever it changes. */
  sub: (serverUri: string, clientUri: string): DmCommand => ({ name: 'SUB', serverUri: server(serverUri, 'SUB'), target: parseClientUri(clientUri) }),
  /** UNSUB: cancels the SUB made with the same ClientURI. */
  unsub: (clientUri: string): DmCommand => ({ name: 'UNSUB', target: parseClientUri(clientUri) }),
} as const;
