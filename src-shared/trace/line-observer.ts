import { LineSplitter } from '../at/line-splitter.js';
import { Deframer } from '../link/deframer.js';
import { FLAG_FIN, FRAME_HEADER_BYTES, FrameType, encodeFrameBody, type Frame } from '../link/frame.js';
import { decodeHello } from '../link/hello.js';
import { ResetReason } from '../link/link-frames.js';
import { decodeMessage } from '../link/message-codec.js';
import { seqAdd, seqDiff } from '../link/seq.js';
import { maskAtLine } from './mask.js';
import { summarizeMessage, type ExchangeNote } from './dm-summary.js';
import type { TraceDraft } from './trace-draft.js';
import type { TraceDirection } from './trace-record.js';

const TYPE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(FrameType).map(([k, v]) => [v, k]));
const RESET_NAMES: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(ResetReason).map(([k, v]) => [v, k]));
/** Largest message the observer reassembles (bigger ones are summarised as frames only). */
const MAX_MESSAGE = 4 * 1024 * 1024;
/** Out-of-order DATA frames kept per direction while a gap is filled. */
const MAX_PENDING = 128;

/** One direction of a line: AT text until the switch, then link frames and the messages they carry. */
class DirectionDecoder {
  mode: 'at' | 'link' = 'at';
  readonly #lines = new LineSplitter(1024);
  #deframer = new Deframer(0xffff);
  #expected: number | undefined;
  readonly #pending = new Map<number, Frame>();
  #parts: Uint8Array[] = [];
  #size = 0;

  constructor(readonly direction: TraceDirection) {}

  /** A new link session (HELLO): sequence numbers start afresh. */
  newSession(): void {
    this.#expected = undefined;
    this.#pending.clear();
    this.#parts = [];
    this.#size = 0;
  }

  toAt(): void {
    this.mode = 'at';
    this.#deframer = new Deframer(0xffff);
    this.newSession();
  }

  atLines(chunk: Uint8Array): string[] {
    return this.#lines.push(chunk);
  }

  frames(chunk: Uint8Array): ReturnType<Deframer['push']> {
    return this.#deframer.push(chunk);
  }

