/**
 * The server's side of Package#0 (digest §8): build a (signed) notification for a device and
 * move the device to NOTIFIED, so the Package#1 that answers it can be matched. Sending the
 * bytes (UDP, SMS, push) is the transport's job.
 */
import type { Clock, Random } from '../../../ports/clock.js';
import { CON_TYPE, encodePackage0, signPackage0, type DigestOrder, type NotiCredentials, type Sha256 } from '../package0.js';
import { PACKAGE0_VERSION } from '../decisions.js';
import { updateDevice } from './server-records.js';
import type { SessionStore } from './session-store.js';

/** What {@link notifyDevice} needs. */
export interface NotifyDeps {
  readonly serverId: string;
  readonly store: SessionStore;
  readonly clock: Clock;
  readonly random: Random;
  readonly sha256: Sha256;
}

/** Options of one notification. */
export interface NotifyOptions {
  /** The device's DMAcc `Auth/Noti` credentials; absent → unsigned (accepted only by accounts without them). */
  readonly credentials?: NotiCredentials;
  /** @default random */
  readonly notificationId?: number;
  /** Ask for the MOS list in Package#1. @default true */
  readonly reqMos?: boolean;
  /** @default CON_TYPE.anyAvailable */
  readonly preferredConType?: number;
  readonly digestOrder?: DigestOrder;
}

/** Builds the Package#0 for `devId` and records the device as NOTIFIED. */
export async function notifyDevice(deps: NotifyDeps, devId: string, options: NotifyOptions = {}): Promise<{ readonly bytes: Uint8Array; readonly notificationId: number }> {
  const r = deps.random.bytes(2);
  const notificationId = options.notificationId ?? ((r[0]! << 8) | r[1]!);
  const p = {
    version: PACKAGE0_VERSION,
    serverId: deps.serverId,
    preferredConType: options.preferredConType ?? CON_TYPE.anyAvailable,
    notificationId,
    timestampS: Math.floor(deps.clock.nowMs() / 1000),
    reqMos: options.reqMos ?? true,
  };
  const bytes = options.credentials === undefined ? encodePackage0(p) : signPackage0(p, options.credentials, deps.sha256, options.digestOrder);
  const notifiedAtMs = deps.clock.nowMs();
  await updateDevice(deps.store, devId, (rec) => ({ ...rec, state: { kind: 'notified', devId, notificationId, notifiedAtMs } }));
  return { bytes, notificationId };
}
