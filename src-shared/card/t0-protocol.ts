import { err, ok, type Result } from '../util/result.js';
import { parseCommandApdu } from './apdu.js';

/** What the T=0 engine wants next. */
export type T0Step =
  | { readonly kind: 'send'; readonly bytes: Uint8Array }
  | { readonly kind: 'wait' }
  | { readonly kind: 'done'; readonly response: Uint8Array }
  | { readonly kind: 'error'; readonly reason: string };

/**
 * One command over ISO 7816-3 T=0 (§10.3), sans-I/O: feed received bytes, get bytes to send.
 *
 * The header goes out first (P3 = Lc for case 3/4, Le for case 2, 00 for case 1). Procedure bytes:
 * `60` NULL (the card needs more time), INS (all remaining data moves at once), INS ⊕ FF (one byte
 * moves), `6x`/`9x` SW1 followed by SW2. Case 4 sends its data as case 3; the card then answers
 * 61xx and CardSession issues GET RESPONSE, as T=0 requires.
 */
export class T0Exchange {
  private readonly header: Uint8Array;
  private readonly data: Uint8Array;
  private readonly expected: number;
  private sent = 0;
  private readonly received: number[] = [];
  private receiving = 0;
  private sw1: number | undefined;
  private finished = false;

  private constructor(apdu: Uint8Array) {
    const parsed = parseCommandApdu(apdu);
    if (!parsed.ok) throw new Error(parsed.error);
    const c = parsed.value;
    this.data = c.data ?? new Uint8Array(0);
    this.expected = this.data.length > 0 ? 0 : (c.le ?? 0);
    const p3 = this.data.length > 0 ? this.data.length : c.le === undefined ? 0 : c.le & 0xff;
    this.header = Uint8Array.of(c.cla, c.ins, c.p1, c.p2, p3);
  }

  /** Starts an exchange; an error for bytes that are not a short command APDU. */
  static start(apdu: Uint8Array): Result<{ exchange: T0Exchange; header: Uint8Array }, string> {
    try {
      const exchange = new T0Exchange(apdu);
      return ok({ exchange, header: exchange.header });
    } catch (error) {
      return err(error instanceof Error ? error.message : 'bad APDU');
    }
  }

  /** Feeds bytes from the card; returns the steps they cause, in order. */
  receive(bytes: Uint8Array): T0Step[] {
    const steps: T0Step[] = [];
    for (const b of bytes) {
      if (this.finished) return [...steps, { kind: 'error', reason: 'card sent bytes after the status word' }];
      const step = this.byte(b);
      if (step !== undefined) steps.push(step);
      if (step?.kind === 'error' || step?.kind === 'done') this.finished = true;
    }
    return steps.length === 0 ? [{ kind: 'wait' }] : steps;
  }

  private byte(b: number): T0Step | undefined {
    if (this.receiving > 0) {
      this.received.push(b);
      this.receiving -= 1;
      return undefined;
    }
    if (this.sw1 !== undefined) return { kind: 'done', response: Uint8Array.from([...this.received, this.sw1, b]) };
    const ins = this.header[1]!;
    if (b === 0x60) return undefined;
    if ((b & 0xf0) === 0x60 || (b & 0xf0) === 0x90) {
      this.sw1 = b;
      return undefined;
    }
    if (b === ins || b === (ins ^ 0xff)) {
      const all = b === ins;
      if (this.sent < this.data.length) {
        const next = all ? this.data.subarray(this.sent) : this.data.subarray(this.sent, this.sent + 1);
        this.sent += next.length;
        return { kind: 'send', bytes: next };
      }
      const left = this.expected - this.received.length;
      if (left <= 0) return { kind: 'error', reason: 'procedure byte asks for more data than the command has' };
      this.receiving = all ? left : 1;
      return undefined;
    }
    return { kind: 'error', reason: `invalid procedure byte ${b.toString(16).padStart(2, '0')}` };
  }
}
