import { settle, type AtExecutor } from '../../src-shared/at/at-outcome.js';
import type { AtFinalResult } from '../../src-shared/at/result-codes.js';
import { csimCommand, parseCsim } from '../../src-shared/at/sim-access.js';
import type { ApduChannel } from '../../src-shared/card/apdu-channel.js';
import { ProvisioningError } from '../../src-shared/errors/index.js';
import type { AbortSignalLike } from '../../src-shared/ports/abort.js';

/** Options of a {@link CsimApduChannel}. */
export interface CsimChannelOptions {
  /** Per-APDU modem deadline. @default 5000 */
  readonly timeoutMs?: number;
  /** Name for traces. @default 'AT+CSIM' */
  readonly name?: string;
}

function refusalError(final: AtFinalResult, name: string): ProvisioningError {
  if (final.kind === 'cme-error') {
    const code = final.error.code;
    if (code === 10 || code === 13 || code === 15) return new ProvisioningError('CARD_ABSENT', `${name}: ${final.error.message}`, { details: { cme: code } });
    if (code === 14) return new ProvisioningError('DEVICE_BUSY', `${name}: ${final.error.message}`, { retryable: true, details: { cme: code } });
    return new ProvisioningError('PROTOCOL_VIOLATION', `${name}: the modem refused +CSIM: ${final.error.message}`, code === undefined ? {} : { details: { cme: code } });
  }
  return new ProvisioningError('PROTOCOL_VIOLATION', `${name}: the modem refused +CSIM (${final.kind})`);
}

/**
 * {@link ApduChannel} through a handset's or modem's `AT+CSIM` (3GPP TS 27.007 §8.17).
 *
 * Each APDU is one `AT+CSIM=<len>,"<hex>"`; the modem relays it to the UICC and answers with the
 * raw response. The modem owns the card (no exclusivity to take), and the ATR is not available
 * over AT, so {@link atr} is empty. A modem refusal (ERROR, +CME ERROR) is a transport failure here
 * — the card never saw the APDU — mapped to CARD_ABSENT (SIM not inserted/failure/wrong),
 * DEVICE_BUSY (SIM busy) or PROTOCOL_VIOLATION.
 */
export class CsimApduChannel implements ApduChannel {
  readonly name: string;

  constructor(
    private readonly exec: AtExecutor,
    private readonly options: CsimChannelOptions = {},
  ) {
    this.name = options.name ?? 'AT+CSIM';
  }

  atr(): Uint8Array {
    return new Uint8Array(0);
  }

  withExclusive<T>(body: () => Promise<T>): Promise<T> {
    return body();
  }

  async transmit(apdu: Uint8Array, signal?: AbortSignalLike): Promise<Uint8Array> {
    if (signal?.aborted === true) throw new ProvisioningError('CANCELLED', `${this.name}: cancelled`);
    const command = csimCommand(apdu);
    const settled = settle(command, await this.exec(command, { timeoutMs: this.options.timeoutMs ?? 5000 }), parseCsim);
    if (!settled.ok) throw settled.error;
    if (settled.value.status === 'rejected') throw refusalError(settled.value.final, this.name);
    const { data, sw1, sw2 } = settled.value.value;
    const out = new Uint8Array(data.length + 2);
    out.set(data);
    out[data.length] = sw1;
    out[data.length + 1] = sw2;
    return out;
  }
}
