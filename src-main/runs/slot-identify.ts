import type { DeviceBootstrapState } from '../../src-shared/bootstrap/cable-constants.js';
import { devIdOf } from '../../src-shared/bootstrap/factory-tree.js';
import type { ByteChannel } from '../../src-shared/ports/byte-channel.js';
import { readBootstrapState, wakeAndIdentify } from '../bootstrap/at-identify.js';
import { AtDriver } from '../transports/at-driver.js';

/** Who is on a line, read over AT before anything is written to the device. */
export interface SlotIdentity {
  readonly devId: string;
  readonly facts: Readonly<Record<string, string>>;
  /**
   * The handset's own bootstrap state (`AT+BBSTATE?`): a run the journal calls done may still face
   * a device that never committed `complete` (see RunManager, "done but unconfirmed").
   */
  readonly deviceState?: DeviceBootstrapState;
}

/**
 * Reads the DevID (from the IMEI), identity facts and bootstrap state over AT, leaving the line open and in AT mode
 * (the cable bootstrap then takes it over). Throws a typed `ProvisioningError`.
 */
export async function identifySlot(channel: ByteChannel, timeoutMs = 2000): Promise<SlotIdentity> {
  const at = new AtDriver(channel, { defaultTimeoutMs: timeoutMs, settleAfterTimeoutMs: 30 });
  try {
    const v = await wakeAndIdentify(at, timeoutMs);
    const facts: Record<string, string> = { imei: v.imei };
    if (v.imsi !== undefined) facts['imsi'] = v.imsi;
    if (v.iccid !== undefined) facts['iccid'] = v.iccid;
    if (v.model !== undefined) facts['model'] = v.model;
    return { devId: devIdOf(v.imei), facts, deviceState: await readBootstrapState(at, timeoutMs) };
  } finally {
    at.dispose();
  }
}
