import type { ByteChannel } from '../../src-shared/ports/byte-channel.js';
import type { FaultCard } from './fault-card.js';

/** Behaviour switches of the simulated T=0 card. */
export interface T0SimOptions {
  /** Answer the PPS with an echo (accept) or with PPS1 absent (decline). @default true */
  readonly acceptPps?: boolean;
  /** Send a NULL procedure byte (60) before every status word. */
  readonly nullBytes?: boolean;
  /** Move data one byte at a time (procedure byte INS ⊕ FF before each byte). */
  readonly byteByByte?: boolean;
  /** Stop answering APDUs (a mute card). */
  mute?: boolean;
}

const OUTGOING: ReadonlySet<number> = new Set([0xb0, 0xc0]);

/**
 * The card side of ISO 7816-3 T=0 on a serial line, in front of a {@link FaultCard}: ATR on
 * power-on, PPS, procedure bytes, 6Cxx for a wrong Le and 61xx + GET RESPONSE for case 4.
 */
export class T0CardSim {
  private buffer: number[] = [];
  private state: 'off' | 'after-atr' | 'idle' | 'data' = 'off';
  private header: number[] = [];
  private collected: number[] = [];
  private pending: Uint8Array | undefined;
  private readonly off: () => void;

  constructor(
    private readonly port: ByteChannel,
    private readonly card: FaultCard,
    readonly options: T0SimOptions = {},
  ) {
    this.off = port.onData((chunk) => {
      this.buffer.push(...chunk);
      this.pump();
    });
  }

  /** Takes the card off the line (stops listening). */
  detach(): void {
    this.off();
  }

  /** Power-on / reset: the card sends its ATR. */
  async powerOn(): Promise<void> {
    this.card.insert();
    this.buffer = [];
    this.state = 'after-atr';
    await this.port.write(this.card.atr());
  }

  private send(bytes: readonly number[]): void {
    void this.port.write(Uint8Array.from(bytes));
  }

  private sw(data: Uint8Array, sw: readonly number[]): number[] {
    return [...data, ...(this.options.nullBytes === true ? [0x60] : []), ...sw];
  }

  private pump(): void {
    for (;;) {
      if (this.state === 'after-atr') {
        if (this.buffer.length === 0) return;
        if (this.buffer[0] !== 0xff) {
          this.state = 'idle';
          continue;
        }
        if (this.buffer.length < 4) return;
        const request = this.buffer.splice(0, 4);
        this.send(this.options.acceptPps === false ? [0xff, 0x00, 0xff] : request);
        this.state = 'idle';
        continue;
      }
      if (this.state === 'idle') {
        if (this.buffer.length < 5 || this.options.mute === true) return;
        this.header = this.buffer.splice(0, 5);
        this.command();
        continue;
      }
      if (this.state === 'data') {
        const lc = this.header[4]!;
        if (this.buffer.length === 0) return;
        const take = this.options.byteByByte === true ? 1 : lc - this.collected.length;
        if (this.buffer.length < take) return;
        this.collected.push(...this.buffer.splice(0, take));
        if (this.collected.length < lc) {
          this.send([this.header[1]! ^ 0xff]);
          continue;
        }
        const data = this.collected;
        this.collected = [];
        this.state = 'idle';
        this.finishIncoming(data);
        continue;
      }
      return;
    }
  }

  private execute(bytes: readonly number[]): { data: Uint8Array; sw: number[] } {
    const out = this.card.execute(Uint8Array.from(bytes));
    return { data: out.slice(0, -2), sw: [out[out.length - 2]!, out[out.length - 1]!] };
  }

  private command(): void {
    const [cla, ins, p1, p2, p3] = this.header as [number, number, number, number, number];
    if (OUTGOING.has(ins)) {
      const le = p3 === 0 ? 256 : p3;
      let result: { data: Uint8Array; sw: number[] };
      if (ins === 0xc0 && this.pending !== undefined) {
        const pending = this.pending;
        this.pending = undefined;
        result = { data: pending.slice(0, le), sw: [0x90, 0x00] };
      } else result = this.execute([cla, ins, p1, p2, p3]);
      if (result.data.length === 0) return this.send(this.sw(result.data, result.sw));
      if (result.data.length !== le) return this.send([0x6c, result.data.length & 0xff]);
      return this.send(this.procedure(ins, result.data, result.sw));
    }
    if (p3 === 0) {
      const result = this.execute([cla, ins, p1, p2]);
      return this.send(this.afterIncoming(result));
    }
    this.state = 'data';
    this.send(this.options.byteByByte === true ? [ins ^ 0xff] : [ins]);
  }

  private procedure(ins: number, data: Uint8Array, sw: number[]): number[] {
    if (this.options.byteByByte !== true) return [ins, ...this.sw(data, sw)];
    return [...[...data].flatMap((b) => [ins ^ 0xff, b]), ...this.sw(new Uint8Array(0), sw)];
  }

  private finishIncoming(data: number[]): void {
    const [cla, ins, p1, p2] = this.header as [number, number, number, number];
    this.send(this.afterIncoming(this.execute([cla, ins, p1, p2, data.length, ...data])));
  }

  /** Case 3/4: data cannot follow in T=0, so it waits for GET RESPONSE behind 61xx. */
  private afterIncoming(result: { data: Uint8Array; sw: number[] }): number[] {
    if (result.data.length === 0) return this.sw(result.data, result.sw);
    this.pending = result.data;
    return [0x61, result.data.length & 0xff];
  }
}
