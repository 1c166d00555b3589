import type { BootstrapSpec } from '../../../src-shared/bootstrap/bootstrap-spec.js';
import { runCableBootstrap, type CableBootstrapResult } from '../../../src-main/bootstrap/cable-bootstrap.js';
import { SimDevice, type SimEvent } from '../../../src-main/sim/sim-device.js';
import { simIdentity } from '../../../src-main/sim/sim-identity.js';
import type { StateStore } from '../../../src-main/sim/state-store.js';
import { openSerialChannel } from '../../../src-main/transports/serial-channel.js';
import type { HangupPtyPair } from '../../support/socat.js';

/** One station run against one simulator run over a real socat pty pair. */
export interface PtyAttempt {
  readonly result: CableBootstrapResult;
  readonly events: SimEvent[];
  /** Device-bound bytes the simulator received. */
  readonly received: number;
  /** When the simulator dropped the line (epoch ms), if it did. */
  readonly hangupAtEpochMs: number | undefined;
}

/** Period of both ends' hang-up probe (serial-channel.ts), as the simulator CLI uses. */
const PROBE_MS = 20;

/**
 * Runs one bootstrap attempt over a fresh one-use socat pty pair (test/support/socat.ts
 * `startHangupPtyPair`): the station through the real serial transport on one end, the real
 * {@link SimDevice} (optionally hanging up at `offset`) through the same transport on the other.
 * The simulator's hang-up closes its tty; socat passes that on as a dropped line, and the
 * station has to notice it by itself. No emulated baud rate: line rate is not what is tested.
 * When the station is done it closes its end, which ends socat and so the device's line.
 */
export async function ptyAttempt(pair: HangupPtyPair, spec: BootstrapSpec, store: StateStore, journalDir: string, offset?: number, credentialKey?: Uint8Array): Promise<PtyAttempt> {
  try {
    const station = await openSerialChannel({ path: pair.a, hangupProbeMs: PROBE_MS });
    // The device listens before the station writes its first AT (nothing lost while it opens).
    const deviceEnd = await openSerialChannel({ path: await pair.b, hangupProbeMs: PROBE_MS });
    const events: SimEvent[] = [];
    let hangupAtEpochMs: number | undefined;
    const device = new SimDevice({
      channel: deviceEnd,
      store,
      identity: simIdentity(7),
      ...(offset === undefined ? {} : { faults: { hangupAt: offset } }),
      onEvent: (e) => {
        events.push(e);
        if (e.kind === 'hangup') hangupAtEpochMs = e.atEpochMs;
      },
    });
    const running = device.run();
    const result = await runCableBootstrap({ channel: station, spec, journalDir, timeoutMs: 10_000, ...(credentialKey === undefined ? {} : { credentialKey }) });
    await running;
    await pair.exited;
    return { result, events, received: device.receivedBytes, hangupAtEpochMs };
  } finally {
    await pair.stop();
  }
}
