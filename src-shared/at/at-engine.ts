import { ProvisioningError } from '../errors/provisioning-error.js';
import { LineSplitter } from './line-splitter.js';
import { isUnsolicited, parseFinalResult, prefixOf, type AtFinalResult } from './result-codes.js';

/** How a command ended: a final result code with its information lines, or no answer in time. */
export type AtResult =
  | { readonly status: 'final'; readonly final: AtFinalResult; readonly lines: readonly string[] }
  | { readonly status: 'timeout'; readonly lines: readonly string[] }
  | { readonly status: 'cancelled'; readonly error: ProvisioningError };

/** Something the AT engine reports. */
export type AtEvent =
  | { readonly kind: 'result'; readonly id: number; readonly command: string; readonly result: AtResult }
  | { readonly kind: 'urc'; readonly line: string; readonly name: string | undefined };

/** What {@link AtEngine.poll} returns. */
export interface AtPollResult {
  readonly output: Uint8Array[];
  readonly events: AtEvent[];
  readonly nextDeadlineMs: number | undefined;
}

/** Options of {@link AtEngine}. */
export interface AtEngineOptions {
  /** @default 5000 */
  readonly defaultTimeoutMs?: number;
  /** Information lines kept per command before the rest are dropped. @default 256 */
  readonly maxLinesPerCommand?: number;
  /**
   * After a timeout, wait this long (or until the late final result arrives) before writing the
   * next command, dropping the late answer so it is not taken for the next command's. @default 200
   */
  readonly settleAfterTimeoutMs?: number;
}

/** Per-command options of {@link AtEngine.enqueue}. */
export interface AtCommandOptions {
  readonly timeoutMs?: number;
  /**
   * After this command times out, wait up to this long for its late answer (ends early when it
   * arrives) before the next command is written. @default the engine's `settleAfterTimeoutMs`
   */
  readonly settleMs?: number;
}

interface Running {
  readonly id: number;
  readonly command: string;
  readonly name: string | undefined;
  readonly timeoutMs: number;
  /** This command's own settle time after a timeout (else the engine's). */
  readonly settleMs: number | undefined;
  deadlineMs: number | undefined;
  lines: string[];
  echoSkipped: boolean;
}

/** `AT+CGSN` → `+CGSN`; `AT+CREG?` → `+CREG`; `ATI` → undefined. */
function commandName(command: string): string | undefined {
  const m = /^AT([+^][A-Za-z0-9]+)/i.exec(command);
  return m?.[1]?.toUpperCase();
}

/**
 * Sans-I/O AT command engine (3GPP TS 27.007 / ITU-T V.250): one command outstanding at a time.
 *
 * Commands queue with `enqueue`; `poll(now)` writes the next one (`AT…\r`), parses the received
 * lines and ends the running command on a final result code or its deadline. The command's echo
 * is skipped when present (echo on or off both work). Unsolicited result codes are reported as
 * `urc` events wherever they appear, also between a command's information lines. Lines that arrive
 * while no command runs are reported as URCs too.
 */
export class AtEngine {
  private readonly splitter = new LineSplitter();
  private readonly queue: Running[] = [];
  private running: Running | undefined;
  private lines: string[] = [];
  private output: Uint8Array[] = [];
  private events: AtEvent[] = [];
  private nextId = 1;
  private readonly defaultTimeoutMs: number;
  private readonly maxLines: number;
  private readonly settleMs: number;
  /** Set after a timeout: late lines are dropped until then or until a final result. */
  private settleUntilMs: number | undefined;

  constructor(options: AtEngineOptions = {}) {
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 5000;
    this.maxLines = options.maxLinesPerCommand ?? 256;
    this.settleMs = options.settleAfterTimeoutMs ?? 200;
  }

  /** Number of commands queued or running. */
  get pendingCount(): number {
    return this.queue.length + (this.running === undefined ? 0 : 1);
  }

