import { queryIdentity } from '../../src-shared/at/identity.js';
import type { DeviceIdentity } from '../../src-shared/domain/device.js';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { LinkIdentity } from '../../src-shared/link/hello.js';
import { createLinkEndpoint } from '../../src-shared/link/link-endpoint.js';
import type { ByteChannel } from '../../src-shared/ports/byte-channel.js';
import type { Random } from '../../src-shared/ports/clock.js';
import { AtDriver } from '../transports/at-driver.js';
import { LinkDriver } from '../transports/link-driver.js';
import { tapChannel } from './channel-tap.js';

/** Which identification a port answered. */
export type Identification =
  | { readonly method: 'link'; readonly identity: DeviceIdentity }
  | {
      readonly method: 'at';
      readonly identity: DeviceIdentity;
      readonly notes: readonly string[];
      /**
       * The device answered the Bootbench extension `AT+BBSTATE?`: a handset that switches to the
       * link on `AT+BBLINK` (docs/simulator.md §3), not a plain modem.
       */
      readonly linkCapable: boolean;
    }
  | { readonly method: 'none'; readonly reason: string };

/** Options of {@link identifyChannel}. */
export interface IdentifyOptions {
  /** Probes to try, in order. @default ['link', 'at'] */
  readonly order?: readonly ('link' | 'at')[];
  /** HELLO nonce and initial sequence source. */
  readonly random: Random;
  /** What the station announces in its HELLO. @default { model: 'Bootbench station' } */
  readonly stationIdentity?: LinkIdentity;
  /** How long to wait for a HELLO-ACK. @default 800 */
  readonly linkTimeoutMs?: number;
  /** How long each of the (up to 3) `AT` pings may take. @default 300 */
  readonly atPingTimeoutMs?: number;
  /** Per-command timeout of the identity commands. @default 1500 */
  readonly atCommandTimeoutMs?: number;
  /** Aborts the probe (CANCELLED). */
  readonly signal?: AbortSignal;
}

/**
 * Finds out what is on the far end of an open channel: a link HELLO first (it carries the
 * device's identity), else AT identity (`+CGMI +CGMM +CGMR +CGSN +CIMI` and the ICCID), else
 * nothing. The channel is left open for the caller to close.
 *
 * A port that answers neither is a result (`none`), not an error; only an abort throws.
 */
export async function identifyChannel(channel: ByteChannel, options: IdentifyOptions): Promise<Identification> {
  const reasons: string[] = [];
  for (const method of options.order ?? ['link', 'at']) {
    throwIfAborted(options.signal);
    const found = method === 'link' ? await probeLink(channel, options) : await probeAt(channel, options);
    if (typeof found !== 'string') return found;
    reasons.push(found);
  }
  return { method: 'none', reason: reasons.join('; ') || 'no probe configured' };
}

async function probeLink(channel: ByteChannel, options: IdentifyOptions): Promise<Identification | string> {
  const tap = tapChannel(channel);
  const endpoint = createLinkEndpoint({
    role: 'station',
    identity: options.stationIdentity ?? { model: 'Bootbench station' },
    random: options.random,
    // Short RTO so a HELLO lost to line noise is repeated within the probe window.
    timers: { initialRtoMs: 150, minRtoMs: 100, keepaliveMs: 0, idleTimeoutMs: 0, helloAttempts: 0 },
  });
  const driver = new LinkDriver({ channel: tap, endpoint });
  const hello = await within(driver.next('hello-complete'), options.linkTimeoutMs ?? 800, options.signal).catch(() => undefined);
  if (hello === undefined) {
    tap.release();
    throwIfAborted(options.signal);
    return 'no link HELLO-ACK';
  }
  // A polite RESET(close) so the device is ready for the run's own HELLO later.
  await within(driver.close(), 200, options.signal).catch(() => tap.release());
  const id = hello.peer.identity;
  const identity: { -readonly [K in keyof DeviceIdentity]: DeviceIdentity[K] } = {};
  if (id.imei !== undefined) identity.imei = id.imei.slice(0, 32);
  if (id.manufacturer !== undefined) identity.manufacturer = id.manufacturer.slice(0, 200);
  if (id.model !== undefined) identity.model = id.model.slice(0, 200);
  if (id.firmware !== undefined) identity.firmware = id.firmware.slice(0, 200);
  if (id.serialNumber !== undefined) identity.serialNumber = id.serialNumber.slice(0, 200);
  return { method: 'link', identity };
}

async function probeAt(channel: ByteChannel, options: IdentifyOptions): Promise<Identification | string> {
  const tap = tapChannel(channel);
  const at = new AtDriver(tap, { defaultTimeoutMs: options.atCommandTimeoutMs ?? 1500, settleAfterTimeoutMs: 100 });
  const onAbort = (): void => tap.release();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    // Up to three pings: the first may be swallowed by garbage an earlier probe left in the modem's line buffer.
    let alive = false;
    for (let i = 0; i < 3 && !alive; i++) {
      const r = await at.send('AT', { timeoutMs: options.atPingTimeoutMs ?? 300 });
      if (r.status === 'cancelled') break;
      alive = r.status === 'final' && r.final.kind === 'ok';
    }
    throwIfAborted(options.signal);
    if (!alive) return 'no AT answer';
    const result = await queryIdentity(at.exec);
    throwIfAborted(options.signal);
    if (!result.ok) return { method: 'at', identity: {}, notes: [result.error.message], linkCapable: false };
    const bb = await at.send('AT+BBSTATE?', { timeoutMs: options.atPingTimeoutMs ?? 300 });
    const linkCapable = bb.status === 'final' && bb.final.kind === 'ok' && bb.lines.some((l) => l.startsWith('+BBSTATE:'));
    const m = result.value;
    const identity: { -readonly [K in keyof DeviceIdentity]: DeviceIdentity[K] } = {};
    if (m.manufacturer !== undefined) identity.manufacturer = m.manufacturer.slice(0, 200);
    if (m.model !== undefined) identity.model = m.model.slice(0, 200);
    if (m.revision !== undefined) identity.firmware = m.revision.slice(0, 200);
    if (m.imei !== undefined) identity.imei = m.imei;
    if (m.imsi !== undefined) identity.imsi = m.imsi;
    if (m.iccid !== undefined) identity.iccid = m.iccid.slice(0, 32);
    return { method: 'at', identity, notes: m.notes, linkCapable };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    at.dispose();
    tap.release();
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new ProvisioningError('CANCELLED', 'Identification cancelled');
}

/** Resolves with `promise`, or rejects with TRANSPORT_TIMEOUT / CANCELLED, whichever comes first. */
export function within<T>(promise: Promise<T>, timeoutMs: number, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      done();
      reject(new ProvisioningError('CANCELLED', 'Identification cancelled'));
    };
    const timer = setTimeout(() => {
      done();
      reject(new ProvisioningError('TRANSPORT_TIMEOUT', 'Port did not answer in time', { retryable: true, details: { timeoutMs } }));
    }, timeoutMs);
    if (signal?.aborted === true) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        done();
        resolve(value);
      },
      (error: unknown) => {
        done();
        reject(error instanceof Error ? error : new ProvisioningError('INTERNAL', 'Probe failed'));
      },
    );
  });
}
