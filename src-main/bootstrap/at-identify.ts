import { queryIdentity, type ModemIdentity } from '../../src-shared/at/identity.js';
import { DEVICE_BOOTSTRAP_STATES, type DeviceBootstrapState } from '../../src-shared/bootstrap/cable-constants.js';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { AtDriver } from '../transports/at-driver.js';

/** A handset's AT identity with the IMEI the station keys everything on. */
export type CableHandsetIdentity = ModemIdentity & { readonly imei: string };

/** How long a timed-out wake `AT` waits for its late answer before the next is sent. */
export const WAKE_SETTLE_MS = 300;

/**
 * Wakes the line and reads the handset's identity over AT (`+CGMI +CGMM +CGMR +CGSN +CIMI`, ICCID).
 *
 * The first bytes after a port opens can be lost (seen on socat ptys), so it probes with short `AT`
 * timeouts until the handset answers. Used by the cable bootstrap, the plan's pre-identification
 * and production runs alike.
 *
 * @throws ProvisioningError `PROTOCOL_VIOLATION` when the device reports no valid IMEI; the AT
 *   engine's typed errors otherwise.
 */
export async function wakeAndIdentify(at: AtDriver, timeoutMs: number): Promise<CableHandsetIdentity> {
  for (let i = 0; i < 8; i++) {
    // A wake `AT` that times out may still be answered (a busy handset, a loaded station): its
    // late `OK` must not be taken for the next command's, or every later answer is one behind.
    // So a timed-out wake waits up to WAKE_SETTLE_MS for it (ending as soon as it arrives); a
    // command lost on a fresh port costs that wait once.
    const r = await at.send('AT', { timeoutMs: Math.min(timeoutMs, 150), settleMs: WAKE_SETTLE_MS });
    if (r.status === 'final' && r.final.kind === 'ok') break;
    if (r.status === 'cancelled') throw r.error;
  }
  const identity = await queryIdentity(at.exec);
  if (!identity.ok) throw identity.error;
  const { imei } = identity.value;
  if (imei === undefined) throw new ProvisioningError('PROTOCOL_VIOLATION', 'the device reports no valid IMEI');
  return { ...identity.value, imei };
}

/**
 * Reads the handset's bootstrap state (`AT+BBSTATE?`, docs/simulator.md).
 *
 * @throws ProvisioningError `PROTOCOL_VIOLATION` when the device does not report one.
 */
export async function readBootstrapState(at: AtDriver, timeoutMs: number): Promise<DeviceBootstrapState> {
  const reply = await at.send('AT+BBSTATE?', { timeoutMs });
  const line = reply.status === 'final' && reply.final.kind === 'ok' ? reply.lines.find((l) => l.startsWith('+BBSTATE:')) : undefined;
  const state = DEVICE_BOOTSTRAP_STATES.find((s) => line?.slice(9).trim() === s);
  if (state === undefined) throw new ProvisioningError('PROTOCOL_VIOLATION', 'the device does not report its bootstrap state (AT+BBSTATE?)');
  return state;
}