  /**
   * Queues a command (`AT` is prepended when missing); returns its id.
   *
   * Throws ProvisioningError(INVALID_REQUEST) for text with a line end or NUL, which would split
   * into two commands on the wire: that is a caller bug, never device input.
   */
  enqueue(command: string, options: AtCommandOptions = {}): number {
    const text = /^AT/i.test(command) ? command : `AT${command}`;
    if (/[\r\n\0]/.test(text) || /[^\x20-\x7e]/.test(text)) throw new ProvisioningError('INVALID_REQUEST', 'AT command text must be printable ASCII on one line');
    const id = this.nextId++;
    this.queue.push({ id, command: text, name: commandName(text), timeoutMs: options.timeoutMs ?? this.defaultTimeoutMs, settleMs: options.settleMs, deadlineMs: undefined, lines: [], echoSkipped: false });
    return id;
  }

  /** Buffers received bytes; they are parsed at the next `poll`. */
  receive(bytes: Uint8Array): void {
    for (const line of this.splitter.push(bytes)) this.lines.push(line);
  }

  /** Ends every queued and running command with `cancelled` (e.g. the port closed). */
  cancelAll(error: ProvisioningError): void {
    const all = this.running === undefined ? [...this.queue] : [this.running, ...this.queue];
    this.queue.length = 0;
    this.running = undefined;
    for (const c of all) this.events.push({ kind: 'result', id: c.id, command: c.command, result: { status: 'cancelled', error } });
  }

  /** Advances to `nowMs`: handles lines, deadlines, and starts the next command. */
  poll(nowMs: number): AtPollResult {
    const lines = this.lines;
    this.lines = [];
    for (const line of lines) this.onLine(line);
    const running = this.running;
    if (running?.deadlineMs !== undefined && nowMs >= running.deadlineMs) {
      this.finish({ status: 'timeout', lines: running.lines });
      const settleMs = running.settleMs ?? this.settleMs;
      if (settleMs > 0) this.settleUntilMs = nowMs + settleMs;
    }
    if (this.settleUntilMs !== undefined && nowMs >= this.settleUntilMs) this.settleUntilMs = undefined;
    if (this.running === undefined && this.settleUntilMs === undefined) this.startNext(nowMs);
    const nextDeadlineMs = this.running?.deadlineMs ?? (this.queue.length > 0 ? this.settleUntilMs : undefined);
    const result: AtPollResult = { output: this.output, events: this.events, nextDeadlineMs };
    this.output = [];
    this.events = [];
    return result;
  }

  private startNext(nowMs: number): void {
    const next = this.queue.shift();
    if (next === undefined) return;
    next.deadlineMs = nowMs + next.timeoutMs;
    this.running = next;
    this.output.push(Uint8Array.from(`${next.command}\r`, (c) => c.charCodeAt(0)));
  }

  private onLine(raw: string): void {
    const line = raw.trim();
    if (line.length === 0) return;
    const running = this.running;
    if (running === undefined) {
      if (this.settleUntilMs !== undefined && !isUnsolicited(line, undefined)) {
        if (parseFinalResult(line) !== undefined) this.settleUntilMs = undefined; // the late answer is complete
        return;
      }
      this.events.push({ kind: 'urc', line, name: prefixOf(line) ?? line.toUpperCase() });
      return;
    }
    if (!running.echoSkipped && running.lines.length === 0 && line.toUpperCase() === running.command.toUpperCase()) {
      running.echoSkipped = true;
      return;
    }
    const final = parseFinalResult(line);
    // NO CARRIER & co. end only dial/answer commands; otherwise they report a dropped call.
    if (final !== undefined && (final.kind !== 'call-failed' || /^AT[DAO]/i.test(running.command))) {
      this.finish({ status: 'final', final, lines: running.lines });
      return;
    }
    if (final !== undefined || isUnsolicited(line, running.name)) {
      this.events.push({ kind: 'urc', line, name: prefixOf(line) ?? line.toUpperCase() });
      return;
    }
    if (running.lines.length < this.maxLines) running.lines.push(line);
  }

  private finish(result: AtResult): void {
    const running = this.running;
    if (running === undefined) return;
    this.running = undefined;
    this.events.push({ kind: 'result', id: running.id, command: running.command, result });
  }
}
