import type { ApduChannel } from '../../src-shared/card/apdu-channel.js';
import { buildPpsRequest, parseAtr, verifyPpsResponse, type Atr } from '../../src-shared/card/atr.js';
import { T0Exchange, type T0Step } from '../../src-shared/card/t0-protocol.js';
import { ProvisioningError } from '../../src-shared/errors/index.js';
import type { AbortSignalLike } from '../../src-shared/ports/abort.js';
import type { ByteChannel } from '../../src-shared/ports/byte-channel.js';
import { assertNever } from '../../src-shared/util/assert-never.js';

/**
 * How the reader resets the card: on Phoenix-style serial readers RST is wired to RTS or DTR.
 * The adapter owns the line; tests inject a reset that powers a simulated card (ptys carry no
 * modem lines).
 */
export interface ResetLine {
  reset(): Promise<void>;
}

/** Options of {@link SerialT0Channel.open}. */
export interface SerialT0Options {
  readonly name: string;
  readonly resetLine: ResetLine;
  /** Deadline for the ATR, the PPS answer and each APDU. @default 2000 */
  readonly timeoutMs?: number;
  /** Negotiate TA1's Fi/Di with PPS (ISO 7816-3 §9). @default true */
  readonly pps?: boolean;
  /** Called with the new line rate after a PPS (real readers reprogram the UART here). */
  readonly setBaudRate?: (baudRate: number) => Promise<void>;
  /** Card clock of the reader, for the rate after PPS. @default 3_571_200 */
  readonly clockHz?: number;
}

/**
 * {@link ApduChannel} for serial (ISO 7816-3 T=0) readers over any {@link ByteChannel}.
 *
 * `open` resets the card, reads and checks the ATR, and, when TA1 offers more than the default
 * Fi 372 / Di 1, sends a PPS for TA1 and switches the line rate when the card accepts. Each APDU
 * runs through the sans-I/O {@link T0Exchange} (procedure bytes, NULL waits). Timeouts reject with
 * TRANSPORT_TIMEOUT; a closed port with CARD_ABSENT.
 */
export class SerialT0Channel implements ApduChannel {
  private listener: ((chunk: Uint8Array) => void) | undefined;
  private closed = false;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly name: string,
    private readonly port: ByteChannel,
    private readonly options: SerialT0Options,
    private atrBytes: Uint8Array,
    /** The parsed ATR and what PPS achieved. */
    readonly info: { readonly atr: Atr; readonly pps: 'accepted' | 'declined' | 'not-needed'; readonly baudRate: number },
  ) {
    port.onData((chunk) => this.listener?.(chunk));
    port.onClose(() => {
      this.closed = true;
    });
  }

  /** Resets the card, reads the ATR and negotiates the rate. */
  static async open(port: ByteChannel, options: SerialT0Options): Promise<SerialT0Channel> {
    const timeoutMs = options.timeoutMs ?? 2000;
    let buffer = new Uint8Array(0);
    let wake: (() => void) | undefined;
    const off = port.onData((chunk) => {
      const merged = new Uint8Array(buffer.length + chunk.length);
      merged.set(buffer);
      merged.set(chunk, buffer.length);
      buffer = merged;
      wake?.();
    });
    const until = async (done: () => boolean, what: string): Promise<void> => {
      const deadline = performance.now() + timeoutMs;
      while (!done()) {
        const left = deadline - performance.now();
        if (left <= 0) throw new ProvisioningError('TRANSPORT_TIMEOUT', `${options.name}: no ${what} from the card`, { retryable: true });
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    };
    try {
      await options.resetLine.reset();
      let atr: Atr | undefined;
      await until(() => {
        const parsed = parseAtr(buffer);
        if (parsed.ok) atr = parsed.value;
        return parsed.ok;
      }, 'ATR');
      const atrBytes = buffer;
      buffer = new Uint8Array(0);
      const clockHz = options.clockHz ?? 3_571_200;
      const ta1 = atr!.groups[0]?.ta;
      let pps: 'accepted' | 'declined' | 'not-needed' = 'not-needed';
      let baudRate = Math.round((clockHz * 1) / 372);
      if ((options.pps ?? true) && ta1 !== undefined && ta1 !== 0x11) {
        const request = buildPpsRequest(atr!.protocols[0] ?? 0, ta1);
        await port.write(request);
        await until(() => buffer.length >= 3 && buffer.length >= 3 + (((buffer[1] ?? 0) >> 4) & 1) + (((buffer[1] ?? 0) >> 5) & 1) + (((buffer[1] ?? 0) >> 6) & 1), 'PPS answer');
        const verdict = verifyPpsResponse(request, buffer);
        if (!verdict.ok) throw new ProvisioningError('PROTOCOL_VIOLATION', `${options.name}: ${verdict.error}`);
        pps = verdict.value;
        if (pps === 'accepted') baudRate = Math.round((clockHz * atr!.di) / atr!.fi);
        await options.setBaudRate?.(baudRate);
      }
      return new SerialT0Channel(options.name, port, options, atrBytes, { atr: atr!, pps, baudRate });
    } finally {
      off();
    }
  }

  atr(): Uint8Array {
    return this.atrBytes;
  }

  withExclusive<T>(body: () => Promise<T>): Promise<T> {
    return body();
  }

  transmit(apdu: Uint8Array, signal?: AbortSignalLike): Promise<Uint8Array> {
    const run = this.queue.then(() => this.exchange(apdu, signal));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private exchange(apdu: Uint8Array, signal?: AbortSignalLike): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new ProvisioningError('CARD_ABSENT', `${this.name}: the reader port is closed`));
    if (signal?.aborted === true) return Promise.reject(new ProvisioningError('CANCELLED', `${this.name}: cancelled`));
    const started = T0Exchange.start(apdu);
    if (!started.ok) return Promise.reject(new ProvisioningError('INVALID_REQUEST', `${this.name}: ${started.error}`));
    const { exchange, header } = started.value;
    return new Promise<Uint8Array>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (error: ProvisioningError | undefined, value?: Uint8Array): void => {
        clearTimeout(timer);
        this.listener = undefined;
        signal?.removeEventListener('abort', onAbort);
        if (error !== undefined) reject(error);
        else resolve(value!);
      };
      const arm = (): void => {
        clearTimeout(timer);
        // Each byte from the card (a NULL included) restarts the waiting time, as the work waiting time does.
        timer = setTimeout(() => finish(new ProvisioningError('TRANSPORT_TIMEOUT', `${this.name}: the card stopped answering`, { retryable: true })), this.options.timeoutMs ?? 2000);
      };
      const onAbort = (): void => finish(new ProvisioningError('CANCELLED', `${this.name}: cancelled`));
      signal?.addEventListener('abort', onAbort, { once: true });
      const apply = (steps: readonly T0Step[]): void => {
        for (const step of steps) {
          switch (step.kind) {
            case 'send':
              this.port.write(step.bytes).catch((error: unknown) => finish(new ProvisioningError('CARD_ABSENT', `${this.name}: write failed`, { cause: error })));
              break;
            case 'wait':
              break;
            case 'done':
              finish(undefined, step.response);
              return;
            case 'error':
              finish(new ProvisioningError('PROTOCOL_VIOLATION', `${this.name}: ${step.reason}`));
              return;
            default:
              assertNever(step, 'unknown T=0 step');
          }
        }
      };
      this.listener = (chunk) => {
        arm();
        apply(exchange.receive(chunk));
      };
      arm();
      this.port.write(header).catch((error: unknown) => finish(new ProvisioningError('CARD_ABSENT', `${this.name}: write failed`, { cause: error })));
    });
  }
}
