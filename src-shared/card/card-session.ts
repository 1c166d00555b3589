import { ProvisioningError } from '../errors/index.js';
import type { AbortSignalLike } from '../ports/abort.js';
import type { Clock } from '../ports/clock.js';
import { concatBytes } from '../util/bytes.js';
import { encodeCommandApdu, parseResponseApdu, swHex, type CommandApdu, type ResponseApdu } from './apdu.js';
import type { ApduChannel } from './apdu-channel.js';
import { traceEntry, type ApduTraceEntry } from './apdu-trace.js';
import * as iso from './iso7816.js';
import { describeStatusWord } from './status-words.js';
import { verifyData } from './verify-data.js';

/** Largest chunk for READ/UPDATE BINARY: 255 so Lc and Le are the same size both ways (issue #6). */
export const CHUNK_BYTES = 255;

/** Options of a {@link CardSession}. */
export interface CardSessionOptions {
  /** Receives every raw exchange (secrets redacted). */
  readonly onTrace?: (entry: ApduTraceEntry) => void;
  /** Clock for trace timings. */
  readonly clock?: Clock;
  readonly signal?: AbortSignalLike;
}

/**
 * A card answered a command with a status word the step cannot continue from.
 *
 * This is the card saying no: jobs catch it at their boundary and report it as a value.
 */
export class CardRefusal extends Error {
  override readonly name = 'CardRefusal';
  constructor(
    readonly step: string,
    readonly sw: number,
  ) {
    super(`${step}: ${swHex(sw)} ${describeStatusWord(sw).message}`);
  }
}

/** Retry-counter state of a PIN or ADM reference. */
export type RetryCounter = { readonly kind: 'tries'; readonly left: number } | { readonly kind: 'verified' } | { readonly kind: 'blocked' } | { readonly kind: 'unknown'; readonly sw: number };

/**
 * ISO 7816-4 operations over an {@link ApduChannel}: T=0 GET RESPONSE (61xx) and Le retry (6Cxx),
 * 255-byte chunking, and readable refusals.
 */
export class CardSession {
  private seq = 0;
  /** Number of APDUs sent so far (including GET RESPONSE and retries). */
  apduCount = 0;

  constructor(
    readonly channel: ApduChannel,
    private readonly options: CardSessionOptions = {},
  ) {}

  /** Sends one APDU as is and parses the response. */
  async exchange(apdu: CommandApdu): Promise<ResponseApdu> {
    const bytes = encodeCommandApdu(apdu);
    if (this.options.signal?.aborted === true) throw new ProvisioningError('CANCELLED', 'card operation cancelled');
    const started = this.options.clock?.monotonicMs();
    let raw: Uint8Array;
    try {
      raw = await this.channel.transmit(bytes, this.options.signal);
      this.apduCount += 1;
      this.seq += 1;
      if (this.options.onTrace !== undefined) {
        const elapsed = started === undefined ? undefined : this.options.clock!.monotonicMs() - started;
        this.options.onTrace(traceEntry(this.seq, bytes, raw, elapsed));
      }
    } finally {
      // The encoded VERIFY holds the code: zero that copy once the card (and the trace) had it.
      if (apdu.ins === iso.INS.verify) bytes.fill(0);
    }
    const parsed = parseResponseApdu(raw);
    if (!parsed.ok) throw new ProvisioningError('PROTOCOL_VIOLATION', `${this.channel.name}: ${parsed.error}`);
    return parsed.value;
  }

  /**
   * Sends an APDU and completes it the T=0 way: 6Cxx → resend with Le = xx (once); 61xx → GET
   * RESPONSE until the card stops announcing data. Returns the final body and status word.
   */
  async send(apdu: CommandApdu): Promise<ResponseApdu> {
    let response = await this.exchange(apdu);
    const first = describeStatusWord(response.sw);
    if (first.kind === 'wrong-le' && first.count !== undefined) response = await this.exchange({ ...apdu, le: first.count });
    const parts: Uint8Array[] = [response.data];
    for (let guard = 0; guard < 64; guard++) {
      const info = describeStatusWord(response.sw);
      if (info.kind !== 'more-data' || info.count === undefined) break;
      response = await this.exchange(iso.getResponse(info.count));
      parts.push(response.data);
    }
    return { data: parts.length === 1 ? response.data : concatBytes(parts), sw: response.sw };
  }

