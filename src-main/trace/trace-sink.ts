import type { DeviceId } from '../../src-shared/domain/device.js';
import type { ApduChannel } from '../../src-shared/card/apdu-channel.js';
import type { ByteChannel } from '../../src-shared/ports/byte-channel.js';
import { apduDrafts } from '../../src-shared/trace/apdu-summary.js';
import { LineObserver } from '../../src-shared/trace/line-observer.js';
import type { TraceDraft } from '../../src-shared/trace/trace-draft.js';

export type { TraceLayer } from '../../src-shared/trace/trace-record.js';

/** What the station saw on a device's line, as the trace records it (masked already). */
export interface TraceRecordInput extends TraceDraft {
  readonly deviceId?: DeviceId;
  readonly slot?: string;
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

function safely(sink: TraceSink, line: TracedLine, drafts: readonly TraceDraft[]): void {
  for (const d of drafts) {
    try {
      sink.record({ ...d, deviceId: line.deviceId, slot: line.slot });
    } catch {
      // The trace never breaks the line.
    }
  }
}

/**
 * Wraps a device's byte channel so its traffic reaches the trace (link frames, the DM packages
 * they carry, AT lines). The channel behaves exactly as before: the same bytes, the same order,
 * the same errors; decoding runs after the bytes were handed on and never throws into the line.
 */
export function traceChannel(channel: ByteChannel, sink: TraceSink, line: TracedLine): ByteChannel {
  if (sink === NO_TRACE) return channel;
  const observer = new LineObserver();
  const see = (direction: 'in' | 'out', bytes: Uint8Array): void => {
    try {
      safely(sink, line, observer.observe(direction, bytes));
    } catch {
      // ditto
    }
  };
  // One subscription on the real channel feeds the observer once, whatever the number of listeners.
  let unsubscribe: (() => void) | undefined;
  const listeners = new Set<(chunk: Uint8Array) => void>();
  const ensure = (): void => {
    if (unsubscribe !== undefined) return;
    unsubscribe = channel.onData((chunk) => {
      for (const l of [...listeners]) l(chunk);
      see('in', chunk);
    });
  };
  return {
    write(bytes, signal) {
      const written = channel.write(bytes, signal);
      see('out', bytes);
      return written;
    },
    onData(listener) {
      listeners.add(listener);
      ensure();
      return () => {
        listeners.delete(listener);
      };
    },
    onClose: (listener) => channel.onClose(listener),
    close: () => channel.close(),
  };
}

/** Wraps a card channel so every APDU exchange reaches the trace (PINs masked, SW decoded). */
export function traceApduChannel(channel: ApduChannel, sink: TraceSink, line: TracedLine): ApduChannel {
  if (sink === NO_TRACE) return channel;
  return {
    get name() {
      return channel.name;
    },
    async transmit(apdu, signal) {
      let response: Uint8Array | undefined;
      try {
        response = await channel.transmit(apdu, signal);
        return response;
      } finally {
        try {
          safely(sink, line, apduDrafts(apdu, response));
        } catch {
          // ditto
        }
      }
    },
    withExclusive: (body) => channel.withExclusive(body),
    atr: () => channel.atr(),
  };
}