  /** Feeds one DATA frame; returns the messages it completed (in order), if any. */
  data(frame: Frame): { duplicate: boolean; messages: Uint8Array[] } {
    if (this.#expected === undefined) this.#expected = frame.seq;
    const d = seqDiff(frame.seq, this.#expected);
    if (d < 0 || this.#pending.has(frame.seq)) return { duplicate: true, messages: [] };
    if (d > 0) {
      if (d < 0x4000 && this.#pending.size < MAX_PENDING) this.#pending.set(frame.seq, frame);
      return { duplicate: false, messages: [] };
    }
    const messages: Uint8Array[] = [];
    let next: Frame | undefined = frame;
    while (next !== undefined) {
      this.#pending.delete(next.seq);
      const done = this.#append(next);
      if (done !== undefined) messages.push(done);
      this.#expected = seqAdd(next.seq, 1);
      next = this.#pending.get(this.#expected);
    }
    return { duplicate: false, messages };
  }

  #append(frame: Frame): Uint8Array | undefined {
    if (this.#size + frame.payload.length <= MAX_MESSAGE) this.#parts.push(frame.payload);
    this.#size += frame.payload.length;
    if ((frame.flags & FLAG_FIN) === 0) return undefined;
    const whole = this.#size <= MAX_MESSAGE ? concat(this.#parts, this.#size) : undefined;
    this.#parts = [];
    this.#size = 0;
    return whole;
  }
}

function concat(parts: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** One line of a frame: type, seq, ack, payload length, flags. */
function frameSummary(frame: Frame): string {
  const name = TYPE_NAMES[frame.type] ?? `type ${frame.type}`;
  switch (frame.type) {
    case FrameType.DATA:
      return `DATA seq ${frame.seq} ack ${frame.ack} len ${frame.payload.length}${(frame.flags & FLAG_FIN) !== 0 ? ' FIN' : ''}`;
    case FrameType.ACK:
      return `ACK ack ${frame.ack}${frame.payload.length >= 4 ? ' +SACK' : ''}`;
    case FrameType.RESET:
      return `RESET ${RESET_NAMES[frame.payload[0] ?? 0] ?? String(frame.payload[0] ?? '?')}`;
    case FrameType.HELLO:
    case FrameType.HELLO_ACK: {
      const hello = decodeHello(frame.payload);
      return hello.ok ? `${name} v${hello.value.version} ${hello.value.role}` : `${name} (malformed)`;
    }
    default:
      return `${name} seq ${frame.seq} ack ${frame.ack}`;
  }
}

/**
 * Decodes what crosses one device line, both ways, into trace drafts: AT command and response
 * lines (secret parameters masked), link frames (type, seq, ack, length, CRC verdict; the link's
 * own frame decoder), and the DM-layer meaning of every reassembled message (HTTP exchange and
 * DM package summary, or Package#0). Never throws; never changes the bytes.
 *
 * The switch from AT to the link follows the station's `AT+BBLINK` and the device's `OK`
 * (docs/simulator.md §3); a NUL byte (never in AT text) also switches, and a RESET(close) goes
 * back to AT.
 */
export class LineObserver {
  readonly #dirs = { out: new DirectionDecoder('out'), in: new DirectionDecoder('in') };
  readonly #exchanges = new Map<string, ExchangeNote>();
  #linkRequested = false;

  /** Decodes a chunk written to (`out`) or read from (`in`) the device. */
  observe(direction: TraceDirection, chunk: Uint8Array): TraceDraft[] {
    const drafts: TraceDraft[] = [];
    try {
      this.#observe(direction, chunk, drafts);
    } catch {
      drafts.push({ layer: 'link', direction, summary: `(${chunk.length} bytes the trace could not decode)`, length: chunk.length });
    }
    return drafts;
  }

  #observe(direction: TraceDirection, chunk: Uint8Array, drafts: TraceDraft[]): void {
    const dir = this.#dirs[direction];
    if (dir.mode === 'at') {
      if (chunk.includes(0)) {
        dir.mode = 'link';
      } else {
        for (const raw of dir.atLines(chunk)) {
          const line = maskAtLine(raw);
          drafts.push({ layer: 'at', direction, summary: line.slice(0, 300), ...(line === raw ? { bytes: latin1(raw) } : {}), length: raw.length });
          if (direction === 'out' && /^AT\+BBLINK\s*$/i.test(raw.trim())) {
            this.#linkRequested = true;
            dir.mode = 'link';
          } else if (direction === 'in' && this.#linkRequested && raw.trim() === 'OK') {
            this.#linkRequested = false;
            dir.mode = 'link';
          } else if (direction === 'in' && this.#linkRequested && /^(ERROR|\+CME ERROR)/.test(raw.trim())) {
            this.#linkRequested = false;
            this.#dirs.out.mode = 'at';
          }
        }
        return;
      }
    }
    for (const item of dir.frames(chunk)) {
      if (!item.ok) {
        drafts.push({ layer: 'link', direction, summary: `rejected frame (${item.reason})`, detail: `CRC/structure check failed: ${item.reason}` });
        continue;
      }
      this.#frame(direction, item.frame, drafts);
    }
  }

  #frame(direction: TraceDirection, frame: Frame, drafts: TraceDraft[]): void {
    const dir = this.#dirs[direction];
    let duplicate = false;
    let messages: Uint8Array[] = [];
    if (frame.type === FrameType.HELLO) {
      this.#dirs.out.newSession();
      this.#dirs.in.newSession();
      this.#exchanges.clear();
    } else if (frame.type === FrameType.DATA) {
      ({ duplicate, messages } = dir.data(frame));
    }
    const body = encodeFrameBody(frame);
    // A DATA payload can carry credentials: only the header is kept, never the payload bytes.
    const kept = frame.type === FrameType.DATA ? body.subarray(0, FRAME_HEADER_BYTES) : body;
    const summary = `${frameSummary(frame)}${duplicate ? ' (retransmission)' : ''}`;
    drafts.push({
      layer: 'link',
      direction,
      summary,
      detail: `${summary}\nflags 0x${frame.flags.toString(16).padStart(2, '0')}, CRC-32 ok, ${body.length} bytes before COBS${frame.type === FrameType.DATA ? ' (payload not kept: it may carry credentials; see the DM record)' : ''}`,
      bytes: kept,
      length: body.length,
    });
    for (const bytes of messages) this.#message(direction, bytes, drafts);
    if (frame.type === FrameType.RESET && frame.payload[0] === ResetReason.close) {
      this.#dirs.out.toAt();
      this.#dirs.in.toAt();
    }
  }

  #message(direction: TraceDirection, bytes: Uint8Array, drafts: TraceDraft[]): void {
    const decoded = decodeMessage(bytes);
    if (!decoded.ok) {
      drafts.push({ layer: 'dm', direction, summary: `undecodable message (${decoded.reason})`, length: bytes.length });
      return;
    }
    const m = decoded.value;
    let note: ExchangeNote | undefined;
    if (m.kind === 'request') {
      if (this.#exchanges.size > 256) this.#exchanges.clear();
      this.#exchanges.set(`${direction}:${m.exchangeId}`, { method: m.request.method, target: m.request.target });
    } else if (m.kind === 'response') {
      const key = `${direction === 'in' ? 'out' : 'in'}:${m.exchangeId}`;
      note = this.#exchanges.get(key);
      this.#exchanges.delete(key);
    }
    const { summary, detail } = summarizeMessage(m, note);
    drafts.push({ layer: 'dm', direction, summary: summary.slice(0, 300), detail, length: bytes.length });
  }
}

function latin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}
