import type { ReaderState } from 'smartcard';
import type { ProvisioningError } from '../../src-shared/errors/index.js';
import { loadPcsc, openContext } from './pcsc-channel.js';
import { translatePcscError } from './pcsc-errors.js';

/** A reader or card change, as plain data (ATR as hex). */
export type ReaderEvent =
  | { readonly kind: 'reader-attached'; readonly reader: string }
  | { readonly kind: 'reader-detached'; readonly reader: string }
  | { readonly kind: 'card-inserted'; readonly reader: string; readonly atr: string }
  | { readonly kind: 'card-removed'; readonly reader: string }
  | { readonly kind: 'error'; readonly error: ProvisioningError };

/** A running monitor; {@link stop} ends it and resolves when its context is released. */
export interface ReaderMonitorHandle {
  stop(): Promise<void>;
}

/** The part of a PC/SC context the monitor uses (the addon's `Context`; tests may give a stand-in). */
export interface MonitorContext {
  listReaders(): readonly { readonly name: string; readonly state: number; readonly atr: Buffer | null }[];
  waitForChange(states: ReaderState[], timeoutMs: number): Promise<ReaderState[] | null>;
  cancel(): void;
  close(): void;
}

/** Options of {@link watchReaders}. */
export interface WatchOptions {
  /**
   * How often the reader list is re-read for attach/detach; also the wait while no reader is
   * attached and between attempts to reach a PC/SC service that went away. @default 1000
   */
  readonly rescanMs?: number;
  /** Opens a PC/SC context. @default the addon's context ({@link openContext}) */
  readonly open?: () => Promise<MonitorContext>;
  /** Waits `ms` or until `signal` aborts, whichever comes first. @default a timer */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

interface Seen {
  readonly present: boolean;
  readonly atr: string;
  /** pcsc-lite's event counter (high 16 bits of the state): catches a remove+insert between wakes. */
  readonly events: number;
}

/** A timer that an abort ends at once (resolves, never rejects). */
export function cancellableSleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

function closeQuietly(context: MonitorContext): void {
  try {
    context.close();
  } catch {
    // A context whose service went away may refuse the release: nothing is left to release.
  }
}

/**
 * Watches PC/SC readers: attach/detach and card insert/remove, as {@link ReaderEvent}s.
 *
 * Card changes wake SCardGetStatusChange at once; the reader list is re-read on every wake and at
 * least every `rescanMs`, which is when attach/detach show. (The addon's native ReaderMonitor and
 * the PnP pseudo-reader fail with SCARD_F_COMM_ERROR against pcsc-lite 1.9.9 in the card lab, so
 * the loop is ours.) Readers and cards present at start are reported as attached/inserted. With no
 * reader attached the loop waits `rescanMs` between listings.
 *
 * A PC/SC service that is not there (at start, or that goes away) is one `error` event per outage:
 * readers seen before are reported removed/detached, and a new context is tried every `rescanMs`
 * until {@link ReaderMonitorHandle.stop}, so a restarted pcscd brings its readers back. Only a
 * missing addon rejects (nothing could ever be watched).
 */
export async function watchReaders(onEvent: (event: ReaderEvent) => void, options: WatchOptions = {}): Promise<ReaderMonitorHandle> {
  const pcsc = await loadPcsc();
  const rescanMs = options.rescanMs ?? 1000;
  const open = options.open ?? openContext;
  const sleep = options.sleep ?? cancellableSleep;
  const stopping = new AbortController();
  const seen = new Map<string, Seen>();
  let current: MonitorContext | undefined;
  /** True while an outage has been reported and not yet ended by a working context. */
  let reported = false;

  const report = (error: unknown): void => {
    if (reported || stopping.signal.aborted) return;
    reported = true;
    onEvent({ kind: 'error', error: translatePcscError(error, 'PC/SC monitor') });
  };

  const diff = (states: readonly { name: string; state: number; atr: Buffer | null }[]): void => {
    const now = new Map(states.map((s) => [s.name, { present: (s.state & pcsc.SCARD_STATE_PRESENT) !== 0, atr: s.atr?.toString('hex') ?? '', events: s.state >>> 16 }]));
    for (const [reader, before] of seen) {
      if (now.has(reader)) continue;
      if (before.present) onEvent({ kind: 'card-removed', reader });
      onEvent({ kind: 'reader-detached', reader });
      seen.delete(reader);
    }
    for (const [reader, after] of now) {
      const before = seen.get(reader);
      if (before === undefined) onEvent({ kind: 'reader-attached', reader });
      const cycled = before !== undefined && before.present && after.present && (before.events !== after.events || before.atr !== after.atr);
      if ((before?.present === true && !after.present) || cycled) onEvent({ kind: 'card-removed', reader });
      if ((before?.present !== true && after.present) || cycled) onEvent({ kind: 'card-inserted', reader, atr: after.atr });
      seen.set(reader, after);
    }
  };

  /** Watches through one context until stopped (resolves) or the context fails (rejects). */
  const watch = async (context: MonitorContext): Promise<void> => {
    let states: ReaderState[] = [];
    while (!stopping.signal.aborted) {
      const names = context.listReaders().map((r) => r.name);
      reported = false;
      if (names.length === 0) {
        diff([]);
        states = [];
        if (!stopping.signal.aborted) await sleep(rescanMs, stopping.signal);
        continue;
      }
      const known = new Map(states.map((s) => [s.name, s.state]));
      states = names.map((name) => ({ name, state: known.get(name) ?? 0, changed: false, atr: null }));
      const changes = await context.waitForChange(states, rescanMs);
      if (changes === null || stopping.signal.aborted) return;
      if (changes.length > 0) {
        diff(changes);
        states = changes.map((c) => ({ name: c.name, state: c.state & ~pcsc.SCARD_STATE_CHANGED, changed: false, atr: null }));
      } else diff(context.listReaders().map((r) => ({ name: r.name, state: r.state, atr: r.atr })));
    }
  };

  const loop = async (): Promise<void> => {
    while (!stopping.signal.aborted) {
      try {
        current = await open();
      } catch (error) {
        report(error);
        if (!stopping.signal.aborted) await sleep(rescanMs, stopping.signal);
        continue;
      }
      const context = current;
      // stop() may have run while the context was being opened: it could not cancel it then.
      if (stopping.signal.aborted) {
        current = undefined;
        closeQuietly(context);
        return;
      }
      try {
        await watch(context);
      } catch (error) {
        // The service went away (or the context broke): its readers are gone with it.
        if (!stopping.signal.aborted) {
          diff([]);
          report(error);
        }
      } finally {
        current = undefined;
        closeQuietly(context);
      }
      if (!stopping.signal.aborted) await sleep(rescanMs, stopping.signal);
    }
  };
  const done = loop();
  return {
    stop: async () => {
      stopping.abort();
      try {
        current?.cancel();
      } catch {
        // The context is already broken: the loop is on its way out.
      }
      await done;
    },
  };
}
