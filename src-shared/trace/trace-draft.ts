import type { TraceDirection, TraceLayer } from './trace-record.js';

/**
 * What a decoder found in the traffic, before the recorder stamps it (id, time, device). Every
 * field is masked already; `bytes` are only ever bytes that carry no secret.
 */
export interface TraceDraft {
  readonly layer: TraceLayer;
  readonly direction: TraceDirection;
  readonly summary: string;
  readonly detail?: string;
  readonly bytes?: Uint8Array;
  /** Bytes on the wire, when `bytes` is only part of them (or absent). */
  readonly length?: number;
}
