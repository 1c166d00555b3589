import { setTimeout as delay } from 'node:timers/promises';
import { ProvisioningError } from '../../src-shared/errors/provisioning-error.js';
import type { AbortSignalLike } from '../../src-shared/ports/abort.js';
import type { ByteChannel, ChannelCloseReason } from '../../src-shared/ports/byte-channel.js';

/** Options of {@link ThrottledChannel}. */
export interface ThrottleOptions {
  /** Emulated line rate in bits per second, e.g. 115200. */
  readonly baudRate: number;
  /** Bits on the line per byte: 10 for 8N1. @default 10 */
  readonly bitsPerByte?: number;
  /** Granularity of the pacing in milliseconds. @default 4 */
  readonly sliceMs?: number;
}

/**
 * Wraps a {@link ByteChannel} so writes leave at an emulated serial line rate.
 *
 * ptys ignore the baud rate (TOOLCHAIN.md: ~30 MiB/s), so the simulator and the benchmarks pace
 * bytes in software: each write is cut into slices of `sliceMs` worth of line time and each slice
 * is released when the emulated line is free. Writes are serialised in call order and resolve
 * when their last slice was handed to the inner channel.
 */
export class ThrottledChannel implements ByteChannel {
  private chain: Promise<void> = Promise.resolve();
  private lineFreeAtMs = 0;
  private busyWrites = 0;
  private readonly bytesPerMs: number;
  private readonly sliceBytes: number;

  constructor(
    private readonly inner: ByteChannel,
    options: ThrottleOptions,
  ) {
    this.bytesPerMs = options.baudRate / (options.bitsPerByte ?? 10) / 1000;
    this.sliceBytes = Math.max(1, Math.floor(this.bytesPerMs * (options.sliceMs ?? 4)));
  }

  write(bytes: Uint8Array, signal?: AbortSignalLike): Promise<void> {
    const lineWasBusy = this.busyWrites > 0;
    this.busyWrites++;
    const run = this.chain
      .catch(() => undefined)
      .then(() => this.pace(bytes, signal, lineWasBusy))
      .finally(() => this.busyWrites--);
    this.chain = run;
    return run;
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.inner.onData(listener);
  }

  onClose(listener: (reason: ChannelCloseReason) => void): () => void {
    return this.inner.onClose(listener);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async pace(bytes: Uint8Array, signal: AbortSignalLike | undefined, lineWasBusy: boolean): Promise<void> {
    // A write queued behind another continues the line's schedule; timers wake late, so the
    // schedule keeps its own clock and slices catch up, which keeps the average rate exact. Only
    // a write onto an idle line starts the schedule from now.
    if (!lineWasBusy) this.lineFreeAtMs = Math.max(this.lineFreeAtMs, performance.now());
    for (let offset = 0; offset < bytes.length; ) {
      if (signal?.aborted === true) throw new ProvisioningError('CANCELLED', 'Write cancelled');
      let now = performance.now();
      if (this.lineFreeAtMs > now) {
        await delay(this.lineFreeAtMs - now);
        now = performance.now();
      }
      // One slice, plus the bytes the schedule fell behind by (the timer woke late: a real line
      // would have sent them by now) in the same write. Under load this sends fewer, larger
      // slices instead of one timer and one write per slice; the schedule, and so the average
      // rate, is unchanged (the line stays busy for exactly the bytes sent).
      const behindBytes = Math.floor(Math.max(0, now - this.lineFreeAtMs) * this.bytesPerMs);
      const slice = bytes.subarray(offset, offset + this.sliceBytes + behindBytes);
      offset += slice.length;
      this.lineFreeAtMs += slice.length / this.bytesPerMs;
      await this.inner.write(slice, signal);
    }
  }
}
