import { randomBytes } from 'node:crypto';
import { createLinkEndpoint } from '../../../src-shared/link/link-endpoint.js';
import type { LinkIdentity } from '../../../src-shared/link/hello.js';
import type { Random } from '../../../src-shared/ports/clock.js';
import { LinkDriver } from '../../../src-main/transports/link-driver.js';
import { openSerialChannel, type SerialPortChannel } from '../../../src-main/transports/serial-channel.js';
import { answerAt } from '../../support/at-responder.js';
import { startPtyPair, type PtyPair } from '../../support/socat.js';

/** Test randomness from the OS CSPRNG. */
export const random: Random = { bytes: (n) => new Uint8Array(randomBytes(n)) };

/** What sits on the far end of a pty pair. */
export type FarEnd = { readonly kind: 'link'; readonly identity: LinkIdentity } | { readonly kind: 'at' } | { readonly kind: 'silent' };

/** A socat pty pair whose `b` side is played by a link device, a scripted modem, or nobody. */
export interface Port {
  readonly pair: PtyPair;
  /** The far end's open channel (absent for `silent`). */
  readonly far: SerialPortChannel | undefined;
  stop(): Promise<void>;
}

/**
 * Starts a pty pair and a far end on `b`. A link device accepts a HELLO again after the probe's
 * RESET(close) by restarting its endpoint, as a handset would.
 */
export async function startPort(dir: string, name: string, end: FarEnd): Promise<Port> {
  const pair = await startPtyPair(dir, name);
  if (end.kind === 'silent') return { pair, far: undefined, stop: () => pair.stop() };
  const far = await openSerialChannel({ path: pair.b });
  let stopFar: () => void;
  if (end.kind === 'at') stopFar = answerAt(far);
  else {
    let driver: LinkDriver | undefined;
    const view = (): LinkDriver => {
      const d = new LinkDriver({ channel: { write: (b, s) => far.write(b, s), onData: (l) => far.onData(l), onClose: (l) => far.onClose(l), close: async () => undefined }, endpoint: createLinkEndpoint({ role: 'device', identity: end.identity, random }) });
      d.onEvent((e) => {
        if ((e.kind === 'closed' || e.kind === 'failed') && driver === d && far.closedReason === undefined) driver = view();
      });
      return d;
    };
    driver = view();
    stopFar = () => (driver = undefined);
  }
  return {
    pair,
    far,
    async stop() {
      stopFar();
      await far.close();
      await pair.stop();
    },
  };
}
