/**
 * One DM 2.0 session with the handset at the end of a cable, run by a script: AT identity and
 * bootstrap state, the switch to the Bootbench link, Package#0 from the station's DM server (as
 * `bootbench-station`, the account the device's factory image holds for the cable), then the
 * server-initiated session whose Package#2s the script decides. The same steps as the cable
 * bootstrap (docs/cable-bootstrap.md §1), with a different server app.
 */
import { LINK_ORIGIN, LINK_REPO_PATH, type DeviceBootstrapState } from '../../src-shared/bootstrap/cable-constants.js';
import { devIdOf } from '../../src-shared/bootstrap/factory-tree.js';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import { createLinkEndpoint } from '../../src-shared/link/link-endpoint.js';
import type { LinkTimers } from '../../src-shared/link/link-types.js';
import type { ByteChannel } from '../../src-shared/ports/byte-channel.js';
import type { HttpHandler } from '../../src-shared/ports/http.js';
import type { DmCommand } from '../../src-shared/protocol/dm/packages/commands.js';
import { MEDIA_TYPES } from '../../src-shared/protocol/dm/packages/media-types.js';
import type { MosEntry } from '../../src-shared/protocol/dm/packages/package1.js';
import { type StatusItem } from '../../src-shared/protocol/dm/packages/package3.js';
import { bodyText, header, mediaTypeOf, textResponse } from '../../src-shared/protocol/dm/session/http-util.js';
import { DataRepository, type CommandResult, type ServerEvent } from '../../src-shared/protocol/dm/session/index.js';
import { readBootstrapState, wakeAndIdentify, type CableHandsetIdentity } from '../bootstrap/at-identify.js';
import { CABLE_LINK_TIMERS } from '../bootstrap/cable-bootstrap.js';
import { linkDmServer, linkRoutes, package3Statuses } from '../bootstrap/link-dm.js';
import { serveOverLink } from '../bootstrap/link-http.js';
import { nodeRandom } from '../platform/node-ports.js';
import { AtDriver } from '../transports/at-driver.js';
import { LinkDriver } from '../transports/link-driver.js';

/** One turn of the session as the script sees it. */
export interface ScriptTurn {
  /** Package#2s already sent (0 right after Package#1). */
  readonly round: number;
  /** Package#1's MOS list: what the station may see (round 0 only). */
  readonly mos: readonly MosEntry[];
  /** Results of the previous Package#2's commands, in order. */
  readonly results: readonly CommandResult[];
}

/** What a session does: its Package#2s, and which Package#3s must be refused (the device then rolls back). */
export interface SessionScript {
  /** Commands of the next Package#2; none ends the session (END). */
  next(turn: ScriptTurn): readonly DmCommand[];
  /** True when this Package#3 must be answered 409: the device aborts the session and keeps nothing of it. */
  refuse?(statuses: readonly StatusItem[]): boolean;
}

/** How a session ended (a refused Package#3 is a result, not an exception). */
export interface LineSessionResult {
  readonly devId: string;
  readonly identity: CableHandsetIdentity;
  readonly bootstrapState: DeviceBootstrapState;
  readonly outcome: 'completed' | 'refused';
  /** The statuses of the refused Package#3 (outcome `refused`). */
  readonly refused: readonly StatusItem[];
}

/** Options of {@link runLineSession}. */
export interface LineSessionOptions {
  /** The station's end of the line, open (closed by this function). */
  readonly channel: ByteChannel;
  readonly script: SessionScript;
  /** Publishes what HGETs fetch, before the session starts (paths under `/repo`). */
  readonly prepare?: (repository: DataRepository) => void;
  /** @default 30_000 */
  readonly timeoutMs?: number;
  readonly atTimeoutMs?: number;
  readonly linkTimers?: Partial<LinkTimers>;
  readonly signal?: AbortSignal;
}

/** The data repository path of a name (`/repo/<name>`), as given to `DataRepository.publish`. */
export const repoPath = (name: string): string => `${LINK_REPO_PATH}/${name}`;

/** The data repository URL (over the link) of a name under `/repo`. */
export const repoUrl = (name: string): string => `${LINK_ORIGIN}${repoPath(name)}`;

/**
 * The bytes of a link RESET(close). A previous session may have left the handset in link mode:
 * its station closed the port right after writing RESET, and a pty can drop bytes written just
 * before its last close. Sent before AT, it returns such a handset to AT mode; a handset already
 * in AT mode sees one unknown command (answered ERROR, which the wake loop skips).
 */
function resetFrameBytes(): Uint8Array {
  const endpoint = createLinkEndpoint({ role: 'station', identity: {}, random: nodeRandom });
  endpoint.close();
  const out = endpoint.poll(performance.now()).output;
  const bytes = new Uint8Array(out.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of out) {
    bytes.set(b, at);
    at += b.length;
  }
  return bytes;
}

