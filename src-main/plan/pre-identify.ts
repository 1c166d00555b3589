/**
 * A short AT exchange before a profile-driven cable bootstrap: the station needs the device's
 * identity (IMEI, model, …) to compile its plan before the bootstrap session starts. Leaves the
 * handset in AT mode (no `AT+BBLINK`), so `runCableBootstrap` can start over on the same port.
 */
import type { ModemIdentity } from '../../src-shared/at/identity.js';
import type { DeviceBootstrapState } from '../../src-shared/bootstrap/cable-constants.js';
import type { ByteChannel } from '../../src-shared/ports/byte-channel.js';
import { readBootstrapState, wakeAndIdentify } from '../bootstrap/at-identify.js';
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
    const identity = await wakeAndIdentify(at, timeoutMs);
    return { identity, state: await readBootstrapState(at, timeoutMs) };
  } finally {
    at.dispose();
  }
}