  /** Sends and requires success (9000/91xx); throws {@link CardRefusal} otherwise. */
  async expectOk(apdu: CommandApdu, step: string): Promise<Uint8Array> {
    const response = await this.send(apdu);
    if (describeStatusWord(response.sw).kind !== 'ok') throw new CardRefusal(step, response.sw);
    return response.data;
  }

  /** SELECT by AID; resolves false when the card answers 6A82 (absent). */
  async selectAid(aid: Uint8Array): Promise<boolean> {
    return this.selectOrAbsent(iso.selectAid(aid), 'SELECT AID');
  }

  /** SELECT by FID under the current DF; resolves false on 6A82. */
  async selectFid(fileId: number): Promise<boolean> {
    return this.selectOrAbsent(iso.selectFid(fileId), `SELECT ${fileId.toString(16).padStart(4, '0')}`);
  }

  /** SELECT by path from the MF; resolves false on 6A82. */
  async selectPath(path: readonly number[]): Promise<boolean> {
    return this.selectOrAbsent(iso.selectPath(path), `SELECT path ${path.map((p) => p.toString(16).padStart(4, '0')).join('/')}`);
  }

  private async selectOrAbsent(apdu: CommandApdu, step: string): Promise<boolean> {
    const response = await this.send(apdu);
    if (response.sw === 0x6a82) return false;
    if (describeStatusWord(response.sw).kind !== 'ok') throw new CardRefusal(step, response.sw);
    return true;
  }

  /**
   * Reads `length` bytes of the current EF from `offset` in 255-byte chunks.
   *
   * Stops early at end of file (6282 or a short answer, or 6B00 past the end) and returns what was
   * read, so callers can read files of unknown size with a generous `length`.
   */
  async readBinary(offset: number, length: number): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let done = 0;
    while (done < length) {
      const want = Math.min(CHUNK_BYTES, length - done);
      const response = await this.send(iso.readBinary(offset + done, want));
      if (response.sw === 0x6b00) break;
      const kind = describeStatusWord(response.sw).kind;
      if (kind !== 'ok' && response.sw !== 0x6282) throw new CardRefusal('READ BINARY', response.sw);
      parts.push(response.data);
      done += response.data.length;
      if (response.sw === 0x6282 || response.data.length < want) break;
    }
    return concatBytes(parts);
  }

  /** Writes `data` at `offset` of the current EF in 255-byte UPDATE BINARY chunks. */
  async updateBinary(offset: number, data: Uint8Array): Promise<void> {
    for (let done = 0; done < data.length; done += CHUNK_BYTES) {
      await this.expectOk(iso.updateBinary(offset + done, data.subarray(done, Math.min(data.length, done + CHUNK_BYTES))), 'UPDATE BINARY');
    }
  }

  /** CREATE FILE under the current DF. */
  async createFile(spec: iso.FileSpec): Promise<void> {
    await this.expectOk(iso.createFile(spec), `CREATE FILE ${spec.fileId.toString(16).padStart(4, '0')}`);
  }

  /** DELETE FILE under the current DF. */
  async deleteFile(fileId: number): Promise<void> {
    await this.expectOk(iso.deleteFile(fileId), `DELETE FILE ${fileId.toString(16).padStart(4, '0')}`);
  }

  /** Queries a PIN/ADM retry counter with an empty VERIFY: no try is spent. */
  async retryCounter(ref: number): Promise<RetryCounter> {
    const response = await this.send(iso.verify(ref));
    const info = describeStatusWord(response.sw);
    if (info.kind === 'retries' && info.count !== undefined) return { kind: 'tries', left: info.count };
    if (info.kind === 'ok') return { kind: 'verified' };
    if (info.kind === 'blocked') return { kind: 'blocked' };
    return { kind: 'unknown', sw: response.sw };
  }

  /**
   * Presents a code; resolves with the raw status word (9000, 63Cx, 6983 …). Callers ask the brick
   * guard first. The data is {@link verifyData}'s (a PIN padded with FF to 8 bytes); the padded
   * copy is zeroed before this returns, `code` itself stays the caller's to zero.
   *
   * @throws ProvisioningError `INVALID_REQUEST` for a code the reference cannot take (no APDU sent)
   */
  async presentCode(ref: number, code: Uint8Array): Promise<number> {
    const data = verifyData(ref, code);
    try {
      return (await this.send(iso.verify(ref, data))).sw;
    } finally {
      if (data !== code) data.fill(0);
    }
  }
}