async function identify(channel: ByteChannel, timeoutMs: number): Promise<{ identity: CableHandsetIdentity; state: DeviceBootstrapState }> {
  const at = new AtDriver(channel, { defaultTimeoutMs: timeoutMs, settleAfterTimeoutMs: 30 });
  try {
    await channel.write(resetFrameBytes());
    const identity = await wakeAndIdentify(at, timeoutMs);
    const state = await readBootstrapState(at, timeoutMs);
    const link = await at.send('AT+BBLINK', { timeoutMs });
    if (link.status !== 'final' || link.final.kind !== 'ok') throw new ProvisioningError('PROTOCOL_VIOLATION', 'the device refused to switch to the Bootbench link (AT+BBLINK)');
    return { identity, state };
  } finally {
    at.dispose();
  }
}

/**
 * Runs one scripted DM session over the cable. A device still bootstrapped-but-unconfirmed first
 * sends its `BootstrapComplete` session, which is answered with END like the cable bootstrap does.
 *
 * @throws ProvisioningError `TRANSPORT_TIMEOUT`, `DEVICE_DISCONNECTED`, `CANCELLED`, AT errors.
 */
export async function runLineSession(o: LineSessionOptions): Promise<LineSessionResult> {
  let link: LinkDriver | undefined;
  let timer: NodeJS.Timeout | undefined;
  let offAbort: (() => void) | undefined;
  try {
    if (o.signal?.aborted === true) throw new ProvisioningError('CANCELLED', 'cancelled');
    const { identity, state } = await identify(o.channel, o.atTimeoutMs ?? 2000);
    const devId = devIdOf(identity.imei);
    const endpoint = createLinkEndpoint({ role: 'station', identity: {}, random: nodeRandom, timers: { ...CABLE_LINK_TIMERS, ...o.linkTimers } });
    const driver = new LinkDriver({ channel: o.channel, endpoint });
    link = driver;
    const repository = new DataRepository();
    o.prepare?.(repository);
    let sessionId: string | undefined;
    let refused: readonly StatusItem[] = [];
    let ended = false;
    const outcome = await new Promise<'completed' | 'refused'>((resolve, reject) => {
      const onEvent = (e: ServerEvent): void => {
        if (e.kind === 'session-opened' && e.trigger === 'server-initiated') sessionId = e.sessionId;
        if (e.kind === 'session-closed' && e.sessionId === sessionId) {
          if (e.reason.kind === 'completed') ended = true;
          else reject(new ProvisioningError('PROTOCOL_VIOLATION', `the DM session closed: ${e.reason.kind}`));
        }
      };
      const server = linkDmServer({ onEvent, app: { next: (turn) => (turn.trigger === 'server-initiated' ? o.script.next({ round: turn.round, mos: turn.mos, results: turn.results }) : []) } });
      const dm: HttpHandler = async (request, peer) => {
        if (o.script.refuse !== undefined && mediaTypeOf(header(request.headers, 'content-type')) === MEDIA_TYPES.response) {
          const statuses = package3Statuses(bodyText(request.body));
          if (statuses.length > 0 && o.script.refuse(statuses)) {
            refused = statuses;
            setImmediate(() => resolve('refused'));
            return textResponse(409, 'not applied: a command failed; roll back the whole session');
          }
        }
        const response = await server.handler(request, peer);
        // END goes out with this response: finish once it is on its way (the link then drains it).
        if (ended) setImmediate(() => resolve('completed'));
        return response;
      };
      serveOverLink(driver, linkRoutes(dm, repository.handler));
      driver.onEvent((e) => {
        if (e.kind === 'failed') reject(e.error);
        else if (e.kind === 'closed') reject(new ProvisioningError('DEVICE_DISCONNECTED', 'the device closed the link', { retryable: true }));
        else if (e.kind === 'hello-complete') {
          server.notify(devId).then(({ bytes }) => driver.notify(bytes), reject);
        }
      });
      const timeoutMs = o.timeoutMs ?? 30_000;
      timer = setTimeout(() => reject(new ProvisioningError('TRANSPORT_TIMEOUT', `the DM session did not finish within ${timeoutMs} ms`, { retryable: true })), timeoutMs);
      if (o.signal !== undefined) {
        const onAbort = (): void => reject(new ProvisioningError('CANCELLED', 'cancelled'));
        o.signal.addEventListener('abort', onAbort, { once: true });
        offAbort = () => o.signal?.removeEventListener('abort', onAbort);
      }
    });
    await driver.drained().catch(() => undefined);
    return { devId, identity, bootstrapState: state, outcome, refused };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    offAbort?.();
    if (link !== undefined) await link.close().catch(() => undefined);
    else await o.channel.close().catch(() => undefined);
  }
}
