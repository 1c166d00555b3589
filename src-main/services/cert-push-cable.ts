/**
 * The cable {@link DevicePush}: the cable bootstrap's machinery for one management session. AT
 * identity (`wakeAndIdentify`), `AT+BBLINK`, the Bootbench link, then the station — as the
 * device's factory bootstrap server `bootbench-station`, the one DM server every Bootbench handset
 * knows — sends a Package#0 over the link and serves the session and its repository behind it
 * (docs/cable-bootstrap.md). The line is closed when the session has ended.
 */
import { LINK_ORIGIN, LINK_REPO_PATH } from '../../src-shared/bootstrap/cable-constants.js';
import { devIdOf } from '../../src-shared/bootstrap/factory-tree.js';
import type { DeviceId } from '../../src-shared/domain/device.js';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import { createLinkEndpoint } from '../../src-shared/link/link-endpoint.js';
import type { ByteChannel } from '../../src-shared/ports/byte-channel.js';
import { wakeAndIdentify } from '../bootstrap/at-identify.js';
import { CABLE_LINK_TIMERS } from '../bootstrap/cable-bootstrap.js';
import { serveOverLink } from '../bootstrap/link-http.js';
import { AtDriver } from '../transports/at-driver.js';
import { LinkDriver } from '../transports/link-driver.js';
import type { DevicePush, PushSession } from './cert-push.js';
import { linkDmServer, linkRoutes } from '../bootstrap/link-dm.js';
import { nodeRandom } from '../platform/node-ports.js';


/** Options of {@link cableDevicePush}. */
export interface CablePushOptions {
  /** Opens a device's line (the station's `openLine`); the push closes it. */
  readonly openLine: (deviceId: DeviceId, signal: AbortSignal) => Promise<ByteChannel>;
  /** Gives up after this long. @default 30_000 */
  readonly timeoutMs?: number;
  /** Timeout of each AT command. @default 2000 */
  readonly atTimeoutMs?: number;
}

/** Switches an identified handset to the link; resolves with its IMEI. */
async function identifyAndSwitch(channel: ByteChannel, timeoutMs: number): Promise<string> {
  const at = new AtDriver(channel, { defaultTimeoutMs: timeoutMs, settleAfterTimeoutMs: 30 });
  try {
    const identity = await wakeAndIdentify(at, timeoutMs);
    const link = await at.send('AT+BBLINK', { timeoutMs });
    if (link.status !== 'final' || link.final.kind !== 'ok') throw new ProvisioningError('PROTOCOL_VIOLATION', 'the device refused to switch to the Bootbench link (AT+BBLINK)');
    return identity.imei;
  } finally {
    at.dispose();
  }
}

/** A {@link DevicePush} over the device's cable. */
export function cableDevicePush(o: CablePushOptions): DevicePush {
  return {
    repositoryUrl: (name) => `${LINK_ORIGIN}${LINK_REPO_PATH}/${name}`,
    async run(s: PushSession) {
      const channel = await o.openLine(s.deviceId, s.signal);
      s.onStep('line-open');
      let link: LinkDriver | undefined;
      let timer: NodeJS.Timeout | undefined;
      let onAbort: (() => void) | undefined;
      try {
        const imei = await identifyAndSwitch(channel, o.atTimeoutMs ?? 2000);
        s.onStep('identified', imei);
        const devId = devIdOf(imei);
        const driver = new LinkDriver({ channel, endpoint: createLinkEndpoint({ role: 'station', identity: {}, random: nodeRandom, timers: CABLE_LINK_TIMERS }) });
        link = driver;
        await new Promise<void>((resolve, reject) => {
          let sessionId: string | undefined;
          const server = linkDmServer({
            app: s.app,
            onEvent: (e) => {
              s.onEvent(e);
              if (e.kind === 'session-opened' && e.trigger === 'server-initiated') sessionId = e.sessionId;
              if (e.kind === 'session-closed' && e.sessionId === sessionId) {
                if (e.reason.kind === 'completed') resolve();
                else reject(new ProvisioningError('PROTOCOL_VIOLATION', `the push session ended without END (${e.reason.kind})`, { retryable: true }));
              }
            },
          });
          serveOverLink(driver, linkRoutes(server.handler, s.repository.handler));
          driver.onEvent((e) => {
            if (e.kind === 'failed') reject(e.error);
            else if (e.kind === 'closed') reject(new ProvisioningError('DEVICE_DISCONNECTED', 'the device closed the link', { retryable: true }));
            else if (e.kind === 'hello-complete') {
              s.onStep('link-up');
              void server.notify(devId).then(({ bytes }) => driver.notify(bytes), reject);
            }
          });
          onAbort = () => reject(new ProvisioningError('CANCELLED', 'the push was cancelled'));
          s.signal.addEventListener('abort', onAbort, { once: true });
          const ms = o.timeoutMs ?? 30_000;
          timer = setTimeout(() => reject(new ProvisioningError('TRANSPORT_TIMEOUT', `the push did not finish within ${ms} ms`, { retryable: true })), ms);
        });
        await driver.drained().catch(() => undefined);
        return { imei };
      } finally {
        if (timer !== undefined) clearTimeout(timer);
        if (onAbort !== undefined) s.signal.removeEventListener('abort', onAbort);
        if (link !== undefined) await link.close().catch(() => undefined);
        else await channel.close().catch(() => undefined);
      }
    },
  };
}
