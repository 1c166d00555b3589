import type * as SmartcardModule from 'smartcard';
import type { CardInterface as PcscCard, ContextInterface as PcscContext } from 'smartcard';
import type { ApduChannel } from '../../src-shared/card/apdu-channel.js';
import { ProvisioningError } from '../../src-shared/errors/index.js';
import type { AbortSignalLike } from '../../src-shared/ports/abort.js';
import { translatePcscError } from './pcsc-errors.js';

type Pcsc = typeof SmartcardModule;

let loaded: Promise<Pcsc> | undefined;

/** Loads the N-API addon on first use, so commands that never touch a reader never load it. */
export function loadPcsc(): Promise<Pcsc> {
  loaded ??= import('smartcard').then((m) => ((m as { default?: Pcsc }).default ?? m) as Pcsc);
  return loaded;
}

/** A reader as listed by PC/SC. */
export interface ReaderInfo {
  readonly name: string;
  readonly hasCard: boolean;
  /** ATR as hex when a card is present. */
  readonly atr?: string;
}

/** Opens a PC/SC context; a missing pcscd becomes a clear `DEVICE_NOT_FOUND`. */
export async function openContext(): Promise<PcscContext> {
  const pcsc = await loadPcsc();
  try {
    return new pcsc.Context();
  } catch (error) {
    throw translatePcscError(error, 'PC/SC');
  }
}

/** Lists readers and whether each holds a card. */
export async function listReaders(): Promise<ReaderInfo[]> {
  const pcsc = await loadPcsc();
  const context = await openContext();
  try {
    return context.listReaders().map((r) => {
      const hasCard = (r.state & pcsc.SCARD_STATE_PRESENT) !== 0;
      return hasCard && r.atr !== null ? { name: r.name, hasCard, atr: r.atr.toString('hex') } : { name: r.name, hasCard };
    });
  } catch (error) {
    throw translatePcscError(error, 'PC/SC');
  } finally {
    context.close();
  }
}

/** Share mode of a PC/SC connection. */
export type ShareMode = 'shared' | 'exclusive';

/**
 * {@link ApduChannel} over a PC/SC reader (the `smartcard` N-API addon).
 *
 * Connects shared (listing, reading) or exclusive (write jobs). {@link withExclusive} on a shared
 * connection upgrades it to exclusive and keeps it so until {@link close}: with pcsc-lite 1.9.9 a
 * reconnect from EXCLUSIVE back to SHARED leaves other clients' SCardConnect blocked until we
 * disconnect (measured in the card lab), so holding exclusive until close is the honest contract.
 * No automatic GET RESPONSE: the CardSession above handles 61xx/6Cxx for every adapter alike.
 */
export class PcscCardChannel implements ApduChannel {
  private constructor(
    readonly name: string,
    private readonly pcsc: Pcsc,
    private readonly context: PcscContext,
    private readonly card: PcscCard,
    private share: ShareMode,
  ) {}

  /** Connects to the card in `readerName`. */
  static async connect(readerName: string, share: ShareMode = 'shared'): Promise<PcscCardChannel> {
    const pcsc = await loadPcsc();
    const context = await openContext();
    try {
      const reader = context.listReaders().find((r) => r.name === readerName);
      if (reader === undefined) throw new ProvisioningError('DEVICE_NOT_FOUND', `no reader named "${readerName}"`, { details: { reader: readerName } });
      const mode = share === 'exclusive' ? pcsc.SCARD_SHARE_EXCLUSIVE : pcsc.SCARD_SHARE_SHARED;
      const card = await reader.connect(mode, pcsc.SCARD_PROTOCOL_T0 | pcsc.SCARD_PROTOCOL_T1);
      return new PcscCardChannel(readerName, pcsc, context, card, share);
    } catch (error) {
      context.close();
      throw translatePcscError(error, readerName);
    }
  }

  atr(): Uint8Array {
    try {
      return new Uint8Array(this.card.getStatus().atr);
    } catch {
      return new Uint8Array(this.card.atr ?? []);
    }
  }

  async transmit(apdu: Uint8Array, signal?: AbortSignalLike): Promise<Uint8Array> {
    if (signal?.aborted === true) throw new ProvisioningError('CANCELLED', `${this.name}: cancelled`);
    let response: Uint8Array;
    try {
      response = new Uint8Array(await this.card.transmit(Buffer.from(apdu), { autoGetResponse: false }));
    } catch (error) {
      throw translatePcscError(error, this.name);
    }
    // vpcd (and some drivers) complete the exchange with no bytes when the card's link drops mid-APDU.
    if (response.length < 2) throw new ProvisioningError('DEVICE_DISCONNECTED', `${this.name}: the reader returned no status word (card pulled or link lost)`, { retryable: true });
    return response;
  }

  /** True once the connection holds the card exclusively. */
  get isExclusive(): boolean {
    return this.share === 'exclusive';
  }

  async withExclusive<T>(body: () => Promise<T>): Promise<T> {
    if (this.share !== 'exclusive') {
      try {
        await this.card.reconnect(this.pcsc.SCARD_SHARE_EXCLUSIVE, this.pcsc.SCARD_PROTOCOL_T0 | this.pcsc.SCARD_PROTOCOL_T1, this.pcsc.SCARD_LEAVE_CARD);
      } catch (error) {
        throw translatePcscError(error, this.name);
      }
      this.share = 'exclusive';
    }
    return body();
  }

  /** Disconnects (leaving the card powered) and releases the context; safe after the card left. */
  close(): void {
    try {
      if (this.card.connected) this.card.disconnect(this.pcsc.SCARD_LEAVE_CARD);
    } catch {
      // The card or reader is already gone: there is nothing left to disconnect.
    } finally {
      this.context.close();
    }
  }
}
