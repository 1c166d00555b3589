/**
 * A short AT exchange before a profile-driven cable bootstrap: the station needs the device's
 * identity (IMEI, model, …) to compile its plan before the bootstrap session starts. Leaves the
 * handset in AT mode (no `AT+BBLINK`), so `runCableBootstrap` can start over on the same port.
 */
import { queryIdentity, type ModemIdentity } from '../../src-shared/at/identity.js';
import { DEVICE_BOOTSTRAP_STATES, type DeviceBootstrapState } from '../../src-shared/bootstrap/cable-constants.js';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { ByteChannel } from '../../src-shared/ports/byte-channel.js';
import { AtDriver } from '../transports/at-driver.js';

/** What the pre-identification learnt. */
export interface CableIdentity {
  readonly identity: ModemIdentity;
  readonly state: DeviceBootstrapState;
}

/** Queries identity and bootstrap state over AT; the channel stays open (the caller closes it). */
export async function identifyOverCable(channel: ByteChannel, timeoutMs = 2000): Promise<CableIdentity> {
  const at = new AtDriver(channel, { defaultTimeoutMs: timeoutMs, settleAfterTimeoutMs: 30 });
  try {
    for (let i = 0; i < 8; i++) {
      const r = await at.send('AT', { timeoutMs: Math.min(timeoutMs, 150) });
      if (r.status === 'final' && r.final.kind === 'ok') break;
      if (r.status === 'cancelled') throw r.error;
    }
    const identity = await queryIdentity(at.exec);
    if (!identity.ok) throw identity.error;
    if (identity.value.imei === undefined) throw new ProvisioningError('PROTOCOL_VIOLATION', 'the device reports no valid IMEI');
    const reply = await at.send('AT+BBSTATE?', { timeoutMs });
    const line = reply.status === 'final' && reply.final.kind === 'ok' ? reply.lines.find((l) => l.startsWith('+BBSTATE:')) : undefined;
    const state = DEVICE_BOOTSTRAP_STATES.find((s) => line?.slice(9).trim() === s);
    if (state === undefined) throw new ProvisioningError('PROTOCOL_VIOLATION', 'the device does not report its bootstrap state (AT+BBSTATE?)');
    return { identity: identity.value, state };
  } finally {
    at.dispose();
  }
}
