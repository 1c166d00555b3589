import type { DeviceId } from '../../src-shared/domain/device.js';
import type { CommandName } from '../../src-shared/ipc/contract.js';
import type { CommandTable } from '../../src-shared/ipc/table.js';
import type { ByteChannel } from '../../src-shared/ports/byte-channel.js';
import type { Clock } from '../../src-shared/ports/clock.js';
import type { Handlers, UnexpectedErrorReporter } from '../ipc/gate.js';
import type { StationServices } from '../services/station-services.js';
import type { TraceSink } from '../trace/trace-sink.js';

/** The handlers of one contract area: exactly its commands. */
export type AreaHandlers<T extends CommandTable> = Pick<Handlers, keyof T & CommandName>;

/** What every area of the station is given when it opens. */
export interface AreaContext {
  /** The core services (registry, discovery, certificates, audit, settings, bus). */
  readonly services: StationServices;
  /** The station data directory; areas keep state in memory when absent. */
  readonly dataDir: string | undefined;
  readonly clock: Clock;
  readonly report: UnexpectedErrorReporter;
  /** The station's live trace (link frames, DM packages, APDUs). */
  readonly trace: TraceSink;
  /**
   * Opens a device's line for work (waits for its identification probe to let go); the channel is
   * traced. The caller closes it.
   */
  openLine(deviceId: DeviceId, signal: AbortSignal): Promise<ByteChannel>;
}

/** One opened area: its contract handlers, what it offers other areas, and how it stops. */
export interface StationArea<T extends CommandTable, Api = undefined> {
  readonly handlers: AreaHandlers<T>;
  readonly api: Api;
  close(): Promise<void>;
}
