import { setTimeout as delay } from 'node:timers/promises';
import type { AbortSignalLike } from '../../src-shared/ports/abort.js';
import type { ByteChannel, ChannelCloseReason } from '../../src-shared/ports/byte-channel.js';

/** Faults a simulated handset injects on its line (docs/simulator.md §4). */
export interface LineFaults {
  /** Drop the line when the device has received this many bytes (bytes before it are delivered). */
  readonly hangupAt?: number;
  /** Probability that a received link byte is flipped (0–1). */
  readonly corruptRate?: number;
  /** Stop writing for this long once, right after the link comes up. */
  readonly stallMs?: number;
}

/** Seeded xorshift32 for reproducible corruption. */
function prng(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x1_0000_0000;
  };
}

/**
 * Wraps the device's end of the line and injects {@link LineFaults}. Corruption and the stall
 * start when {@link armLink} is called (in AT mode the line stays clean).
 */
export class FaultChannel implements ByteChannel {
  #received = 0;
  #linkArmed = false;
  #stallPending: boolean;
  #hungUp = false;
  readonly #random: () => number;
  readonly #data = new Set<(chunk: Uint8Array) => void>();

  constructor(
    private readonly inner: ByteChannel,
    private readonly faults: LineFaults,
    seed: number,
    /** Told the moment the line is dropped (wall-clock ms since the epoch, for detection measurements). */
    private readonly onHangup?: (atEpochMs: number, byteOffset: number) => void,
  ) {
    this.#random = prng(seed);
    this.#stallPending = (faults.stallMs ?? 0) > 0;
    inner.onData((chunk) => this.#onChunk(chunk));
  }

  /** Bytes received so far (the device-bound offset). */
  get received(): number {
    return this.#received;
  }

  /** Marks the switch to link mode: corruption and the stall apply from now on. */
  armLink(): void {
    this.#linkArmed = true;
  }

  async write(bytes: Uint8Array, signal?: AbortSignalLike): Promise<void> {
    if (this.#linkArmed && this.#stallPending) {
      this.#stallPending = false;
      await delay(this.faults.stallMs ?? 0);
    }
    return this.inner.write(bytes, signal);
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.#data.add(listener);
    return () => this.#data.delete(listener);
  }

  onClose(listener: (reason: ChannelCloseReason) => void): () => void {
    return this.inner.onClose(listener);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  #onChunk(chunk: Uint8Array): void {
    if (this.#hungUp) return;
    let bytes = chunk;
    const limit = this.faults.hangupAt;
    let hangup = false;
    if (limit !== undefined && this.#received + bytes.length >= limit) {
      bytes = bytes.subarray(0, Math.max(0, limit - this.#received));
      hangup = true;
    }
    this.#received += bytes.length;
    const rate = this.faults.corruptRate ?? 0;
    if (this.#linkArmed && rate > 0 && bytes.length > 0) {
      bytes = bytes.slice();
      for (let i = 0; i < bytes.length; i++) if (this.#random() < rate) bytes[i] = bytes[i]! ^ (1 + Math.floor(this.#random() * 255));
    }
    if (bytes.length > 0) for (const l of [...this.#data]) l(bytes);
    if (hangup) {
      this.#hungUp = true;
      this.#data.clear();
      this.onHangup?.(performance.timeOrigin + performance.now(), this.#received);
      void this.inner.close();
    }
  }
}
